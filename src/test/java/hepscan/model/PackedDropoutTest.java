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
}
