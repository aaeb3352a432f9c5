package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/** Tiny hand-computed cases, as in Tribuo's {@code TestLabelEvaluationUtil}. */
class MetricsTest {
  private static final double DELTA = 1e-12;

  private static final int[] PREDICTED = {0, 1, 1, 0};
  private static final int[] LABELS = {0, 1, 0, 1};
  private static final float[] WEIGHTS = {1, 2, 3, 4};

  @Test
  void weightedErrorAndAccuracy() {
    // wrong: events 2 (w 3) and 3 (w 4) of total weight 10
    assertEquals(0.7, Metrics.evalError(PREDICTED, LABELS, WEIGHTS), DELTA);
    assertEquals(0.3, Metrics.accuracy(PREDICTED, LABELS, WEIGHTS), DELTA);
  }

  @Test
  void weightedMacroF1() {
    // class 0: TP 1, FP 4, FN 3 -> 2/9; class 1: TP 2, FP 3, FN 4 -> 4/11
    assertEquals((2.0 / 9 + 4.0 / 11) / 2, Metrics.macroF1(PREDICTED, LABELS, WEIGHTS, 2), DELTA);
    // a class absent from labels and predictions does not count
    assertEquals((2.0 / 9 + 4.0 / 11) / 2, Metrics.macroF1(PREDICTED, LABELS, WEIGHTS, 3), DELTA);
    // perfect prediction
    assertEquals(1.0, Metrics.macroF1(LABELS, LABELS, WEIGHTS, 2), DELTA);
  }

  @Test
  void predictedClasses() {
    assertArrayEquals(
        new int[] {0, 1, 1}, Metrics.predictedClasses(new float[] {0.9f, 0.5f, 0.1f}, 1));
    assertArrayEquals(
        new int[] {2, 0},
        Metrics.predictedClasses(new float[] {0.1f, 0.2f, 0.7f, 0.4f, 0.4f, 0.2f}, 3));
  }

  @Test
  void weightedRocAndAuc() {
    double[] scores = {0.9, 0.8, 0.7, 0.6};
    boolean[] positive = {true, false, true, false};
    // pairs (pos > neg) weighted: 1*2 + 1*4 + 3*4 = 18 of 4*6 = 24
    assertEquals(0.75, Metrics.auc(scores, positive, WEIGHTS), DELTA);
    Metrics.Roc roc = Metrics.roc(scores, positive, WEIGHTS);
    assertArrayEquals(new double[] {0, 0, 1.0 / 3, 1.0 / 3, 1}, roc.fpr(), DELTA);
    assertArrayEquals(new double[] {0, 0.25, 0.25, 1, 1}, roc.tpr(), DELTA);
    assertArrayEquals(
        new double[] {Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.6}, roc.thresholds(), DELTA);
  }

  @Test
  void tiedScoresCountHalf() {
    assertEquals(
        0.5,
        Metrics.auc(new double[] {0.5, 0.5}, new boolean[] {true, false}, new float[] {1, 3}),
        DELTA);
    assertThrows(
        IllegalArgumentException.class,
        () -> Metrics.auc(new double[] {0.5}, new boolean[] {true}, new float[] {1}));
  }

  @Test
  void aucOfProbabilities() {
    // one sigmoid output: column 0 scores class 0
    float[] p = {0.9f, 0.8f, 0.7f, 0.6f};
    int[] labels = {0, 1, 0, 1};
    assertEquals(0.75, Metrics.auc(p, 1, labels, WEIGHTS), DELTA);
    // three classes, one-vs-rest: class 0 and 1 perfect, class 2 scored backwards (AUC 0)
    float[] q = {
      0.8f, 0.1f, 0.1f,
      0.1f, 0.8f, 0.1f,
      0.3f, 0.6f, 0.1f,
      0.1f, 0.3f, 0.6f
    };
    int[] three = {0, 1, 2, 2};
    double class0 =
        Metrics.auc(
            new double[] {0.8, 0.1, 0.3, 0.1},
            new boolean[] {true, false, false, false},
            new float[] {1, 1, 1, 1});
    double class1 =
        Metrics.auc(
            new double[] {0.1, 0.8, 0.6, 0.3},
            new boolean[] {false, true, false, false},
            new float[] {1, 1, 1, 1});
    double class2 =
        Metrics.auc(
            new double[] {0.1, 0.1, 0.1, 0.6},
            new boolean[] {false, false, true, true},
            new float[] {1, 1, 1, 1});
    assertEquals(1.0, class0, DELTA);
    assertEquals(1.0, class1, DELTA);
    assertEquals(
        0.75, class2,
        DELTA); // event 3 above all negatives (2 pairs), event 2 tied with both (2 halves)
    assertEquals(
        (class0 + class1 + class2) / 3, Metrics.auc(q, 3, three, new float[] {1, 1, 1, 1}), DELTA);
  }

