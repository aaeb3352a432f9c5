package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpochSumsTest {

  /** Logits of {@code n} events in the order {@code order}, labels and weights in split order. */
  private record Epoch(float[] logits, int[] order, int[] labels, float[] weights) {
    static Epoch random(int n, int k, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      int classes = k == 1 ? 2 : k;
      float[] logits = new float[n * k];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = (float) (3 * rng.nextGaussian());
      }
      int[] labels = new int[n];
      float[] weights = new float[n];
      for (int e = 0; e < n; e++) {
        labels[e] = rng.nextInt(classes);
        weights[e] = (float) (0.1 + rng.nextDouble() * 2);
      }
      return new Epoch(logits, TrialSteps.permutation(n, rng), labels, weights);
    }

    int[] labelsInOrder() {
      int[] out = new int[order.length];
      for (int i = 0; i < order.length; i++) {
        out[i] = labels[order[i]];
      }
      return out;
    }

    float[] weightsInOrder() {
      float[] out = new float[order.length];
      for (int i = 0; i < order.length; i++) {
        out[i] = weights[order[i]];
      }
      return out;
    }
  }

  @Test
  void segmentsOfAShuffledEpochGiveTheWholeArraysFiguresToTheBit() {
    for (int k : new int[] {1, 3}) {
      int n = 10_007;
      Epoch epoch = Epoch.random(n, k, 11 + k);
      EpochSums sums = new EpochSums(k, epoch.labels(), epoch.weights());
      // uneven segments, each handed over in a buffer with other events before it
      for (int from = 0, size = 1; from < n; from += size, size = size * 3 + 1) {
        int count = Math.min(size, n - from);
        float[] buffer = new float[(5 + count) * k];
        System.arraycopy(epoch.logits(), from * k, buffer, 5 * k, count * k);
        sums.add(buffer, 5, count, epoch.order(), from);
      }
      int[] labels = epoch.labelsInOrder();
      float[] weights = epoch.weightsInOrder();
      assertEquals(Metrics.meanLoss(epoch.logits(), k, labels, weights), sums.meanLoss(), 0.0);
      assertEquals(
          Metrics.accuracyFromLogits(epoch.logits(), k, labels, weights), sums.accuracy(), 0.0);
    }
  }

  @Test
  void eventsInSplitOrderNeedNoOrder() {
    int k = 1;
    Epoch epoch = Epoch.random(1_000, k, 5);
    EpochSums sums = new EpochSums(k, epoch.labels(), epoch.weights());
    sums.add(epoch.logits(), 0, 400, null, 0);
    float[] rest = java.util.Arrays.copyOfRange(epoch.logits(), 400, 1_000);
    sums.add(rest, 0, 600, null, 400);
    assertEquals(
        Metrics.meanLoss(epoch.logits(), k, epoch.labels(), epoch.weights()), sums.meanLoss(), 0.0);
    assertEquals(
        Metrics.accuracyFromLogits(epoch.logits(), k, epoch.labels(), epoch.weights()),
        sums.accuracy(),
        0.0);
  }

  @Test
  void handComputedBinaryCase() {
    // logits 0 and 2 for classes 0 and 1, weights 1 and 3: losses log 2 and softplus(2), the first
    // on the boundary (a logit > 0 is class 0, so 0 predicts class 1: wrong), the second wrong too
    EpochSums sums = new EpochSums(1, new int[] {0, 1}, new float[] {1, 3});
    sums.add(new float[] {0, 2}, 0, 2, null, 0);
    assertEquals((Math.log(2) + 3 * (2 + Math.log1p(Math.exp(-2)))) / 2, sums.meanLoss(), 1e-12);
    assertEquals(0.0, sums.accuracy(), 0.0);
  }
}
