package hepscan.model;

/**
 * An epoch's weighted loss and accuracy summed a segment of logits at a time, so that no
 * split-sized array of logits, labels or weights is made: the sums run in event order, as {@link
 * Metrics#meanLoss} and {@link Metrics#accuracyFromLogits} run them over whole arrays, and give the
 * same figures to the bit.
 */
final class EpochSums {
  private final int nOutputs;
  private final int[] labels;
  private final float[] weights;
  private long events;
  private double loss;
  private double weight;
  private double wrong;

  /** Sums over events of a split with these {@code labels} and learning {@code weights}. */
  EpochSums(int nOutputs, int[] labels, float[] weights) {
    this.nOutputs = nOutputs;
    this.labels = labels;
    this.weights = weights;
  }

  /**
   * Adds {@code count} events whose logits start at event {@code at} of {@code logits}: the events
   * {@code order[from, from + count)} of the split, or with {@code order == null} the events {@code
   * from, from + count}.
   */
  void add(float[] logits, int at, int count, int[] order, int from) {
    for (int i = 0; i < count; i++) {
      int e = order == null ? from + i : order[from + i];
      int label = labels[e];
      float w = weights[e];
      loss += w * Metrics.eventLoss(logits, at + i, nOutputs, label);
      weight += w;
      if (Metrics.predictedFromLogits(logits, at + i, nOutputs) != label) {
        wrong += w;
      }
    }
    events += count;
  }

  /** Keras' weighted mean cross-entropy, {@code sum(w * loss) / n}. */
  double meanLoss() {
    return loss / events;
  }

  /** Weighted accuracy, {@code 1 - sum(w, wrong) / sum(w)}. */
  double accuracy() {
    return 1 - wrong / weight;
  }
}
