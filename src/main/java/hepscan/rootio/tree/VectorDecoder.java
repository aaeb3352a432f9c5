package hepscan.rootio.tree;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Decodes the entries of a {@code std::vector<T>} (or {@code vector<vector<T>>}) branch from its
 * baskets into one primitive array and per-entry offsets, as for a counter-based jagged leaf.
 *
 * <p>Each entry is the vector as ROOT's collection streamer writes it: a byte count (with bit
 * 0x40000000 set) and a 2-byte class version, the element count as a 32-bit integer, then the
 * elements big-endian (a bool in one byte). For a vector of vectors the outer count is followed by
 * each inner vector as a count and its elements, without header. The basket's entry offsets say
 * where each entry starts; the header, count and entry length are checked against each other, so a
 * damaged basket fails rather than shifting values between entries. Two passes: the first checks
 * and counts, the second copies straight from the basket bytes into the column's array.
 */
final class VectorDecoder {
  private static final int BYTE_COUNT_MASK = 0x40000000;
  private static final int MEMBERWISE = 0x4000;

  /** Byte count (4) and class version (2) before the element count. */
  private static final int HEADER = 6;

  private static final VarHandle SHORTS = bigEndian(short[].class);
  private static final VarHandle INTS = bigEndian(int[].class);
  private static final VarHandle LONGS = bigEndian(long[].class);
  private static final VarHandle FLOATS = bigEndian(float[].class);
  private static final VarHandle DOUBLES = bigEndian(double[].class);

  private VectorDecoder() {}

