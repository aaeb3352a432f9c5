package hepscan.data.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AucEstimateTest {
  private static final double DELTA = 1e-12;

  private static AucEstimate.Group group(double weight, double... scores) {
    return new AucEstimate.Group(scores, weight);
  }

  @Test
  void handComputedWithTies() {
    // pairs signal > background: s=1: {0}; s=2: {0} + half of the tie with 2; s=3: {0, 2} → 4.5 / 9
    AucEstimate e = AucEstimate.of(List.of(group(1, 3, 1, 2)), List.of(group(1, 4, 0, 2)));
    assertEquals(0.5, e.auc(), DELTA);
  }

  @Test
  void handComputedWithWeightedGroups() {
    // background {0, 2} weight 1 and {4} weight 2, total 4: placements 1/4, 1.5/4, 2/4 → mean 0.375
    AucEstimate e =
        AucEstimate.of(List.of(group(1, 1, 2, 3)), List.of(group(1, 0, 2), group(2, 4)));
    assertEquals(0.375, e.auc(), DELTA);
    // the weight of a single signal group does not matter
    assertEquals(
        0.375,
        AucEstimate.of(List.of(group(7, 1, 2, 3)), List.of(group(1, 0, 2), group(2, 4))).auc(),
        DELTA);
  }

  @Test
  void perfectAndInverted() {
    assertEquals(
        1.0, AucEstimate.of(List.of(group(1, 5, 6)), List.of(group(1, 1, 2))).auc(), DELTA);
    assertEquals(
        0.0, AucEstimate.of(List.of(group(1, 1, 2)), List.of(group(1, 5, 6))).auc(), DELTA);
  }

  /** Two unit Gaussians d apart: AUC = Φ(d/√2); the estimate is within 4 of its standard errors. */
  @ParameterizedTest(name = "d = {0}")
  @ValueSource(doubles = {0.0, 0.5, 1.0, 2.0})
  void twoGaussiansMatchTheClosedForm(double d) {
    int n = 200_000;
    DemoRandom rng = new DemoRandom(12345);
    double[] s = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = d + rng.gaussian();
      b[i] = rng.gaussian();
    }
    AucEstimate e = AucEstimate.of(List.of(group(1, s)), List.of(group(1, b)));
    double exact = phi(d / Math.sqrt(2));
    assertTrue(
        Math.abs(e.auc() - exact) < 4 * e.uncertainty(),
        "estimate " + e.auc() + " ± " + e.uncertainty() + ", exact " + exact);
    // Hanley–McNeil's approximation of the standard error for comparison
    double a = exact;
    double q1 = a / (2 - a);
    double q2 = 2 * a * a / (1 + a);
    double hm =
        Math.sqrt(
            (a * (1 - a) + (n - 1) * (q1 - a * a) + (n - 1) * (q2 - a * a)) / ((double) n * n));
    assertEquals(hm, e.uncertainty(), 0.15 * hm, "DeLong vs Hanley–McNeil standard error");
  }

  /** Standard normal CDF via erfc (Numerical Recipes' erfcc, fractional error < 1.2e-7). */
  static double phi(double x) {
    double z = Math.abs(x / Math.sqrt(2));
    double t = 1 / (1 + 0.5 * z);
    double erfc =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
  }

  @Test
  void phiKnownValues() {
    assertEquals(0.5, phi(0), 1e-7);
    assertEquals(0.8413447460685429, phi(1), 1e-7);
    assertEquals(0.022750131948179195, phi(-2), 1e-7);
  }
}
