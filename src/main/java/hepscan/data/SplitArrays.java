package hepscan.data;

import java.util.Objects;

/**
 * The events of one split (training, evaluation or output) as the network sees them: a row-major
 * feature matrix of UNSCALED inputs (one-hot columns already expanded; the model applies the {@link
 * Scaler}), in the heap or left in the cache file ({@link FeatureRows}), the class index of each
 * event and its learning weight (always in the heap: the metrics need them, and they are small).
 *
 * <p>Arrays are shared, not copied, for speed: treat them as read-only.
 */
public record SplitArrays(
    int nEvents, int nFeatures, FeatureRows rows, int[] labels, float[] weights) {

  /** Features in the heap. */
  public SplitArrays(int nEvents, int nFeatures, float[] features, int[] labels, float[] weights) {
    this(nEvents, nFeatures, new FeatureRows.InHeap(features, nFeatures), labels, weights);
  }

  public SplitArrays {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(weights, "weights");
    if (nEvents < 0 || nFeatures < 1) {
      throw new IllegalArgumentException("nEvents=" + nEvents + ", nFeatures=" + nFeatures);
    }
    if (rows.nEvents() != nEvents || rows.nFeatures() != nFeatures) {
      throw new IllegalArgumentException(
          "features has "
              + rows.nEvents()
              + " x "
              + rows.nFeatures()
              + " values, expected "
              + nEvents
              + " x "
              + nFeatures);
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

  /**
   * The feature matrix in the heap: the array itself, or a full copy when it is in the cache file
   * (training reads it in blocks through {@link #rows()} instead).
   */
  public float[] features() {
    return rows.toArray();
  }

  /**
   * The first {@code n} events (the features a view of the same file, or a copy in the heap; labels
   * and weights copied).
   */
  public SplitArrays head(int n) {
    return new SplitArrays(
        n,
        nFeatures,
        rows.head(n),
        java.util.Arrays.copyOf(labels, n),
        java.util.Arrays.copyOf(weights, n));
  }

  /** Feature {@code j} of event {@code i}. */
  public float feature(int i, int j) {
    if (rows instanceof FeatureRows.InHeap heap) {
      return heap.values()[i * nFeatures + j];
    }
    float[] row = new float[nFeatures];
    try (FeatureRows.Reader r = rows.open()) {
      r.read(i, 1, row);
    }
    return row[j];
  }
}
