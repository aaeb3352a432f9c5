package hepscan.output;

import java.util.Objects;

/**
 * Events with the model's class probabilities: row-major {@code n x nClasses} scores (a one-output
 * sigmoid model gives p and 1 - p), the true class index and the learning weight of each event.
 */
public record ScoredEvents(int nClasses, float[] scores, int[] labels, float[] weights) {
  public ScoredEvents {
    Objects.requireNonNull(scores);
    if (labels.length != weights.length || (long) labels.length * nClasses != scores.length) {
      throw new IllegalArgumentException(
          "scores ("
              + scores.length
              + "), labels ("
              + labels.length
              + ") and weights ("
              + weights.length
              + ") disagree for "
              + nClasses
              + " classes");
    }
  }

  public int size() {
    return labels.length;
  }

  /** The probabilities of class {@code k}, one per event. */
  public double[] scoresOf(int k) {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = scores[i * nClasses + k];
    }
    return out;
  }

  /**
   * Class probabilities from a model's outputs: one sigmoid output is the probability of class 0,
   * so class 1 gets its complement; softmax outputs are taken as they are.
   */
  static float[] classProbabilities(float[] outputs, int n, int nOutputs, int nClasses) {
    if (nOutputs == nClasses) {
      return outputs;
    }
    if (nOutputs != 1 || nClasses != 2) {
      throw new IllegalArgumentException(nOutputs + " outputs for " + nClasses + " classes");
    }
    float[] p = new float[2 * n];
    for (int i = 0; i < n; i++) {
      p[2 * i] = outputs[i];
      p[2 * i + 1] = 1f - outputs[i];
    }
    return p;
  }
}
