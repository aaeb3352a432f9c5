package hepscan.model;

import java.util.Arrays;

/**
 * The metrics as they were computed before the radix sort (commit f1a7310): a stable merge sort of
 * indices per call, the ROC built in arrays of n + 1 points. Kept, verbatim apart from the helpers,
 * as the reference that the fast code must equal bit for bit, and as the benchmark's "before".
 */
final class MetricsReference {
  private MetricsReference() {}

  /** Weighted ROC of {@code scores} for the events with {@code positive[i]} against the others. */
  static Metrics.Roc roc(double[] scores, boolean[] positive, float[] weights) {
    checkLengths(scores.length, positive.length, weights.length);
    int[] ascending = sortedOrder(scores);
    int[] order = new int[ascending.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = ascending[order.length - 1 - i];
    }
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
    double[] fpr = new double[scores.length + 1];
    double[] tpr = new double[scores.length + 1];
    double[] thr = new double[scores.length + 1];
    thr[0] = Double.POSITIVE_INFINITY;
    int points = 1;
    double tp = 0;
    double fp = 0;
    int i = 0;
    while (i < order.length) {
      double s = scores[order[i]];
      // equal scores move together: one point per distinct threshold
      while (i < order.length && scores[order[i]] == s) {
        if (positive[order[i]]) {
          tp += weights[order[i]];
        } else {
          fp += weights[order[i]];
        }
        i++;
      }
      fpr[points] = fp / totalNeg;
      tpr[points] = tp / totalPos;
      thr[points] = s;
      points++;
    }
    return new Metrics.Roc(
        Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), Arrays.copyOf(thr, points));
  }

  /** Weighted two-sample Kolmogorov–Smirnov test of samples {@code a} and {@code b}. */
  static Metrics.KsTest ks(double[] a, float[] wa, double[] b, float[] wb) {
    checkLengths(a.length, wa.length, wa.length);
    checkLengths(b.length, wb.length, wb.length);
    if (a.length == 0 || b.length == 0) {
      return new Metrics.KsTest(Double.NaN, Double.NaN, 0, 0);
    }
    requireNoNaN(a, "KS sample a");
    requireNoNaN(b, "KS sample b");
    int[] ia = sortedOrder(a);
    int[] ib = sortedOrder(b);
    double sa = sum(wa);
    double sb = sum(wb);
    double ca = 0;
    double cb = 0;
    double d = 0;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      double x =
          Math.min(
              i < a.length ? a[ia[i]] : Double.POSITIVE_INFINITY,
              j < b.length ? b[ib[j]] : Double.POSITIVE_INFINITY);
      while (i < a.length && a[ia[i]] == x) {
        ca += wa[ia[i++]];
      }
      while (j < b.length && b[ib[j]] == x) {
        cb += wb[ib[j++]];
      }
      d = Math.max(d, Math.abs(ca / sa - cb / sb));
    }
    double n1 = sa * sa / sumOfSquares(wa);
    double n2 = sb * sb / sumOfSquares(wb);
    double z = d * Math.sqrt(n1 * n2 / (n1 + n2));
    return new Metrics.KsTest(d, Metrics.kolmogorovProb(z), n1, n2);
  }

  /** Indices of {@code v} in ascending order of value: a stable merge sort without boxing. */
  static int[] sortedOrder(double[] v) {
    int n = v.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
          b[k] = i < mid && (j >= hi || Double.compare(v[a[i]], v[a[j]]) <= 0) ? a[i++] : a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  private static void requireNoNaN(double[] values, String what) {
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException(what + " contain NaN (value " + i + ")");
      }
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
