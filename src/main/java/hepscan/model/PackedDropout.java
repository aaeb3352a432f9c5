package hepscan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * A pack's dropout: per member row its own rate {@code p} (keep with probability {@code 1 - p},
 * scaled by {@code 1 / (1 - p)}, as {@code Dropout}; rate 0 keeps everything unscaled), as one
 * multiplication by a mask drawn on the host. libtorch's CPU random draws cost ~8 ns an element on
 * this machine (1M uniform draws: 8 ms, {@code PackedStepProfile}), its own dropout included, which
 * made the masks the largest cost of a packed step; here two mask values come from one 64-bit draw
 * of {@link SplittableRandom}, compared with the rate at 32-bit resolution, at a third of the time.
 *
 * <p>Each hidden layer has its own buffer: the device array made from it may share its memory (DJL
 * wraps a direct buffer), and the backward pass of the step reads the masks again.
 */
final class PackedDropout {
  private final long[] threshold;
  private final float[] scale;
  private final FloatBuffer[] buffers;
  private final ByteBuffer[] bytes;
  private float[] values = new float[0];
  private SplittableRandom rng;

  private PackedDropout(double[] rates, int hiddenLayers) {
    threshold = new long[rates.length];
    scale = new float[rates.length];
    for (int a = 0; a < rates.length; a++) {
      threshold[a] = Math.round(rates[a] * 0x1p32);
      scale[a] = (float) (1 / (1 - rates[a]));
    }
    buffers = new FloatBuffer[hiddenLayers];
    bytes = new ByteBuffer[hiddenLayers];
  }

  /** The dropout of members with these rates, one per row; null when every rate is 0. */
  static PackedDropout of(double[] rates, int hiddenLayers) {
    for (double p : rates) {
      if (p > 0) {
        return new PackedDropout(rates, hiddenLayers);
      }
    }
    return null;
  }

  /** Draws the masks from {@code random} from now on (one generator an epoch, seeded). */
  void reseed(SplittableRandom random) {
    rng = random;
  }

  /** Hidden layer {@code layer}'s output {@code h} [K, m, units] with each row's dropout. */
  NDArray apply(int layer, NDArray h) {
    Shape shape = h.getShape();
    int perRow = Math.toIntExact(shape.size() / threshold.length);
    int n = perRow * threshold.length;
    if (values.length < n) {
      values = new float[n];
    }
    for (int a = 0, at = 0; a < threshold.length; a++, at += perRow) {
      if (threshold[a] == 0) {
        java.util.Arrays.fill(values, at, at + perRow, 1f);
      } else {
        fill(at, perRow, threshold[a], scale[a]);
      }
    }
    if (bytes[layer] == null || bytes[layer].capacity() < n * Float.BYTES) {
      bytes[layer] = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
      buffers[layer] = bytes[layer].asFloatBuffer();
    }
    buffers[layer].clear();
    buffers[layer].put(values, 0, n);
    ByteBuffer b = bytes[layer].duplicate().order(ByteOrder.nativeOrder());
    b.limit(n * Float.BYTES);
    NDArray mask = h.getManager().create(b, shape, DataType.FLOAT32);
    return h.mul(mask);
  }

  /** Values {@code [at, at + count)}: {@code scale} where an unsigned 32-bit draw >= threshold. */
  private void fill(int at, int count, long threshold, float scale) {
    int i = at;
    int end = at + count;
    for (; i + 1 < end; i += 2) {
      long bits = rng.nextLong();
      values[i] = (bits & 0xFFFF_FFFFL) >= threshold ? scale : 0f;
      values[i + 1] = (bits >>> 32) >= threshold ? scale : 0f;
    }
    if (i < end) {
      values[i] = (rng.nextLong() >>> 32) >= threshold ? scale : 0f;
    }
  }
}
