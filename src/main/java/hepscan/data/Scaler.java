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
    return "Scaler[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", scaled=" + Arrays.toString(scaled) + "]";
  }
}
