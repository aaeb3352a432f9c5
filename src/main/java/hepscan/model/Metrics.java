package hepscan.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Classification metrics with per-event weights, in double precision. Tribuo's ROC/AUC and F1 take
 * no weights; the tests check these against Tribuo with unit weights and against hand computation.
 *
 * <p>Scores follow the package convention: column 0 of the outputs is the signal (class index 0).
 * With one sigmoid output an event is classified signal when its score is {@code > 0.5} (Keras'
 * binary accuracy); with softmax outputs the predicted class is the first arg-max.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * A ROC curve: points ordered from (0, 0) to (1, 1); {@code thresholds[i]} is the score cut of
   * point i.
   */
  public record Roc(double[] fpr, double[] tpr, double[] thresholds) {
    public Roc {
      fpr = fpr.clone();
      tpr = tpr.clone();
      thresholds = thresholds.clone();
    }

    @Override
    public double[] fpr() {
      return fpr.clone();
    }

    @Override
    public double[] tpr() {
      return tpr.clone();
    }

    @Override
    public double[] thresholds() {
      return thresholds.clone();
    }

    /** Area under the curve, by the trapezoidal rule. */
    public double auc() {
      double area = 0;
      for (int i = 1; i < fpr.length; i++) {
        area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
      }
      return area;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Roc r
          && Arrays.equals(fpr, r.fpr)
          && Arrays.equals(tpr, r.tpr)
          && Arrays.equals(thresholds, r.thresholds);
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(fpr), Arrays.hashCode(tpr), Arrays.hashCode(thresholds));
    }

    @Override
    public String toString() {
      return "Roc[" + fpr.length + " points, auc=" + auc() + "]";
    }
  }

  /**
   * A two-sample Kolmogorov–Smirnov test.
   *
   * @param statistic largest distance between the two weighted empirical distribution functions
   * @param pValue asymptotic Kolmogorov probability at {@code statistic * sqrt(n1 n2 / (n1 + n2))}
   * @param n1 effective size of sample 1, {@code (sum w)^2 / sum w^2}
   * @param n2 effective size of sample 2
   */
  public record KsTest(double statistic, double pValue, double n1, double n2) {}

  /** Predicted class index of each event from probabilities ({@code n x nOutputs}, row-major). */
  public static int[] predictedClasses(float[] probabilities, int nOutputs) {
    int n = probabilities.length / nOutputs;
    int[] pred = new int[n];
    for (int i = 0; i < n; i++) {
      if (nOutputs == 1) {
        pred[i] = probabilities[i] > 0.5f ? 0 : 1;
      } else {
        int best = 0;
        for (int k = 1; k < nOutputs; k++) {
          if (probabilities[i * nOutputs + k] > probabilities[i * nOutputs + best]) {
            best = k;
          }
        }
        pred[i] = best;
      }
    }
    return pred;
  }

  /** Weighted misclassification rate: {@code sum(w, wrong) / sum(w)}. */
  public static double evalError(int[] predicted, int[] labels, float[] weights) {
    checkLengths(predicted.length, labels.length, weights.length);
    double wrong = 0;
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      total += weights[i];
      if (predicted[i] != labels[i]) {
        wrong += weights[i];
      }
    }
    return wrong / total;
  }

  /** Weighted accuracy, {@code 1 - evalError}. */
  public static double accuracy(int[] predicted, int[] labels, float[] weights) {
    return 1 - evalError(predicted, labels, weights);
  }

  /**
   * Macro-averaged F1 with weighted counts: per class {@code 2TP / (2TP + FP + FN)}, averaged over
   * the classes of {@code [0, nClasses)} that occur in the labels or the predictions.
   */
  public static double macroF1(int[] predicted, int[] labels, float[] weights, int nClasses) {
    checkLengths(predicted.length, labels.length, weights.length);
    double[] tp = new double[nClasses];
    double[] fp = new double[nClasses];
    double[] fn = new double[nClasses];
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        tp[labels[i]] += weights[i];
      } else {
        fp[predicted[i]] += weights[i];
        fn[labels[i]] += weights[i];
      }
    }
    double sum = 0;
    int counted = 0;
    boolean[] seen = new boolean[nClasses];
    for (int i = 0; i < labels.length; i++) {
      seen[labels[i]] = true;
      seen[predicted[i]] = true;
    }
    for (int k = 0; k < nClasses; k++) {
      if (seen[k]) {
        double denominator = 2 * tp[k] + fp[k] + fn[k];
        sum += denominator == 0 ? 0 : 2 * tp[k] / denominator;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  /**
   * Weighted ROC of {@code scores} for the events with {@code positive[i]} against the others. One
   * sort (linear-time radix) of the scores; equal scores make one point.
   */
  public static Roc roc(double[] scores, boolean[] positive, float[] weights) {
    checkLengths(scores.length, positive.length, weights.length);
    double totalPos = 0;
    double totalNeg = 0;
    for (int i = 0; i < scores.length; i++) {
      if (positive[i]) {
        totalPos += weights[i];
      } else {
        totalNeg += weights[i];
      }
    }
    if (totalPos <= 0 || totalNeg <= 0) {
      throw new IllegalArgumentException(
          "ROC needs positive and negative events with positive total weight; got "
              + totalPos
              + " and "
              + totalNeg);
    }
    requireNoNaN(scores, "ROC scores");
    Ascending sorted = Ascending.of(scores);
    int[] order = sorted.order();
    double[] value = sorted.values();
    int n = order.length;
    int points = 1;
    for (int i = n - 1; i >= 0; i--) {
      if (i == n - 1 || value[i] != value[i + 1]) {
        points++;
      }
    }
    double[] fpr = new double[points];
    double[] tpr = new double[points];
    double[] thr = new double[points];
    thr[0] = Double.POSITIVE_INFINITY;
    int point = 1;
    double tp = 0;
    double fp = 0;
    // from the highest score down; within equal scores, highest index first (as ever: the sums'
    // rounding, and so every point, stay bit for bit what they were)
    int i = n - 1;
    while (i >= 0) {
      double s = value[i];
      // equal scores move together: one point per distinct threshold
      while (i >= 0 && value[i] == s) {
        int e = order[i];
        if (positive[e]) {
          tp += weights[e];
        } else {
          fp += weights[e];
        }
        i--;
      }
      fpr[point] = fp / totalNeg;
      tpr[point] = tp / totalPos;
      thr[point] = s;
      point++;
    }
    return new Roc(fpr, tpr, thr);
  }

  /** Weighted area under the ROC curve. */
  public static double auc(double[] scores, boolean[] positive, float[] weights) {
    return roc(scores, positive, weights).auc();
  }

  /**
   * AUC of probabilities ({@code n x nOutputs}): with one output, of column 0 for class 0 against
   * the rest; with several, the mean over classes of one-vs-rest AUCs (classes without events are
   * skipped).
   */
  public static double auc(float[] probabilities, int nOutputs, int[] labels, float[] weights) {
    int n = labels.length;
    checkLengths(probabilities.length / nOutputs, n, weights.length);
    int classes = nOutputs == 1 ? 1 : nOutputs;
    double sum = 0;
    int counted = 0;
    for (int k = 0; k < classes; k++) {
      double[] score = column(probabilities, nOutputs, k);
      boolean[] positive = new boolean[n];
      boolean any = false;
      boolean all = true;
      for (int i = 0; i < n; i++) {
        positive[i] = labels[i] == k;
        any |= positive[i];
        all &= positive[i];
      }
      if (any && !all) {
        sum += auc(score, positive, weights);
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  /** Column {@code k} of a row-major {@code n x nOutputs} matrix, in double. */
  public static double[] column(float[] matrix, int nOutputs, int k) {
    double[] c = new double[matrix.length / nOutputs];
    for (int i = 0; i < c.length; i++) {
      c[i] = matrix[i * nOutputs + k];
    }
    return c;
  }

  /** Weighted two-sample Kolmogorov–Smirnov test of samples {@code a} and {@code b}. */
  public static KsTest ks(double[] a, float[] wa, double[] b, float[] wb) {
    checkLengths(a.length, wa.length, wa.length);
    checkLengths(b.length, wb.length, wb.length);
    if (a.length == 0 || b.length == 0) {
      return new KsTest(Double.NaN, Double.NaN, 0, 0);
    }
    requireNoNaN(a, "KS sample a");
    requireNoNaN(b, "KS sample b");
    Ascending sa = Ascending.of(a);
    Ascending sb = Ascending.of(b);
    double[] va = sa.values();
    double[] vb = sb.values();
    int[] ia = sa.order();
    int[] ib = sb.order();
    double totalA = sum(wa);
    double totalB = sum(wb);
    double ca = 0;
    double cb = 0;
    double d = 0;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      double x =
          Math.min(
              i < a.length ? va[i] : Double.POSITIVE_INFINITY,
              j < b.length ? vb[j] : Double.POSITIVE_INFINITY);
      while (i < a.length && va[i] == x) {
        ca += wa[ia[i++]];
      }
      while (j < b.length && vb[j] == x) {
        cb += wb[ib[j++]];
      }
      d = Math.max(d, Math.abs(ca / totalA - cb / totalB));
    }
    double n1 = totalA * totalA / sumOfSquares(wa);
    double n2 = totalB * totalB / sumOfSquares(wb);
    double z = d * Math.sqrt(n1 * n2 / (n1 + n2));
    return new KsTest(d, kolmogorovProb(z), n1, n2);
  }

  /** NaN has no place in an ordering: ties by == would never end (a diverged network gives NaN). */
  private static void requireNoNaN(double[] values, String what) {
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException(what + " contain NaN (value " + i + ")");
      }
    }
  }

  /**
   * The Kolmogorov distribution's survival function Q(z) = 2 sum_{j>=1} (-1)^{j-1} exp(-2 j^2 z^2),
   * computed as ROOT's {@code TMath::KolmogorovProb} does (so p-values compare with ROOT's).
   */
  public static double kolmogorovProb(double z) {
    final double w = 2.50662827;
    final double c1 = -1.2337005501361697; // -pi^2/8
    final double c2 = -11.103304951225528; // 9 c1
    final double c3 = -30.842513753404244; // 25 c1
    double u = Math.abs(z);
    if (u < 0.2) {
      return 1;
    }
    if (u < 0.755) {
      double v = 1 / (u * u);
      return 1 - w * (Math.exp(c1 * v) + Math.exp(c2 * v) + Math.exp(c3 * v)) / u;
    }
    if (u < 6.8116) {
      double[] fj = {-2, -8, -18, -32};
      double[] r = new double[4];
      double v = u * u;
      int maxj = Math.max(1, (int) Math.round(3 / u));
      for (int j = 0; j < maxj; j++) {
        r[j] = Math.exp(fj[j] * v);
      }
      return 2 * (r[0] - r[1] + r[2] - r[3]);
    }
    return 0;
  }

  /**
   * Keras' weighted mean cross-entropy {@code sum(w * loss) / n} from logits ({@code n x
   * nOutputs}): one output is a sigmoid logit for class 0, several are softmax logits.
   */
  public static double meanLoss(float[] logits, int nOutputs, int[] labels, float[] weights) {
    int n = labels.length;
    checkLengths(logits.length / nOutputs, n, weights.length);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += weights[i] * eventLoss(logits, i, nOutputs, labels[i]);
    }
    return sum / n;
  }

  /**
   * The cross-entropy of event {@code i} of {@code logits} ({@code n x nOutputs}), of class {@code
   * label}.
   */
  static double eventLoss(float[] logits, int i, int nOutputs, int label) {
    if (nOutputs == 1) {
      double z = logits[i];
      return softplus(label == 0 ? -z : z);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < nOutputs; k++) {
      max = Math.max(max, logits[i * nOutputs + k]);
    }
    double s = 0;
    for (int k = 0; k < nOutputs; k++) {
      s += Math.exp(logits[i * nOutputs + k] - max);
    }
    return max + Math.log(s) - logits[i * nOutputs + label];
  }

  /**
   * The class event {@code i} of {@code logits} predicts: a sigmoid logit {@code > 0} is class 0;
   * else the first arg-max (as {@link #predictedClasses} on probabilities).
   */
  static int predictedFromLogits(float[] logits, int i, int nOutputs) {
    if (nOutputs == 1) {
      return logits[i] > 0 ? 0 : 1;
    }
    int best = 0;
    for (int k = 1; k < nOutputs; k++) {
      if (logits[i * nOutputs + k] > logits[i * nOutputs + best]) {
        best = k;
      }
    }
    return best;
  }

  /**
   * Weighted accuracy from logits: sigmoid logit {@code > 0} is class 0; else the first arg-max.
   */
  public static double accuracyFromLogits(
      float[] logits, int nOutputs, int[] labels, float[] weights) {
    int[] pred = new int[labels.length];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = predictedFromLogits(logits, i, nOutputs);
    }
    return accuracy(pred, labels, weights);
  }

  /** {@code log(1 + e^x)} without overflow. */
  static double softplus(double x) {
    return x > 0 ? x + log1p(Math.exp(-x)) : log1p(Math.exp(x));
  }

  /**
   * {@code log(1 + y)} for {@code y >= 0}, within a few ulps of {@link Math#log1p} (Goldberg's
   * correction: the rounding of {@code 1 + y} cancels in {@code y / (u - 1)}) and several times
   * faster: {@code Math.log} is a JIT intrinsic, {@code log1p} is not. Every epoch's loss sums call
   * it once per event and trial, ~16M times in a 16-trial benchmark grid.
   */
  static double log1p(double y) {
    double u = 1 + y;
    return u == 1 ? y : Math.log(u) * (y / (u - 1));
  }

  /** Indices of {@code v} in ascending order of value, equal values in index order. */
  static int[] sortedOrder(double[] v) {
    return Ascending.of(v).order();
  }

  /**
   * Values in ascending order ({@link Double#compare}: -0.0 before 0.0) and the index each came
   * from, equal values in index order (a stable sort).
   *
   * <p>A least-significant-digit radix sort of the values' bits made unsigned-sortable, 11 bits a
   * pass: linear time, no comparisons, no boxing. A pass in which every value has the same digit
   * changes nothing and is skipped; scores that are floats widened to double have their low 29 bits
   * zero and a narrow exponent range, so they take 2 to 3 passes instead of 6.
   */
  record Ascending(double[] values, int[] order) {
    private static final int DIGIT_BITS = 11;
    private static final int RADIX = 1 << DIGIT_BITS;
    private static final int DIGITS = (Long.SIZE + DIGIT_BITS - 1) / DIGIT_BITS;

    static Ascending of(double[] v) {
      int n = v.length;
      long[] keys = new long[n];
      int[] order = new int[n];
      int[][] counts = new int[DIGITS][RADIX];
      for (int i = 0; i < n; i++) {
        long key = sortableBits(v[i]);
        keys[i] = key;
        order[i] = i;
        for (int d = 0; d < DIGITS; d++) {
          counts[d][digit(key, d)]++;
        }
      }
      long[] keysOut = new long[n];
      int[] orderOut = new int[n];
      for (int d = 0; d < DIGITS && n > 0; d++) {
        int[] count = counts[d];
        if (count[digit(keys[0], d)] == n) {
          continue;
        }
        int[] start = new int[RADIX];
        for (int b = 1; b < RADIX; b++) {
          start[b] = start[b - 1] + count[b - 1];
        }
        for (int i = 0; i < n; i++) {
          int to = start[digit(keys[i], d)]++;
          keysOut[to] = keys[i];
          orderOut[to] = order[i];
        }
        long[] k = keys;
        keys = keysOut;
        keysOut = k;
        int[] o = order;
        order = orderOut;
        orderOut = o;
      }
      // the spare buffers can go before the values are made: a sort's peak is 24 bytes a value, not
      // 32 (the metrics' part of a large trial's memory)
      keysOut = null;
      orderOut = null;
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = fromSortableBits(keys[i]);
      }
      return new Ascending(values, order);
    }

    private static int digit(long key, int d) {
      return (int) (key >>> (d * DIGIT_BITS)) & (RADIX - 1);
    }

    /** The bits of {@code x} such that unsigned order of the result is the order of {@code x}. */
    static long sortableBits(double x) {
      long bits = Double.doubleToRawLongBits(x);
      return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    static double fromSortableBits(long key) {
      return Double.longBitsToDouble(key ^ ((~key >> 63) | Long.MIN_VALUE));
    }
  }

  private static double sum(float[] w) {
    double s = 0;
    for (float x : w) {
      s += x;
    }
    return s;
  }

  private static double sumOfSquares(float[] w) {
    double s = 0;
    for (float x : w) {
      s += (double) x * x;
    }
    return s;
  }

  private static void checkLengths(int a, int b, int c) {
    if (a != b || a != c) {
      throw new IllegalArgumentException("array lengths differ: " + a + ", " + b + ", " + c);
    }
  }
}
