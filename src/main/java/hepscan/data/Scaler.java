package hepscan.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A standard scaler, {@code z = (x - mean) / std}, fitted on the training split. Columns with
 * {@code scaled[j] == false} (one-hot columns) pass through unchanged (mean 0, std 1).
 */
public record Scaler(double[] mean, double[] std, boolean[] scaled) {

  public Scaler {
    if (mean.length != std.length || mean.length != scaled.length) {
      throw new IllegalArgumentException("mean, std and scaled must have the same length");
    }
    mean = mean.clone();
    std = std.clone();
    scaled = scaled.clone();
  }

  /**
   * Fits on the features of {@code data} (the training split). Unweighted, as HHMachineLearning's
   * sklearn {@code StandardScaler}: every event counts once whatever its learning weight, so a few
   * heavy events cannot set the scale. std is the population standard deviation (divides by n); a
   * constant column, and every column with {@code scaled[j] == false}, gets mean 0 and std 1. Sums
   * run in double with a two-pass algorithm for accuracy.
   */
  public static Scaler fit(SplitArrays data, boolean[] scaled) {
    int n = data.nEvents();
    int f = data.nFeatures();
    if (scaled.length != f) {
      throw new IllegalArgumentException(
          "scaled has " + scaled.length + " flags for " + f + " features");
    }
    if (n == 0) {
      throw new IllegalArgumentException("cannot fit a scaler on zero events");
    }
    float[] x = data.features();
    double[] mean = new double[f];
    double[] std = new double[f];
    for (int i = 0; i < n; i++) {
      int row = i * f;
      for (int j = 0; j < f; j++) {
        mean[j] += x[row + j];
      }
    }
    for (int j = 0; j < f; j++) {
      mean[j] /= n;
    }
    for (int i = 0; i < n; i++) {
      int row = i * f;
      for (int j = 0; j < f; j++) {
        double d = x[row + j] - mean[j];
        std[j] += d * d;
      }
    }
    for (int j = 0; j < f; j++) {
      std[j] = Math.sqrt(std[j] / n);
      if (!scaled[j]) {
        mean[j] = 0;
        std[j] = 1;
      } else if (!(std[j] > 0)) {
        std[j] = 1;
      }
    }
    return new Scaler(mean, std, scaled);
  }

  public int nFeatures() {
    return mean.length;
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  @Override
  public boolean[] scaled() {
    return scaled.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scaler s
        && Arrays.equals(mean, s.mean)
        && Arrays.equals(std, s.std)
        && Arrays.equals(scaled, s.scaled);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(mean), Arrays.hashCode(std), Arrays.hashCode(scaled));
  }

  @Override
  public String toString() {
    return "Scaler[mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + ", scaled="
        + Arrays.toString(scaled)
        + "]";
  }
}
