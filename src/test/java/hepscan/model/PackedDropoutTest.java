package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each member row gets its own rate's dropout, as {@code Dropout} does it, from seeded draws. */
class PackedDropoutTest {
  static final double[] RATES = {0, 0.1, 0.5};
  static final int EVENTS = 2000;
  static final int UNITS = 50;

  /** Hidden layer {@code layer}'s dropout of an all-ones [3, events, UNITS] output, on the host. */
  static float[] masks(PackedDropout dropout, int layer, int events) {
    try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
      NDArray h = m.ones(new Shape(RATES.length, events, UNITS));
      return dropout.apply(layer, h).toFloatArray();
    }
  }

  static float[] masks(PackedDropout dropout, int layer) {
    return masks(dropout, layer, EVENTS);
  }

  @Test
  void eachRowKeepsOneMinusItsRateScaledAsDropout() {
    Mlp.noGradOnThisThread();
    try (NDManager root = NDManager.newBaseManager(ai.djl.Device.cpu());
        PackedDropout dropout = PackedDropout.of(RATES, 2, root)) {
      dropout.reseed(new SplittableRandom(7));
      // a short batch in between (the epoch's last): the rows without dropout stay ones
      assertKeptFractions(masks(dropout, 0), EVENTS);
      assertKeptFractions(masks(dropout, 0, 333), 333);
      assertKeptFractions(masks(dropout, 0), EVENTS);
    }
  }

  private static void assertKeptFractions(float[] out, int events) {
    int perRow = events * UNITS;
    for (int a = 0; a < RATES.length; a++) {
      float scale = (float) (1 / (1 - RATES[a]));
      int kept = 0;
      for (int i = a * perRow; i < (a + 1) * perRow; i++) {
        if (out[i] != 0) {
          assertEquals(scale, out[i], 0, "a kept value is scaled by 1 / (1 - p)");
          kept++;
        }
      }
      double keep = 1 - RATES[a];
      // binomial: 5 standard deviations of the kept fraction
      double sigma = Math.sqrt(keep * (1 - keep) / perRow);
      assertEquals(keep, (double) kept / perRow, 5 * sigma + 1e-12, "row " + a + " kept");
    }
  }

  @Test
  void theSameSeedGivesTheSameMasksAndLayersDiffer() {
    Mlp.noGradOnThisThread();
    try (NDManager root = NDManager.newBaseManager(ai.djl.Device.cpu());
        PackedDropout a = PackedDropout.of(RATES, 2, root);
        PackedDropout b = PackedDropout.of(RATES, 2, root)) {
      a.reseed(new SplittableRandom(3));
      b.reseed(new SplittableRandom(3));
      float[] first = masks(a, 0);
      assertArrayEquals(first, masks(b, 0), "seeded: a pack trains the same way every run");
      assertFalse(java.util.Arrays.equals(first, masks(a, 1)), "the next layer draws new masks");
      assertFalse(java.util.Arrays.equals(first, masks(a, 0)), "the next batch draws new masks");
      assertNull(PackedDropout.of(new double[] {0, 0}, 2, root), "no member drops out: no masks");
    }
  }

  @Test
  void withoutHostMasksTrainingUsesLibtorchsDropoutAsOnAGpu() {
    // Mlp.logits on one identity layer of ones: the hidden layer's dropout shows in its output
    Mlp.noGradOnThisThread();
    Architecture a =
        new Architecture(
            UNITS, java.util.List.of(UNITS), 1, Activation.RELU, OutputActivation.SIGMOID, 0.5);
    try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
      NDArray x = m.ones(new Shape(EVENTS, UNITS));
      NDArray eye = m.eye(UNITS);
      ai.djl.ndarray.NDList views =
          new ai.djl.ndarray.NDList(
              eye, m.zeros(new Shape(UNITS)), m.ones(new Shape(1, UNITS)), m.zeros(new Shape(1)));
      // the output sums the kept hidden values, each 2 (scaled by 1 / (1 - 0.5)) or 0
      float[] z = Mlp.logits(x, views, a, true, null).toFloatArray();
      double mean = 0;
      for (float v : z) {
        assertEquals(0, v % 2, 0, "a sum of kept values 2");
        mean += v / z.length;
      }
      // each sum: 50 values kept with probability 0.5, x 2: mean 50, sd of the mean 50 / sqrt(2000)
      assertEquals(UNITS, mean, 5 * Math.sqrt(UNITS) / Math.sqrt(EVENTS), "kept half, scaled 2");
      float[] plain = Mlp.logits(x, views, a, false, null).toFloatArray();
      assertEquals(UNITS, plain[0], 0, "inference keeps everything");
    }
  }
}