  private static VarHandle bigEndian(Class<?> arrayType) {
    return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.BIG_ENDIAN);
  }

  /**
   * The entries {@code from .. to-1} of a basket whose first entry is {@code first} in the tree.
   */
  record Part(long first, TBasket basket, int from, int to) {}

  /**
   * The values of one part's entries, decoded while its basket is at hand: per-entry counts and an
   * array that may be longer than the {@code size} values it holds.
   */
  record Piece(int[] counts, Object values, int size) {}

  /** Checks and decodes the entries of one part in one pass over its basket's bytes. */
  static Piece piece(Part part, VectorType vt) {
    LeafType type = vt.element();
    // every value takes at least its size in bytes of the basket, so this bounds their number
    Object dst = TreeReader.newArray(type, part.basket().border() / type.size());
    int[] counts = new int[part.to() - part.from()];
    Walker w = new Walker(part, vt);
    int k = 0;
    for (int i = w.startEntry(); i < part.to(); i++) {
      if (i >= part.from()) {
        int n = w.next(i, dst, k);
        counts[i - part.from()] = n;
        k += n;
      } else {
        w.next(i, null, 0);
      }
    }
    return new Piece(counts, dst, k);
  }

  /** The column of consecutive pieces covering {@code entries} entries. */
  static Column join(LeafInfo info, LeafType type, List<Piece> pieces, int entries) {
    int[] offsets = new int[entries + 1];
    long total = 0;
    int e = 0;
    for (Piece p : pieces) {
      for (int n : p.counts()) {
        total += n;
        if (total > Integer.MAX_VALUE - 8) {
          throw new RootFormatException("more values than fit one column");
        }
        offsets[++e] = (int) total;
      }
    }
    if (e != entries) {
      throw new RootFormatException("baskets hold " + e + " entries, expected " + entries);
    }
    Object dst = TreeReader.newArray(type, (int) total);
    int k = 0;
    for (Piece p : pieces) {
      System.arraycopy(p.values(), 0, dst, k, p.size());
      k += p.size();
    }
    return new ArrayColumn(info, entries, offsets, dst, (int) total);
  }

  static Column decode(LeafInfo info, VectorType vt, List<Part> parts, int entries) {
    return join(info, vt.element(), parts.stream().map(p -> piece(p, vt)).toList(), entries);
  }

  /** Walks the entries of one basket, checking each, optionally copying its values. */
  private static final class Walker {
    private final Part part;
    private final byte[] data;
    private final int[] entryOffsets;
    private final LeafType type;
    private final int depth;
    private int p;

    Walker(Part part, VectorType vt) {
      this.part = part;
      this.data = part.basket().data();
      this.entryOffsets = part.basket().entryOffsets();
      this.type = vt.element();
      this.depth = vt.depth();
    }

    /** Without entry offsets an entry can only be found by walking from the basket's start. */
    int startEntry() {
      return entryOffsets == null ? 0 : part.from();
    }

    /**
     * Checks entry {@code i} (counted in the basket) and returns its number of values, copying them
     * to {@code dst[k..]} unless {@code dst} is null.
     */
    int next(int i, Object dst, int k) {
      int limit = entryOffsets == null ? part.basket().border() : entryOffsets[i + 1];
      if (entryOffsets != null) {
        p = entryOffsets[i];
      }
      int start = p;
      require(start, HEADER + 4, limit, i);
      int word = RootBuffer.getInt(data, p);
      int version = data[p + 4] << 8 | (data[p + 5] & 0xff);
      if ((word & BYTE_COUNT_MASK) == 0) {
        throw entryError(i, "has no byte count before its vector");
      }
      if ((version & MEMBERWISE) != 0) {
        throw entryError(i, "holds a member-wise streamed vector");
      }
      p += HEADER;
      int n = count(i, limit);
      int values = 0;
      if (depth == 1) {
        values = n;
        copy(i, n, limit, dst, k);
      } else {
        for (int j = 0; j < n; j++) {
          int m = count(i, limit);
          copy(i, m, limit, dst, k + values);
          values += m;
          if (values > Integer.MAX_VALUE - 8) {
            throw entryError(i, "holds more values than fit one column");
          }
        }
      }
      long byteCount = word & ~BYTE_COUNT_MASK;
      if (byteCount != p - start - 4) {
        throw entryError(
            i,
            "holds a vector of "
                + (p - start)
                + " bytes but its byte count says "
                + (byteCount + 4));
      }
      if (entryOffsets != null && p != limit) {
        throw entryError(
            i,
            "is "
                + (limit - start)
                + " bytes long but its vector of "
                + n
                + " elements takes "
                + (p - start));
      }
      return values;
    }

    /** Reads an element count and checks that its elements fit before {@code limit}. */
    private int count(int i, int limit) {
      require(p, 4, limit, i);
      int n = RootBuffer.getInt(data, p);
      p += 4;
      if (n < 0 || (long) n * (depth == 1 ? type.size() : 4) > limit - p) {
        throw entryError(i, "claims " + n + " elements, more than its " + (limit - p) + " bytes");
      }
      return n;
    }

    private void copy(int i, int n, int limit, Object dst, int k) {
      long bytes = (long) n * type.size();
      require(p, bytes, limit, i);
      if (dst != null) {
        copyValues(type, data, p, dst, k, n);
      }
      p += (int) bytes;
    }

    private void require(int from, long bytes, int limit, int i) {
      if (from + bytes > limit) {
        throw entryError(i, "is cut: " + bytes + " bytes needed at byte " + from + " of " + limit);
      }
    }

    private RootFormatException entryError(int i, String what) {
      return new RootFormatException("entry " + (part.first() + i) + " " + what);
    }
  }

  /**
   * Copies {@code n} big-endian values of {@code type} from {@code src[p..]} to {@code dst[k..]}.
   */
  static void copyValues(LeafType type, byte[] src, int p, Object dst, int k, int n) {
    switch (type) {
      case BOOL -> {
        boolean[] d = (boolean[]) dst;
        for (int j = 0; j < n; j++) {
          d[k + j] = src[p + j] != 0;
        }
      }
      case CHAR, UCHAR -> System.arraycopy(src, p, dst, k, n);
      case SHORT, USHORT -> {
        short[] d = (short[]) dst;
        for (int j = 0; j < n; j++) {
          d[k + j] = (short) SHORTS.get(src, p + 2 * j);
        }
      }
      case INT, UINT -> {
        int[] d = (int[]) dst;
        for (int j = 0; j < n; j++) {
          d[k + j] = (int) INTS.get(src, p + 4 * j);
        }
      }
      case LONG, ULONG -> {
        long[] d = (long[]) dst;
        for (int j = 0; j < n; j++) {
          d[k + j] = (long) LONGS.get(src, p + 8 * j);
        }
      }
      case FLOAT -> {
        float[] d = (float[]) dst;
        for (int j = 0; j < n; j++) {
          d[k + j] = (float) FLOATS.get(src, p + 4 * j);
        }
      }
      case DOUBLE -> {
        double[] d = (double[]) dst;
        for (int j = 0; j < n; j++) {
          d[k + j] = (double) DOUBLES.get(src, p + 8 * j);
        }
      }
    }
  }
}
