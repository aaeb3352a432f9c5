package hepscan.rootio.write;

import hepscan.rootio.bytes.RootWriteBuffer;
import hepscan.rootio.compress.BlockCompressor;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The filling state of one branch: the open basket's values (big-endian, as they go to disk), the
 * full baskets compressed but not yet in the file, and, for every basket already written, its seek,
 * stored size and first entry. A scalar branch cuts a basket every {@code basketSize / type size}
 * entries; an array branch ({@link BranchSpec#isJagged}) keeps whole entries in a basket, closes it
 * once it holds {@code basketSize} bytes of values or more, and stores after the values where each
 * entry starts, counted from the start of the basket's key (so the key length must be known when
 * the basket is sealed: basket keys always take the 64-bit form, whatever their position). Filling
 * and compressing ({@link #append}) may run on any thread, one at a time; {@link #writePending}
 * puts the compressed baskets into the file in order, so the file's bytes do not depend on how the
 * work was spread over threads.
 */
final class BranchWriter {
  private final BranchSpec spec;
  private final int entriesPerBasket;
  private final int basketSize;
  private final int keylen;
  private final RootWriteBuffer basket;
  private int basketEntries;
  private long entries;

  /** Array branches: where each entry of the open basket starts in it. */
  private int[] entryStarts;

  /** Counter branches: the largest length they gave (ROOT sizes its read buffers by it). */
  private int maxCount;

  private int baskets;
  private long[] seeks = new long[16];
  private int[] storedBytes = new int[16];
  private long[] firstEntries = new long[16];
  private long totBytes;
  private long zipBytes;

  /**
   * Compressed, not yet written: the basket as stored, its uncompressed size, its entries and where
   * its values end (before the entry offsets of an array branch).
   */
  private record Sealed(byte[] stored, int objlen, int entries, int valueBytes) {}

  private final List<Sealed> sealed = new ArrayList<>();
  private BlockCompressor compressor;
  private long compressionNanos;

  /**
   * @param keylen the length of this branch's basket keys, TBasket header included
   */
  BranchWriter(BranchSpec spec, int basketSize, int keylen) {
    this.spec = spec;
    this.basketSize = basketSize;
    this.keylen = keylen;
    this.entriesPerBasket = Math.max(1, basketSize / spec.type().size());
    if (spec.isJagged()) {
      this.basket = new RootWriteBuffer(basketSize + 1024);
      this.entryStarts = new int[256];
    } else {
      this.basket = new RootWriteBuffer(entriesPerBasket * spec.type().size());
    }
  }

  BranchSpec spec() {
    return spec;
  }

  /** The Java array type {@link TreeWriter#append} expects for this branch. */
  static Class<?> arrayClass(LeafType type) {
    return switch (type) {
      case BOOL -> boolean[].class;
      case CHAR, UCHAR -> byte[].class;
      case SHORT, USHORT -> short[].class;
      case INT, UINT -> int[].class;
      case LONG, ULONG -> long[].class;
      case FLOAT -> float[].class;
      case DOUBLE -> double[].class;
    };
  }

  /**
   * Adds {@code column[0, count)}, compressing each basket with {@code setting} as it fills; the
   * compressed baskets wait for {@link #writePending}.
   */
  void append(Object column, int count, CompressionSetting setting) {
    if (spec.isJagged()) {
      throw new IllegalStateException(spec.name() + " is an array branch: it needs the lengths");
    }
    for (int done = 0; done < count; ) {
      int take = Math.min(count - done, entriesPerBasket - basketEntries);
      put(column, done, take);
      basketEntries += take;
      entries += take;
      done += take;
      if (basketEntries == entriesPerBasket) {
        seal(setting);
      }
    }
  }

  /**
   * Adds {@code lengths.length} entries of an array branch: entry e holds the next {@code
   * lengths[e]} values of {@code values}, which has exactly their sum.
   */
  void appendArrays(Object values, int[] lengths, CompressionSetting setting) {
    int at = 0;
    for (int length : lengths) {
      if (basketEntries == entryStarts.length) {
        entryStarts = Arrays.copyOf(entryStarts, 2 * basketEntries);
      }
      entryStarts[basketEntries] = basket.position();
      put(values, at, length);
      at += length;
      basketEntries++;
      entries++;
      if (basket.position() >= basketSize) {
        seal(setting);
      }
    }
  }

  /** Records the largest value of a counter branch's column. */
  void noteCount(int count) {
    maxCount = Math.max(maxCount, count);
  }

  int maxCount() {
    return maxCount;
  }

  /** Compresses the open basket, if it holds any entry, to be written next. */
  void seal(CompressionSetting setting) {
    if (basketEntries == 0) {
      return;
    }
    if (compressor == null) {
      compressor = new BlockCompressor(setting);
    }
    int valueBytes = basket.position();
    if (spec.isJagged()) {
      // ROOT's layout: the count, then each entry's start and, last, the end of the values (ROOT
      // always writes fNevBuf + 1 of them), all counted from the start of the key
      basket.writeInt(basketEntries + 1);
      for (int e = 0; e < basketEntries; e++) {
        basket.writeInt(keylen + entryStarts[e]);
      }
      basket.writeInt(keylen + valueBytes);
    }
    int objlen = basket.position();
    long t0 = System.nanoTime();
    byte[] stored = compressor.compress(basket.array(), 0, objlen);
    compressionNanos += System.nanoTime() - t0;
    sealed.add(new Sealed(stored, objlen, basketEntries, valueBytes));
    basket.clear();
    basketEntries = 0;
  }

  /** Writes the compressed baskets through {@code sink}, in the order they filled. */
  void writePending(BasketSink sink) throws IOException {
    long first = entries - basketEntries;
    for (Sealed s : sealed) {
      first -= s.entries();
    }
    for (Sealed s : sealed) {
      if (baskets == seeks.length) {
        int n = 2 * baskets;
        seeks = Arrays.copyOf(seeks, n);
        storedBytes = Arrays.copyOf(storedBytes, n);
        firstEntries = Arrays.copyOf(firstEntries, n);
      }
      BasketSink.Written w =
          sink.writeBasket(spec, s.stored(), s.objlen(), s.valueBytes(), s.entries());
      seeks[baskets] = w.seek();
      storedBytes[baskets] = w.nbytes();
      firstEntries[baskets] = first;
      baskets++;
      first += s.entries();
      totBytes += w.keylen() + (long) s.objlen();
      zipBytes += w.nbytes();
    }
    sealed.clear();
  }

  /** Nanoseconds this branch's baskets took to compress. */
  long compressionNanos() {
    return compressionNanos;
  }

  /** Frees the compressor's native memory. */
  void close() {
    if (compressor != null) {
      compressor.close();
      compressor = null;
    }
  }

  private void put(Object column, int from, int n) {
    switch (spec.type()) {
      case BOOL -> basket.writeBooleans((boolean[]) column, from, n);
      case CHAR, UCHAR -> basket.writeBytes((byte[]) column, from, n);
      case SHORT, USHORT -> basket.writeShorts((short[]) column, from, n);
      case INT, UINT -> basket.writeInts((int[]) column, from, n);
      case LONG, ULONG -> basket.writeLongs((long[]) column, from, n);
      case FLOAT -> basket.writeFloats((float[]) column, from, n);
      case DOUBLE -> basket.writeDoubles((double[]) column, from, n);
    }
  }

  long entries() {
    return entries;
  }

  int baskets() {
    return baskets;
  }

  long seek(int i) {
    return seeks[i];
  }

  int storedBytes(int i) {
    return storedBytes[i];
  }

  long firstEntry(int i) {
    return firstEntries[i];
  }

  /** Uncompressed bytes of all baskets, key headers included (TBranch::fTotBytes). */
  long totBytes() {
    return totBytes;
  }

  /** Bytes of all baskets as stored (TBranch::fZipBytes). */
  long zipBytes() {
    return zipBytes;
  }

  /** Where a compressed basket goes: the file writer, which appends it as a TKey. */
  interface BasketSink {
    record Written(long seek, int nbytes, int keylen) {}

    Written writeBasket(BranchSpec branch, byte[] stored, int objlen, int valueBytes, int entries)
        throws IOException;
  }
}
