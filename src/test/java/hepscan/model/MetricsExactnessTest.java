package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The radix-sorted metrics give bit for bit what the straightforward code gave ({@link
 * MetricsReference}, the merge-sort version) on random data with ties, signed zeros, infinities and
 * weights.
 */
class MetricsExactnessTest {
  private static final int[] SIZES = {1, 2, 3, 17, 1000, 65_537};

  /** The kinds of scores: few distinct values (many ties), floats widened, any doubles. */
  private enum Kind {
    TIES,
    FLOATS,
    DOUBLES,
    SPECIAL
  }

  private static double[] scores(SplittableRandom r, int n, Kind kind) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] =
          switch (kind) {
            case TIES -> r.nextInt(7) / 4.0 - 0.5;
            case FLOATS -> (float) r.nextDouble();
            case DOUBLES -> r.nextGaussian() * Math.pow(10, r.nextInt(-30, 30));
            case SPECIAL -> {
              double[] special = {
                0.0,
                -0.0,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                1,
                -1
              };
              yield special[r.nextInt(special.length)];
            }
          };
    }
    return s;
  }

  private static float[] weights(SplittableRandom r, int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      // mostly positive, some zero, a few negative (as generator weights can be)
      int k = r.nextInt(20);
      w[i] = k == 0 ? 0f : k == 1 ? (float) -r.nextDouble() : (float) (r.nextDouble() * 3);
    }
    return w;
  }

  @Test
  void sortedOrderIsTheStableMergeSortsOrder() {
    SplittableRandom r = new SplittableRandom(11);
    for (Kind kind : Kind.values()) {
      for (int n : SIZES) {
        double[] v = scores(r, n, kind);
        assertArrayEquals(
            MetricsReference.sortedOrder(v), Metrics.sortedOrder(v), kind + ", " + n + " values");
      }
    }
    assertArrayEquals(new int[0], Metrics.sortedOrder(new double[0]));
  }

  @Test
  void sortedValuesKeepTheirBits() {
    double[] v = {0.0, -0.0, 1.5, -2.25, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -0.0};
    Metrics.Ascending a = Metrics.Ascending.of(v);
    assertArrayEquals(new int[] {4, 3, 1, 6, 0, 5, 2}, a.order());
    for (int i = 0; i < v.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(v[a.order()[i]]),
          Double.doubleToRawLongBits(a.values()[i]),
          "position " + i);
    }
  }

  @Test
  void rocAndAucAreBitIdenticalToTheReference() {
    SplittableRandom r = new SplittableRandom(12);
    int compared = 0;
    for (Kind kind : Kind.values()) {
      for (int n : SIZES) {
        for (int repeat = 0; repeat < 3; repeat++) {
          double[] s = scores(r, n, kind);
          float[] w = weights(r, n);
          boolean[] positive = new boolean[n];
          for (int i = 0; i < n; i++) {
            positive[i] = r.nextBoolean();
          }
          Metrics.Roc expected;
          try {
            expected = MetricsReference.roc(s, positive, w);
          } catch (IllegalArgumentException noPositiveOrNoNegative) {
            continue;
          }
          Metrics.Roc actual = Metrics.roc(s, positive, w);
          assertEquals(expected, actual, kind + ", " + n + " events");
          assertEquals(expected.auc(), Metrics.auc(s, positive, w), kind + ", " + n + " events");
          compared++;
        }
      }
    }
    assertTrue(compared > 40, compared + " cases compared");
  }

  @Test
  void ksIsBitIdenticalToTheReference() {
    SplittableRandom r = new SplittableRandom(13);
    for (Kind kind : Kind.values()) {
      for (int n : SIZES) {
        int m = Math.max(1, n / 2 + r.nextInt(5));
        double[] a = scores(r, n, kind);
        double[] b = scores(r, m, kind);
        float[] wa = weights(r, n);
        float[] wb = weights(r, m);
        assertEquals(
            MetricsReference.ks(a, wa, b, wb),
            Metrics.ks(a, wa, b, wb),
            kind + ", " + n + " and " + m + " events");
      }
    }
  }

  @Test
  void twoMillionFloatScoresGiveTheReferenceFigures() {
    // the size the benchmark times: sigmoid outputs as floats, many of them equal
    SplittableRandom r = new SplittableRandom(14);
    int n = 2_000_000;
    double[] s = new double[n];
    boolean[] positive = new boolean[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      positive[i] = r.nextBoolean();
      double logit = r.nextGaussian() + (positive[i] ? 1 : -1);
      s[i] = (float) (1 / (1 + Math.exp(-logit)));
      w[i] = (float) (0.5 + r.nextDouble());
    }
    assertEquals(MetricsReference.roc(s, positive, w), Metrics.roc(s, positive, w));
    int half = n / 2;
    double[] a = java.util.Arrays.copyOf(s, half);
    double[] b = java.util.Arrays.copyOfRange(s, half, n);
    float[] wa = java.util.Arrays.copyOf(w, half);
    float[] wb = java.util.Arrays.copyOfRange(w, half, n);
    assertEquals(MetricsReference.ks(a, wa, b, wb), Metrics.ks(a, wa, b, wb));
  }
}
