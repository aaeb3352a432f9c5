package hepscan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A pack's dropout: per member row its own rate {@code p} (keep with probability {@code 1 - p},
 * scaled by {@code 1 / (1 - p)}, as {@code Dropout}; rate 0 keeps everything unscaled), as one
 * multiplication by a mask drawn on the host. libtorch's CPU random draws cost ~8 ns an element on
 * this machine (1M uniform draws: 8 ms, {@code PackedStepProfile}), its own dropout included, which
 * made the masks the largest cost of a packed step. Here four mask values come from one 64-bit draw
 * of {@link SplittableRandom}, each compared with the rate at 16-bit resolution (the rate is
 * rounded to a multiple of 2^-16: 0.1 keeps 0.899994 of the values, not 0.9); only the rows of
 * members with dropout are drawn (the other rows of the mask are ones, written once), each from its
 * member's own stream, so the rows are drawn in parallel while libtorch waits and the masks do not
 * depend on which thread drew them. A trial alone ({@link Trainer}) uses it too, as a pack of one.
 *
 * <p>Each hidden layer has its own mask array, kept from batch to batch and overwritten in place
 * from its own host buffer (on the CPU the array wraps the buffer: no copy): a new device array per
 * batch made the step far slower than its operations (fresh memory for every mask). A mask is
 * overwritten only at the next batch's forward pass, after the backward pass that read it.
 */
final class PackedDropout implements AutoCloseable {
  /** Resolution of the rate: a 16-bit draw below {@code threshold} drops the value. */
  private static final int DRAW_BITS = 16;

  private static final int DRAW_MASK = (1 << DRAW_BITS) - 1;

  private static final int ONE_BITS = Float.floatToRawIntBits(1f);

  private final int[] threshold;

  /** Per member, the bits of its float scale {@code 1 / (1 - p)}. */
  private final int[] scaleBits;

  /** The member rows with dropout. */
  private final int[] dropping;

  private final ByteBuffer[] bytes;
  private final IntBuffer[] buffers;

  /** Per layer, the row length the ones of the members without dropout were written for. */
  private final int[] onesPerRow;

  /** Per layer, the mask array of the current batch shape (null before the first batch). */
  private final NDArray[] masks;

  /** Per member row, its stream of draws (this epoch's) and its scratch values. */
  private final SplittableRandom[] streams;

  private final int[][] rows;
  private final long[][] draws;
  private final NDManager manager;

  private PackedDropout(double[] rates, int hiddenLayers, NDManager parent) {
    manager = parent.newSubManager();
    threshold = new int[rates.length];
    scaleBits = new int[rates.length];
    for (int a = 0; a < rates.length; a++) {
      threshold[a] = (int) Math.round(rates[a] * (1 << DRAW_BITS));
      scaleBits[a] = Float.floatToRawIntBits((float) (1 / (1 - rates[a])));
    }
    dropping = IntStream.range(0, rates.length).filter(a -> threshold[a] != 0).toArray();
    bytes = new ByteBuffer[hiddenLayers];
    buffers = new IntBuffer[hiddenLayers];
    onesPerRow = new int[hiddenLayers];
    masks = new NDArray[hiddenLayers];
    streams = new SplittableRandom[rates.length];
    rows = new int[rates.length][0];
    draws = new long[rates.length][0];
  }

  /**
   * The dropout of members with these rates, one per row, its masks on a sub-manager of {@code
   * parent} until {@link #close}; null when every rate is 0.
   */
  static PackedDropout of(double[] rates, int hiddenLayers, NDManager parent) {
    for (double p : rates) {
      if (p > 0) {
        return new PackedDropout(rates, hiddenLayers, parent);
      }
    }
    return null;
  }

  /**
   * Draws the masks from {@code random} from now on (one generator an epoch, seeded): each member
   * row with dropout gets a stream split from it, in row order.
   */
  void reseed(SplittableRandom random) {
    for (int a : dropping) {
      streams[a] = random.split();
    }
  }

  /** Hidden layer {@code layer}'s output {@code h} [K, m, units] with each row's dropout. */
  NDArray apply(int layer, NDArray h) {
    Shape shape = h.getShape();
    int perRow = Math.toIntExact(shape.size() / threshold.length);
    int n = perRow * threshold.length;
    if (bytes[layer] == null || bytes[layer].capacity() < n * Float.BYTES) {
      bytes[layer] = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
      buffers[layer] = bytes[layer].asIntBuffer();
      onesPerRow[layer] = 0;
    }
    IntBuffer mask = buffers[layer];
    if (onesPerRow[layer] != perRow) { // a new buffer, or a batch of another size
      int[] ones = new int[perRow];
      Arrays.fill(ones, ONE_BITS);
      for (int a = 0; a < threshold.length; a++) {
        if (threshold[a] == 0) {
          mask.put(a * perRow, ones, 0, perRow);
        }
      }
      onesPerRow[layer] = perRow;
    }
    IntStream.of(dropping)
        .parallel()
        .forEach(a -> mask.put(a * perRow, fill(a, perRow), 0, perRow));
    ByteBuffer b = bytes[layer].duplicate().order(ByteOrder.nativeOrder());
    b.limit(n * Float.BYTES);
    if (masks[layer] == null || !masks[layer].getShape().equals(shape)) {
      if (masks[layer] != null) {
        masks[layer].close();
      }
      masks[layer] = manager.zeros(shape);
    }
    masks[layer].set(b);
    return h.mul(masks[layer]);
  }

  /**
   * Member row {@code a}'s next {@code count} mask values: the bits of its scale where a 16-bit
   * draw is at least its threshold, else 0 (the float 0). The draws come first, then a branch-free
   * pass ({@code (draw - threshold) >> 31} is all ones exactly when the draw is below the
   * threshold): a compare and branch per value, in one loop with the draws, took 3x as long.
   */
  private int[] fill(int a, int count) {
    int nDraws = (count + 3) / 4;
    if (draws[a].length < nDraws) {
      draws[a] = new long[nDraws];
    }
    if (rows[a].length < count) {
      rows[a] = new int[count];
    }
    long[] random = draws[a];
    SplittableRandom stream = streams[a];
    for (int j = 0; j < nDraws; j++) {
      random[j] = stream.nextLong();
    }
    int[] r = rows[a];
    int t = threshold[a];
    int s = scaleBits[a];
    int i = 0;
    for (int j = 0; i + 3 < count; i += 4, j++) {
      long d = random[j];
      r[i] = s & ~((((int) d & DRAW_MASK) - t) >> 31);
      r[i + 1] = s & ~((((int) (d >>> 16) & DRAW_MASK) - t) >> 31);
      r[i + 2] = s & ~((((int) (d >>> 32) & DRAW_MASK) - t) >> 31);
      r[i + 3] = s & ~(((int) (d >>> 48) - t) >> 31);
    }
    for (long d = random[nDraws - 1]; i < count; i++, d >>>= 16) {
      r[i] = s & ~((((int) d & DRAW_MASK) - t) >> 31);
    }
    return r;
  }

  @Override
  public void close() {
    manager.close();
  }
}