  @Test
  void aucAgreesWithTribuoForUnitWeights() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 500;
    double[] scores = new double[n];
    boolean[] positive = new boolean[n];
    float[] ones = new float[n];
    for (int i = 0; i < n; i++) {
      positive[i] = r.nextBoolean();
      scores[i] = r.nextDouble() + (positive[i] ? 0.3 : 0);
      ones[i] = 1;
    }
    assertEquals(
        LabelEvaluationUtil.binaryAUCROC(positive, scores),
        Metrics.auc(scores, positive, ones),
        DELTA);
    LabelEvaluationUtil.ROC tribuo = LabelEvaluationUtil.generateROCCurve(positive, scores);
    Metrics.Roc ours = Metrics.roc(scores, positive, ones);
    assertEquals(tribuo.fpr[tribuo.fpr.length - 1], ours.fpr()[ours.fpr().length - 1], DELTA);
  }

  @Test
  void sortedOrderIsStableAndAscending() {
    assertArrayEquals(new int[] {3, 1, 4, 0, 2}, Metrics.sortedOrder(new double[] {2, 1, 3, 0, 1}));
    SplittableRandom r = new SplittableRandom(3);
    double[] v = new double[1001];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(50);
    }
    int[] order = Metrics.sortedOrder(v);
    for (int i = 1; i < order.length; i++) {
      boolean ascending =
          v[order[i - 1]] < v[order[i]]
              || (v[order[i - 1]] == v[order[i]] && order[i - 1] < order[i]);
      assertEquals(true, ascending, "position " + i);
    }
  }

  @Test
  void weightedKolmogorovSmirnov() {
    // unweighted: ECDF distances at 1, 2, 2.5, 3, 4 are 1/3, 2/3, 1/6, 1/2, 0
    Metrics.KsTest t =
        Metrics.ks(
            new double[] {3, 1, 2},
            new float[] {1, 1, 1},
            new double[] {4, 2.5},
            new float[] {1, 1});
    assertEquals(2.0 / 3, t.statistic(), DELTA);
    assertEquals(3, t.n1(), DELTA);
    assertEquals(2, t.n2(), DELTA);
    assertEquals(Metrics.kolmogorovProb(2.0 / 3 * Math.sqrt(6.0 / 5)), t.pValue(), DELTA);
    // weighted: a = {1:1, 2:1, 3:2}/4, b = {2.5:1, 4:3}/4 -> distances 1/4, 1/2, 1/4, 3/4, 0
    Metrics.KsTest w =
        Metrics.ks(
            new double[] {1, 2, 3},
            new float[] {1, 1, 2},
            new double[] {2.5, 4},
            new float[] {1, 3});
    assertEquals(0.75, w.statistic(), DELTA);
    assertEquals(16.0 / 6, w.n1(), DELTA);
    assertEquals(16.0 / 10, w.n2(), DELTA);
    // identical samples
    assertEquals(
        0,
        Metrics.ks(new double[] {1, 2}, new float[] {1, 1}, new double[] {2, 1}, new float[] {2, 2})
            .statistic(),
        DELTA);
  }

  @Test
  void kolmogorovProbability() {
    // Q(z) = 2 sum (-1)^(k-1) exp(-2 k^2 z^2); at z = 1 the terms beyond k = 3 are below 1e-13
    assertEquals(
        2 * (Math.exp(-2) - Math.exp(-8) + Math.exp(-18)), Metrics.kolmogorovProb(1.0), DELTA);
    assertEquals(1.0, Metrics.kolmogorovProb(0.1), DELTA);
    assertEquals(0.0, Metrics.kolmogorovProb(7), DELTA);
    // small-z branch: 1 - sqrt(2 pi)/z sum exp(-(2k-1)^2 pi^2 / (8 z^2)), at z = 0.5
    double z = 0.5;
    double s = 0;
    for (int k = 1; k <= 3; k++) {
      s += Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * z * z));
    }
    assertEquals(1 - Math.sqrt(2 * Math.PI) / z * s, Metrics.kolmogorovProb(z), 1e-8);
  }

  @Test
  void weightedLossesFromLogits() {
    // binary: class 0 with logit 0 -> ln 2; class 1 with logit 2 -> ln(1 + e^2), weight 3
    assertEquals(
        (Math.log(2) + 3 * Math.log1p(Math.exp(2))) / 2,
        Metrics.meanLoss(new float[] {0, 2}, 1, new int[] {0, 1}, new float[] {1, 3}),
        DELTA);
    // categorical: -log softmax(1, 2, 3)[2], weight 2, one event
    assertEquals(
        2 * (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3),
        Metrics.meanLoss(new float[] {1, 2, 3}, 3, new int[] {2}, new float[] {2}),
        DELTA);
    // stable for large logits
    assertEquals(
        1000, Metrics.meanLoss(new float[] {-1000}, 1, new int[] {0}, new float[] {1}), DELTA);
    assertEquals(
        0.75,
        Metrics.accuracyFromLogits(
            new float[] {1, -1, -2, 3}, 1, new int[] {0, 1, 0, 1}, new float[] {1, 2, 0.5f, 0.5f}),
        DELTA);
  }

  @Test
  void macroF1AgreesWithTribuo() {
    SplittableRandom r = new SplittableRandom(9);
    int n = 300;
    int[] labels = new int[n];
    int[] predicted = new int[n];
    float[] ones = new float[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(3);
      predicted[i] = r.nextDouble() < 0.6 ? labels[i] : r.nextInt(3);
      ones[i] = 1;
      weights[i] = (float) (0.5 + r.nextDouble());
    }
    assertEquals(
        tribuoMacroF1(predicted, labels, ones), Metrics.macroF1(predicted, labels, ones, 3), DELTA);
    // Tribuo's confusion matrix counts events whatever their weights: why hepscan has its own
    assertEquals(
        tribuoMacroF1(predicted, labels, weights),
        Metrics.macroF1(predicted, labels, ones, 3),
        DELTA);
  }

  private static double tribuoMacroF1(int[] predicted, int[] labels, float[] weights) {
    java.util.Map<org.tribuo.classification.Label, Integer> ids = new java.util.HashMap<>();
    for (int k = 0; k < 3; k++) {
      ids.put(new org.tribuo.classification.Label("c" + k), k);
    }
    var domain = new org.tribuo.classification.LabelFactory().constructInfoForExternalModel(ids);
    java.util.List<org.tribuo.Prediction<org.tribuo.classification.Label>> predictions =
        new java.util.ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      var example =
          new org.tribuo.impl.ArrayExample<>(
              new org.tribuo.classification.Label("c" + labels[i]), weights[i]);
      example.add("x", 1.0);
      predictions.add(
          new org.tribuo.Prediction<>(
              new org.tribuo.classification.Label("c" + predicted[i]), 1, example));
    }
    var cm = new org.tribuo.classification.evaluation.LabelConfusionMatrix(domain, predictions);
    return org.tribuo.classification.evaluation.ConfusionMetrics.f1(
        org.tribuo.evaluation.metrics.MetricTarget.macroAverageTarget(), cm);
  }

  @Test
  void nanScoresAreRefusedNotLoopedOver() {
    float[] w = {1, 1, 1};
    var roc =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                Metrics.roc(
                    new double[] {0.1, Double.NaN, 0.3}, new boolean[] {true, false, true}, w));
    assertTrue(roc.getMessage().contains("NaN"), roc.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () ->
            Metrics.ks(
                new double[] {Double.NaN, 1},
                new float[] {1, 1},
                new double[] {0, 1},
                new float[] {1, 1}));
  }

  @Test
  void fastLog1pIsWithinFourUlpsOfMathLog1p() {
    // the range softplus uses, y = exp(-|x|) in (0, 1], from the smallest normal to 1
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      double y = Math.exp(-rng.nextDouble(0, 708));
      double exact = Math.log1p(y);
      assertEquals(exact, Metrics.log1p(y), 4 * Math.ulp(exact), "log1p(" + y + ")");
    }
    assertEquals(0.0, Metrics.log1p(0.0), 0.0);
    assertEquals(Math.log(2), Metrics.log1p(1.0), Math.ulp(Math.log(2)));
    assertEquals(1e-300, Metrics.log1p(1e-300), 0.0, "below 2^-53 log1p(y) is y");
  }
}
