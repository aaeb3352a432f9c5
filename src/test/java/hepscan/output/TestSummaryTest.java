package hepscan.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.model.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Working points, AUC, KS and the confusion matrix on events small enough to compute by hand.
 *
 * <p>Signal scores 0.9 (weight 1), 0.8 (1), 0.4 (2); background 0.85 (1), 0.55 (1), 0.3 (2), 0.1
 * (6): signal weight 4, background 10. From the highest score down the ROC visits (fpr, tpr) = (0,
 * 0.25) at 0.9, (0.1, 0.25) at 0.85, (0.1, 0.5) at 0.8, (0.2, 0.5) at 0.55, (0.2, 1) at 0.4, (0.4,
 * 1) at 0.3 and (1, 1) at 0.1. Its area: 0.1 x 0.25 + 0.1 x 0.5 + 0.2 x 1 + 0.6 x 1 = 0.875.
 */
class TestSummaryTest {
  private static final double[] P = {0.9, 0.8, 0.4, 0.85, 0.55, 0.3, 0.1};
  private static final int[] LABELS = {0, 0, 0, 1, 1, 1, 1};
  private static final float[] WEIGHTS = {1, 1, 2, 1, 1, 2, 6};

  private static ScoredEvents events(double[] p, int[] labels, float[] weights) {
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (float) p[i];
    }
    return new ScoredEvents(
        2, ScoredEvents.classProbabilities(out, p.length, 1, 2), labels, weights);
  }

  @Test
  void workingPointsAreTheLoosestCutsWithinEachBackgroundEfficiency() {
    boolean[] signal = {true, true, true, false, false, false, false};
    Metrics.Roc roc = Metrics.roc(P, signal, WEIGHTS);
    List<WorkingPoint> w = WorkingPoint.of(roc, 0.001, 0.1, 0.15, 0.25, 1.0);
    assertEquals(new WorkingPoint(0.001, 0, 0.25, 0.9), w.get(0));
    assertEquals(new WorkingPoint(0.1, 0.1, 0.5, 0.8), w.get(1));
    assertEquals(new WorkingPoint(0.15, 0.1, 0.5, 0.8), w.get(2));
    assertEquals(new WorkingPoint(0.25, 0.2, 1.0, 0.4), w.get(3));
    assertEquals(new WorkingPoint(1.0, 1.0, 1.0, 0.1), w.get(4));
    // nothing at all within the target: no event passes
    boolean[] mixed = {false, true};
    Metrics.Roc top = Metrics.roc(new double[] {0.9, 0.1}, mixed, new float[] {1, 1});
    assertEquals(
        new WorkingPoint(0.001, 0, 0, Double.POSITIVE_INFINITY),
        WorkingPoint.of(top, 0.001).get(0));
  }

  @Test
  void aucKsAndConfusionByHand() {
    ScoredEvents test = events(P, LABELS, WEIGHTS);
    TestSummary s = TestSummary.of("m", List.of("sig", "bkg"), test, test);
    assertEquals(0.875, s.classes().get(0).auc(), 1e-12);
    // the background's score is 1 - p: the same ordering reversed, the same area
    assertEquals(0.875, s.classes().get(1).auc(), 1e-7);
    // the same events for training and test: nothing differs, p-value 1
    assertEquals(0.0, s.classes().get(0).ksStatistic(), 0.0);
    assertEquals(1.0, s.classes().get(0).ksPValue(), 1e-12);
    // signal: 0.9, 0.8 called signal (weight 2), 0.4 not (2); background: 0.85, 0.55 called
    // signal (2 of 10), 0.3, 0.1 not (8 of 10)
    assertArrayEquals(new double[] {0.5, 0.5}, s.confusion()[0], 1e-12);
    assertArrayEquals(new double[] {0.2, 0.8}, s.confusion()[1], 1e-12);
    assertEquals(3, s.workingPoints().size());
    assertEquals(0.25, s.workingPoints().get(0).signalEfficiency(), 0.0);
    assertTrue(!s.overtrained());
  }

  /**
   * Training scores all above the test scores for the signal: the largest distance between their
   * distributions is 1, and with 40 events on each side (effective sizes 40) the p-value is
   * Q(sqrt(40 x 40 / 80)) = Q(4.47), below 1e-15: overtrained.
   */
  @Test
  void disjointTrainingAndTestScoresAreOvertrained() {
    int n = 40;
    double[] train = new double[2 * n];
    double[] test = new double[2 * n];
    int[] labels = new int[2 * n];
    float[] w = new float[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      labels[i] = i < n ? 0 : 1;
      w[i] = 1;
      train[i] = i < n ? 0.9 + i * 1e-3 : 0.1;
      test[i] = i < n ? 0.6 + i * 1e-3 : 0.1;
    }
    TestSummary s =
        TestSummary.of(
            "m", List.of("sig", "bkg"), events(train, labels, w), events(test, labels, w));
    TestSummary.ClassFigures sig = s.classes().get(0);
    assertEquals(1.0, sig.ksStatistic(), 1e-12);
    assertEquals(Metrics.kolmogorovProb(Math.sqrt(n * n / (2.0 * n))), sig.ksPValue(), 1e-18);
    assertTrue(sig.ksPValue() < 1e-15);
    assertTrue(s.overtrained());
  }
}
