package hepscan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Optional;

/**
 * A ROC curve as a model archive keeps it: at most {@link #MAX_POINTS} points from (0, 0) to (1,
 * 1), enough to draw it; the archive's AUC is the one of the full curve.
 *
 * @param fpr false-positive rate (background efficiency) per point, ascending
 * @param tpr true-positive rate (signal efficiency) per point
 */
public record RocPoints(double[] fpr, double[] tpr) {
  /** The most points an archive keeps of a ROC curve. */
  public static final int MAX_POINTS = 201;

  public RocPoints {
    if (fpr.length != tpr.length || fpr.length < 2) {
      throw new IllegalArgumentException(
          "a ROC curve needs as many fpr as tpr values, at least 2; got "
              + fpr.length
              + " and "
              + tpr.length);
    }
    fpr = fpr.clone();
    tpr = tpr.clone();
  }

  @Override
  public double[] fpr() {
    return fpr.clone();
  }

  @Override
  public double[] tpr() {
    return tpr.clone();
  }

  /**
   * The curve thinned to at most {@link #MAX_POINTS} points: the first and the last, and in between
   * the points nearest to equal steps of the path's length in (fpr, tpr), so that steep and flat
   * parts both keep their shape.
   */
  public static RocPoints of(Metrics.Roc roc) {
    double[] f = roc.fpr();
    double[] t = roc.tpr();
    if (f.length <= MAX_POINTS) {
      return new RocPoints(f, t);
    }
    double[] along = new double[f.length];
    for (int i = 1; i < f.length; i++) {
      along[i] = along[i - 1] + Math.hypot(f[i] - f[i - 1], t[i] - t[i - 1]);
    }
    double total = along[f.length - 1];
    double[] fo = new double[MAX_POINTS];
    double[] to = new double[MAX_POINTS];
    int j = 0;
    for (int k = 0; k < MAX_POINTS; k++) {
      double target = total * k / (MAX_POINTS - 1);
      while (j < f.length - 1 && along[j] < target) {
        j++;
      }
      fo[k] = f[j];
      to[k] = t[j];
    }
    fo[MAX_POINTS - 1] = f[f.length - 1];
    to[MAX_POINTS - 1] = t[t.length - 1];
    return new RocPoints(fo, to);
  }

  void toJson(ObjectNode node) {
    var fa = node.putArray("fpr");
    var ta = node.putArray("tpr");
    for (int i = 0; i < fpr.length; i++) {
      fa.add((float) fpr[i]);
      ta.add((float) tpr[i]);
    }
  }

  /** The curve stored under {@code node}, or empty when there is none (a version-1 archive). */
  static Optional<RocPoints> fromJson(JsonNode node) {
    if (!node.isObject() || !node.path("fpr").isArray()) {
      return Optional.empty();
    }
    double[] f = new double[node.path("fpr").size()];
    double[] t = new double[node.path("tpr").size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = node.path("fpr").get(i).asDouble();
    }
    for (int i = 0; i < t.length; i++) {
      t[i] = node.path("tpr").get(i).asDouble();
    }
    try {
      return Optional.of(new RocPoints(f, t));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RocPoints r && Arrays.equals(fpr, r.fpr) && Arrays.equals(tpr, r.tpr);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr);
  }

  @Override
  public String toString() {
    return "RocPoints[" + fpr.length + " points]";
  }
}
