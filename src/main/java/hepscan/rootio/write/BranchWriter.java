package hepscan.rootio.write;

import hepscan.rootio.bytes.RootWriteBuffer;
import hepscan.rootio.tree.LeafType;
import java.io.IOException;
import java.util.Arrays;

/**
 * The filling state of one flat branch: the open basket's values (big-endian, as they go to disk)
 * and, for every basket already written, its seek, stored size and first entry.
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

  /** Adds {@code column[0, count)}, writing each basket through {@code sink} as it fills. */
  void append(Object column, int count, BasketSink sink) throws IOException {
    for (int done = 0; done < count; ) {
      int take = Math.min(count - done, entriesPerBasket - basketEntries);
      put(column, done, take);
      basketEntries += take;
      entries += take;
      done += take;
      if (basketEntries == entriesPerBasket) {
        flush(sink);
      }
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

  /** Writes the open basket, if it holds any entry. */
  void flush(BasketSink sink) throws IOException {
    if (basketEntries == 0) {
      return;
    }
    if (baskets == seeks.length) {
      int n = 2 * baskets;
      seeks = Arrays.copyOf(seeks, n);
      storedBytes = Arrays.copyOf(storedBytes, n);
      firstEntries = Arrays.copyOf(firstEntries, n);
    }
    BasketSink.Written w = sink.writeBasket(spec, basket, basketEntries);
    seeks[baskets] = w.seek();
    storedBytes[baskets] = w.nbytes();
    firstEntries[baskets] = entries - basketEntries;
    baskets++;
    totBytes += w.keylen() + (long) basket.position();
    zipBytes += w.nbytes();
    basket.clear();
    basketEntries = 0;
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

  /** Where a full basket goes: the file writer, which compresses it and appends it as a TKey. */
  interface BasketSink {
    record Written(long seek, int nbytes, int keylen) {}

    Written writeBasket(BranchSpec branch, RootWriteBuffer values, int entries) throws IOException;
  }
}
