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
 * The filling state of one flat branch: the open basket's values (big-endian, as they go to disk),
 * the full baskets compressed but not yet in the file, and, for every basket already written, its
 * seek, stored size and first entry. Filling and compressing ({@link #append}) may run on any
 * thread, one at a time; {@link #writePending} puts the compressed baskets into the file in order,
 * so the file's bytes do not depend on how the work was spread over threads.
 */
final class BranchWriter {
  private final BranchSpec spec;
  private final int entriesPerBasket;
  private final RootWriteBuffer basket;
  private int basketEntries;
  private long entries;

  private int baskets;
  private long[] seeks = new long[16];
  private int[] storedBytes = new int[16];
  private long[] firstEntries = new long[16];
  private long totBytes;
  private long zipBytes;

  /** Compressed, not yet written: the values as stored, their uncompressed size, their entries. */
  private record Sealed(byte[] stored, int objlen, int entries) {}

  private final List<Sealed> sealed = new ArrayList<>();
  private BlockCompressor compressor;

  BranchWriter(BranchSpec spec, int basketSize) {
    this.spec = spec;
    this.entriesPerBasket = Math.max(1, basketSize / spec.type().size());
    this.basket = new RootWriteBuffer(entriesPerBasket * spec.type().size());
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

  /** Compresses the open basket, if it holds any entry, to be written next. */
  void seal(CompressionSetting setting) {
    if (basketEntries == 0) {
      return;
    }
    if (compressor == null) {
      compressor = new BlockCompressor(setting);
    }
    int objlen = basket.position();
    sealed.add(new Sealed(compressor.compress(basket.array(), 0, objlen), objlen, basketEntries));
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
      BasketSink.Written w = sink.writeBasket(spec, s.stored(), s.objlen(), s.entries());
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

    Written writeBasket(BranchSpec branch, byte[] stored, int objlen, int entries)
        throws IOException;
  }
}
