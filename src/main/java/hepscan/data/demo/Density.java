package hepscan.data.demo;

/**
 * A one-dimensional density known in closed form: it can be sampled and its logarithm evaluated
 * exactly, which is what makes the demo's Bayes-optimal classifier computable.
 */
sealed interface Density {
  double sample(DemoRandom rng);

  /**
   * Uses {@code Math}, not {@code StrictMath}: it is only used for the Bayes AUC, where an ulp
   * between platforms cannot matter, and it is evaluated tens of millions of times.
   */
  double logPdf(double x);

  /** Normal N(mean, sigma²). */
  record Gaussian(double mean, double sigma) implements Density {
    private static final double LOG_SQRT_2PI = 0.5 * StrictMath.log(2 * Math.PI);

    @Override
    public double sample(DemoRandom rng) {
      return mean + sigma * rng.gaussian();
    }

    @Override
    public double logPdf(double x) {
      double z = (x - mean) / sigma;
      return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI;
    }
  }

  /**
   * {@code shift + Gamma(shape k, scale theta)} with integer k: a falling spectrum above a
   * threshold.
   */
  record ShiftedGamma(double shift, int k, double theta) implements Density {
    public ShiftedGamma {
      if (k < 1 || k > 30 || !(theta > 0)) {
        throw new IllegalArgumentException(
            "gamma needs 1 <= k <= 30 and theta > 0, got k=" + k + ", theta=" + theta);
      }
    }

    @Override
    public double sample(DemoRandom rng) {
      return shift + theta * rng.gamma(k);
    }

    @Override
    public double logPdf(double x) {
      double y = x - shift;
      if (!(y > 0)) {
        return Double.NEGATIVE_INFINITY;
      }
      return (k - 1) * Math.log(y) - y / theta - logFactorial(k - 1) - k * Math.log(theta);
    }
  }

  /** Beta(a, b) on (0, 1) with integer a, b: b-tag-like scores. */
  record Beta(int a, int b) implements Density {
    public Beta {
      if (a < 1 || b < 1 || a + b > 31) {
        throw new IllegalArgumentException(
            "beta needs a, b >= 1 and a + b <= 31, got a=" + a + ", b=" + b);
      }
    }

    @Override
    public double sample(DemoRandom rng) {
      double x = rng.gamma(a);
      return x / (x + rng.gamma(b));
    }

    @Override
    public double logPdf(double x) {
      if (!(x > 0 && x < 1)) {
        return Double.NEGATIVE_INFINITY;
      }
      // log B(a, b) = log((a-1)! (b-1)! / (a+b-1)!)
      double logBeta = logFactorial(a - 1) + logFactorial(b - 1) - logFactorial(a + b - 1);
      return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta;
    }
  }

  /** Integers {@code first, first+1, ...} with the given probabilities (summing to 1). */
  record Categorical(int first, double[] probabilities) implements Density {
    public Categorical {
      probabilities = probabilities.clone();
      double sum = 0;
      for (double p : probabilities) {
        if (!(p > 0)) {
          throw new IllegalArgumentException("categorical probabilities must be > 0, got " + p);
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > 1e-12) {
        throw new IllegalArgumentException("categorical probabilities sum to " + sum + ", not 1");
      }
    }

    @Override
    public double[] probabilities() {
      return probabilities.clone();
    }

    @Override
    public double sample(DemoRandom rng) {
      double u = rng.uniform();
      int last = probabilities.length - 1;
      for (int i = 0; i < last; i++) {
        u -= probabilities[i];
        if (u < 0) {
          return first + i;
        }
      }
      return first + last;
    }

    @Override
    public double logPdf(double x) {
      int i = (int) x - first;
      return x == Math.rint(x) && i >= 0 && i < probabilities.length
          ? Math.log(probabilities[i])
          : Double.NEGATIVE_INFINITY;
    }
  }

  private static double logFactorial(int n) {
    return LogFactorials.TABLE[n];
  }

  /** log(n!) for the small integer shapes used here. */
  final class LogFactorials {
    private LogFactorials() {}

    static final double[] TABLE = new double[32];

    static {
      for (int n = 2; n < TABLE.length; n++) {
        TABLE[n] = TABLE[n - 1] + StrictMath.log(n);
      }
    }
  }
}
