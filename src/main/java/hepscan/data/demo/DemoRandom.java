package hepscan.data.demo;

/**
 * SplitMix64 with the draws the demo needs. Written out, and with {@link StrictMath}, so the demo
 * files are the same on every JDK and CPU: {@code java.util} generators and {@code Math} may change
 * or differ by an ulp between platforms.
 */
final class DemoRandom {
  private long state;
  private double spareGaussian = Double.NaN;

  DemoRandom(long seed) {
    this.state = seed;
  }

  /** An independent stream for a named purpose, so adding a stream never shifts the others. */
  static DemoRandom stream(long seed, String purpose) {
    long h = 1125899906842597L;
    for (int i = 0; i < purpose.length(); i++) {
      h = 31 * h + purpose.charAt(i);
    }
    return new DemoRandom(mix(seed ^ mix(h)));
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1), 53 random bits. */
  double uniform() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in (0, 1]: safe to take the logarithm of. */
  double uniformPositive() {
    return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  /** Standard normal: Marsaglia's polar method (no trigonometry), the pair's second value kept. */
  double gaussian() {
    if (!Double.isNaN(spareGaussian)) {
      double g = spareGaussian;
      spareGaussian = Double.NaN;
      return g;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spareGaussian = v * f;
    return u * f;
  }

  /**
   * Gamma with integer shape {@code k} and unit scale: minus the log of a product of k uniforms.
   */
  double gamma(int k) {
    double product = 1;
    for (int i = 0; i < k; i++) {
      product *= uniformPositive();
    }
    return -StrictMath.log(product);
  }
}
