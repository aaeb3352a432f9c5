package hepscan.model;

import hepscan.data.Scaler;
import hepscan.data.SplitArrays;
import java.util.SplittableRandom;

/** Small synthetic data sets for the model tests. */
final class Toy {
  private Toy() {}

  /**
   * {@code n} events of {@code f} Gaussian features (std 2, offset 5 so that scaling matters);
   * class k shifts feature k by {@code separation}; weights in [0.5, 1.5).
   */
  static SplitArrays gaussian(int n, int f, int classes, double separation, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * f];
    int[] y = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % classes;
      w[i] = (float) (0.5 + r.nextDouble());
      for (int j = 0; j < f; j++) {
        double shift = j == y[i] % f ? separation : 0;
        x[i * f + j] = (float) (5 + 2 * (gauss(r) + shift));
      }
    }
    return new SplitArrays(n, f, x, y, w);
  }

  static Scaler fit(SplitArrays a) {
    int f = a.nFeatures();
    double[] mean = new double[f];
    double[] std = new double[f];
    boolean[] scaled = new boolean[f];
    for (int j = 0; j < f; j++) {
      double s = 0;
      double s2 = 0;
      for (int i = 0; i < a.nEvents(); i++) {
        s += a.feature(i, j);
        s2 += (double) a.feature(i, j) * a.feature(i, j);
      }
      mean[j] = s / a.nEvents();
      std[j] = Math.sqrt(Math.max(s2 / a.nEvents() - mean[j] * mean[j], 0));
      scaled[j] = true;
    }
    return new Scaler(mean, std, scaled);
  }

  static TrainingInput input(int n, int f, int classes, double separation, long seed) {
    SplitArrays train = gaussian(n, f, classes, separation, seed);
    SplitArrays eval = gaussian(n / 2, f, classes, separation, seed + 1);
    return new TrainingInput(train, eval, fit(train), classes);
  }

  static Hyperparameters hp(String... keyValues) {
    java.util.Map<String, Object> m = new java.util.HashMap<>();
    m.put("epochs", 5);
    m.put("batch_size", 64);
    m.put("first_neuron", 16);
    m.put("lr", 0.01);
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return Hyperparameters.fromMap(m);
  }

  private static double gauss(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
