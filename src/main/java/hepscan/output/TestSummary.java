package hepscan.output;

import hepscan.model.Metrics;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a model does on its test events, weighted by the learning weights: per class the one-vs-rest
 * ROC AUC and the Kolmogorov–Smirnov p-value of its score on the training against the test events
 * of that class (a small p-value means the model learnt the training events by heart:
 * overtraining); the working points of the signal (class 0) against the rest; the confusion matrix.
 *
 * @param confusion {@code confusion[t][p]}: the weighted fraction of class t's test events whose
 *     largest score is class p's (each row sums to 1)
 */
public record TestSummary(
    String model,
    long trainingEvents,
    long testEvents,
    List<ClassFigures> classes,
    List<WorkingPoint> workingPoints,
    double[][] confusion) {

  /**
   * @param auc one-vs-rest weighted ROC AUC of the class's score on the test events
   * @param ksPValue training against test distribution of the class's score on its own events
   * @param ksStatistic the largest distance between those two distributions
   */
  public record ClassFigures(String name, double auc, double ksPValue, double ksStatistic) {}

  /** Below this KS p-value a class's score is flagged as overtrained. */
  public static final double OVERTRAINING_P_VALUE = 0.05;

  public static TestSummary of(
      String model, List<String> classNames, ScoredEvents training, ScoredEvents test) {
    int k = classNames.size();
    List<ClassFigures> figures = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      double auc = oneVsRest(test, c).map(Metrics.Roc::auc).orElse(Double.NaN);
      Metrics.KsTest ks = ksOfOwnEvents(training, test, c);
      figures.add(new ClassFigures(classNames.get(c), auc, ks.pValue(), ks.statistic()));
    }
    List<WorkingPoint> wps =
        oneVsRest(test, 0).map(r -> WorkingPoint.of(r, WorkingPoint.TARGETS)).orElse(List.of());
    return new TestSummary(model, training.size(), test.size(), figures, wps, confusion(test));
  }

  /** The weighted ROC of class {@code c} against the others, when both have weight. */
  static java.util.Optional<Metrics.Roc> oneVsRest(ScoredEvents e, int c) {
    boolean[] positive = new boolean[e.size()];
    double pos = 0;
    double neg = 0;
    for (int i = 0; i < positive.length; i++) {
      positive[i] = e.labels()[i] == c;
      if (positive[i]) {
        pos += e.weights()[i];
      } else {
        neg += e.weights()[i];
      }
    }
    if (!(pos > 0 && neg > 0)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Metrics.roc(e.scoresOf(c), positive, e.weights()));
  }

  private static Metrics.KsTest ksOfOwnEvents(ScoredEvents training, ScoredEvents test, int c) {
    return Metrics.ks(
        ownScores(training, c), ownWeights(training, c), ownScores(test, c), ownWeights(test, c));
  }

  private static double[] ownScores(ScoredEvents e, int c) {
    double[] all = e.scoresOf(c);
    return java.util.stream.IntStream.range(0, e.size())
        .filter(i -> e.labels()[i] == c)
        .mapToDouble(i -> all[i])
        .toArray();
  }

  private static float[] ownWeights(ScoredEvents e, int c) {
    int n = 0;
    for (int l : e.labels()) {
      n += l == c ? 1 : 0;
    }
    float[] w = new float[n];
    int j = 0;
    for (int i = 0; i < e.size(); i++) {
      if (e.labels()[i] == c) {
        w[j++] = e.weights()[i];
      }
    }
    return w;
  }

  static double[][] confusion(ScoredEvents e) {
    int k = e.nClasses();
    double[][] m = new double[k][k];
    double[] rowSum = new double[k];
    int[] predicted = Metrics.predictedClasses(e.scores(), k);
    for (int i = 0; i < e.size(); i++) {
      m[e.labels()[i]][predicted[i]] += e.weights()[i];
      rowSum[e.labels()[i]] += e.weights()[i];
    }
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        m[t][p] = rowSum[t] > 0 ? m[t][p] / rowSum[t] : Double.NaN;
      }
    }
    return m;
  }

  /** Whether some class's score differs between training and test events beyond chance. */
  public boolean overtrained() {
    return classes.stream().anyMatch(c -> c.ksPValue() < OVERTRAINING_P_VALUE);
  }

  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "test: model %s, %d training and %d test events%n",
        model,
        trainingEvents,
        testEvents);
    out.printf(Locale.ROOT, "  %-20s %8s %12s%n", "class", "auc", "ks p-value");
    for (ClassFigures c : classes) {
      out.printf(
          Locale.ROOT,
          "  %-20s %8.4f %12.4g%s%n",
          c.name(),
          c.auc(),
          c.ksPValue(),
          c.ksPValue() < OVERTRAINING_P_VALUE ? "  overtrained? (p < 0.05)" : "");
    }
    for (WorkingPoint w : workingPoints) {
      out.printf(
          Locale.ROOT,
          "  working point: background efficiency %.3g%% (asked %.3g%%): signal efficiency %.4f at"
              + " score >= %.6g%n",
          100 * w.backgroundEfficiency(),
          100 * w.targetBackgroundEfficiency(),
          w.signalEfficiency(),
          w.threshold());
    }
    if (confusion.length > 2) {
      out.println("  confusion matrix (rows: true class, columns: predicted; weighted fractions)");
      for (int t = 0; t < confusion.length; t++) {
        StringBuilder row = new StringBuilder();
        for (double v : confusion[t]) {
          row.append(String.format(Locale.ROOT, " %7.4f", v));
        }
        out.printf(Locale.ROOT, "  %-20s%s%n", classes.get(t).name(), row);
      }
    }
  }
}
