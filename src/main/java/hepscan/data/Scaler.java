package hepscan.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

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
   * run in double with a two-pass algorithm for accuracy, in parallel over fixed blocks of rows.
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
    double[] mean = sumOverBlocks(x, n, f, null);
    for (int j = 0; j < f; j++) {
      mean[j] /= n;
    }
    return fitted(n, mean, sumOverBlocks(x, n, f, mean), scaled);
  }

  /**
   * The scaler of {@code n} events from their means and their columns' sums of squared deviations
   * from them (both overwritten): population std, mean 0 and std 1 for a column not to be scaled,
   * std 1 for a constant one.
   */
  static Scaler fitted(long n, double[] mean, double[] squares, boolean[] scaled) {
    double[] std = squares;
    for (int j = 0; j < std.length; j++) {
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

  /**
   * Per column, the sum of {@code x} (mean null) or of {@code (x - mean)^2} over rows given in
   * order, a piece at a time: the same blocks of rows summed the same way as {@link #fit}, so a
   * scaler fitted from pieces (a preparation that spills its rows) is {@code fit}'s to the bit.
   */
  static final class Sums {
    private final int f;
    private final double[] mean;
    private final double[] total;
    private double[] block;
    private int inBlock;
    private long rows;

    Sums(int f, double[] mean) {
      this.f = f;
      this.mean = mean;
      total = new double[f];
      block = new double[f];
    }

    /** Adds the {@code count} rows of the row-major {@code x}. */
    void add(float[] x, int count) {
      for (int r = 0; r < count; ) {
        int n = Math.min(count - r, BLOCK - inBlock);
        if (mean == null) {
          addRows(x, r, r + n, f, block);
        } else {
          addSquares(x, r, r + n, f, mean, block);
        }
        r += n;
        inBlock += n;
        rows += n;
        if (inBlock == BLOCK) {
          endBlock();
        }
      }
    }

    private void endBlock() {
      for (int j = 0; j < f; j++) {
        total[j] += block[j];
      }
      block = new double[f];
      inBlock = 0;
    }

    long rows() {
      return rows;
    }

    /** The sums over every row added; add no more after. */
    double[] total() {
      if (inBlock > 0) {
        endBlock();
      }
      return total;
    }
  }

  /** Rows per block of the parallel sums: fixed, so the result does not depend on the cores. */
  private static final int BLOCK = 1 << 16;

  /**
   * Per column, the sum of {@code x} (mean null) or of {@code (x - mean)^2}: each block of rows is
   * summed on some core, then the blocks' sums are added in block order.
   */
  private static double[] sumOverBlocks(float[] x, int n, int f, double[] mean) {
    double[][] partial = new double[(n + BLOCK - 1) / BLOCK][];
    IntStream.range(0, partial.length)
        .parallel()
        .forEach(
            b -> {
              double[] sum = new double[f];
              int end = Math.min(n, (b + 1) * BLOCK);
              if (mean == null) {
                addRows(x, b * BLOCK, end, f, sum);
              } else {
                addSquares(x, b * BLOCK, end, f, mean, sum);
              }
              partial[b] = sum;
            });
    double[] total = new double[f];
    for (double[] sum : partial) {
      for (int j = 0; j < f; j++) {
        total[j] += sum[j];
      }
    }
    return total;
  }

  private static void addRows(float[] x, int from, int to, int f, double[] sum) {
    for (int i = from; i < to; i++) {
      int row = i * f;
      for (int j = 0; j < f; j++) {
        sum[j] += x[row + j];
      }
    }
  }

  private static void addSquares(float[] x, int from, int to, int f, double[] mean, double[] sum) {
    for (int i = from; i < to; i++) {
      int row = i * f;
      for (int j = 0; j < f; j++) {
        double d = x[row + j] - mean[j];
        sum[j] += d * d;
      }
    }
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
