package hepscan.data;

import java.util.Objects;

/**
 * The events of one split (training, evaluation or output) as the network sees them: a row-major
 * feature matrix of UNSCALED inputs (one-hot columns already expanded; the model applies the {@link
 * Scaler}), the class index of each event and its learning weight.
 *
 * <p>Arrays are shared, not copied, for speed: treat them as read-only.
 */
public record SplitArrays(
    int nEvents, int nFeatures, float[] features, int[] labels, float[] weights) {

  public SplitArrays {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(weights, "weights");
    if (nEvents < 0 || nFeatures < 1) {
      throw new IllegalArgumentException("nEvents=" + nEvents + ", nFeatures=" + nFeatures);
    }
    if ((long) nEvents * nFeatures != features.length) {
      throw new IllegalArgumentException(
          "features has " + features.length + " values, expected " + nEvents + " x " + nFeatures);
    }
    if (labels.length != nEvents || weights.length != nEvents) {
      throw new IllegalArgumentException(
          "labels ("
              + labels.length
              + ") and weights ("
              + weights.length
              + ") must have "
              + nEvents
              + " entries");
    }
  }

  /** Feature {@code j} of event {@code i}. */
  public float feature(int i, int j) {
    return features[i * nFeatures + j];
  }
}
