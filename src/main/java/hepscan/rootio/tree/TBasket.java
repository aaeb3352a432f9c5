package hepscan.rootio.tree;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import hepscan.rootio.file.KeyHeader;
import hepscan.rootio.file.ObjectStream;
import hepscan.rootio.file.RootSource;
import java.util.function.IntFunction;

/**
 * One basket of a branch, decompressed: {@code entries} entries whose values fill {@code data[0,
 * border)}. For branches whose entries differ in size (jagged arrays, strings) the basket also
 * stores where each entry starts: {@code entryOffsets[e] .. entryOffsets[e+1]} (length entries+1,
 * relative to {@code data}), else {@code entryOffsets} is null. {@code data} may be longer than
 * what the basket holds when it was decompressed into a reused buffer.
 *
 * <p>On disk a basket is a TKey whose header is followed by the TBasket members (version, buffer
 * size, fixed entry size, entry count, {@code fLast} = end of the values counted from the key
 * start, a flag); the object after the key holds the values and, after {@code fLast}, the entry
 * offset array (a count, then the offsets counted from the key start).
 */
public record TBasket(int entries, byte[] data, int border, int[] entryOffsets) {

  /** Parses a basket record of branch {@code branchName} read from the file at {@code offset}. */
  static TBasket fromRecord(byte[] record, long offset, String branchName) {
    return fromRecord(record, offset, branchName, byte[]::new);
  }

  /**
   * As {@link #fromRecord(byte[], long, String)}, decompressing into {@code buffers.apply(n)} (at
   * least n bytes): with a reused buffer the basket is valid only until that buffer is reused, and
   * its {@code data} may be longer than its values and offsets.
   */
  static TBasket fromRecord(
      byte[] record, long offset, String branchName, IntFunction<byte[]> buffers) {
    RootBuffer b = RootBuffer.of(record);
    KeyHeader key = KeyHeader.read(b);
    if (!"TBasket".equals(key.className())) {
      throw new RootFormatException(
          "record at offset " + offset + " is a " + key.className() + ", not a TBasket");
    }
    if (!key.name().equals(branchName)) {
      throw new RootFormatException(
          "record at offset " + offset + " is a basket of branch '" + key.name() + "'");
    }
    if (key.nbytes() != record.length) {
      throw new RootFormatException(
          "basket header says " + key.nbytes() + " bytes, the branch says " + record.length);
    }
    b.readShort(); // TBasket version
    b.readInt(); // fBufferSize
    readIoBits(b, b.readInt());
    int nevBuf = b.readInt();
    int last = b.readInt();
    b.readByte(); // flag: 0 for baskets written as records of their own
    if (b.position() > key.keylen()) {
      throw new RootFormatException("basket header runs past its key length " + key.keylen());
    }
    byte[] payload = RootSource.payload(record, key, offset, buffers);
    return build(nevBuf, last, key.keylen(), payload, RootSource.payloadLength(key), null);
  }

  /**
   * Reads a TBasket streamed inside a TTree record (a basket not yet written when the tree was
   * saved).
   */
  static TBasket readEmbedded(ObjectStream in) {
    RootBuffer b = in.buffer();
    KeyHeader key = KeyHeader.readFields(b);
    int version = b.readShort();
    b.readInt(); // fBufferSize
    readIoBits(b, b.readInt());
    int nevBuf = b.readInt();
    int last = b.readInt();
    int flag = b.readUnsignedByte();
    // 80 is added when the entry offsets were left out, to be generated from the counter branch
    boolean generatedOffsets = flag >= 80;
    if (generatedOffsets) {
      flag -= 80;
    }
    int[] rawOffsets = null;
    if (!generatedOffsets && flag != 0 && flag % 10 != 2 && nevBuf > 0) {
      rawOffsets = readIntArray(b, "embedded basket entry offsets");
    }
    if (flag > 40) {
      readIntArray(b, "embedded basket displacements");
    }
    if (!(flag == 1 || flag > 10)) {
      return new TBasket(0, new byte[0], 0, null);
    }
    int size = version <= 1 ? b.readInt() : last;
    if (size < key.keylen() || last > size) {
      throw new RootFormatException(
          "embedded basket: buffer of "
              + size
              + " bytes, key length "
              + key.keylen()
              + ", fLast "
              + last);
    }
    byte[] buffer = b.readBytes(size);
    byte[] data = new byte[size - key.keylen()];
    System.arraycopy(buffer, key.keylen(), data, 0, data.length);
    return build(nevBuf, last, key.keylen(), data, data.length, rawOffsets);
  }

  /**
   * A negative fNevBufSize announces a byte of TIOFeatures bits after it (ROOT 6.12+). The one such
   * feature, kGenerateOffsetMap, leaves the entry offsets out of the basket: they are rebuilt from
   * the counter branch (see {@link #withEntryOffsets}). ROOT itself refuses a zero byte or one with
   * its top bit set.
   */
  private static void readIoBits(RootBuffer b, int nevBufSize) {
    if (nevBufSize >= 0) {
      return;
    }
    int ioBits = b.readUnsignedByte();
    if (ioBits == 0 || (ioBits & 0x80) != 0) {
      throw new RootFormatException(
          "basket header: fNevBufSize " + nevBufSize + " with I/O feature bits " + ioBits);
    }
  }

  /**
   * This basket with entry offsets rebuilt from each entry's size in bytes, for a basket whose
   * offsets ROOT left out (kGenerateOffsetMap); the sizes must add up to its values exactly.
   */
  TBasket withEntryOffsets(long[] entryBytes) {
    if (entryBytes.length != entries) {
      throw new RootFormatException(
          "basket of " + entries + " entries given " + entryBytes.length + " entry sizes");
    }
    int[] offsets = new int[entries + 1];
    long at = 0;
    for (int e = 0; e < entries; e++) {
      if (entryBytes[e] < 0) {
        throw new RootFormatException("entry " + e + " of the basket has a negative size");
      }
      at += entryBytes[e];
      if (at > border) {
        break;
      }
      offsets[e + 1] = (int) at;
    }
    if (at != border) {
      throw new RootFormatException(
          "the counter branch gives "
              + (at > border ? "more than " + border : at)
              + " bytes for the basket's "
              + entries
              + " entries, it holds "
              + border);
    }
    return new TBasket(entries, data, border, offsets);
  }

  private static int[] readIntArray(RootBuffer b, String what) {
    int n = b.readInt();
    b.require(4L * n, what);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.readInt();
    }
    return out;
  }

  /**
   * Checks the sizes and turns the stored offsets (counted from the key start) into offsets into
   * the data. The object's bytes are {@code payload[0, length)}; {@code rawOffsets} is null when
   * they follow the values inside it.
   */
  private static TBasket build(
      int nevBuf, int last, int keylen, byte[] payload, int length, int[] rawOffsets) {
    int border = last - keylen;
    if (nevBuf < 0 || border < 0 || border > length) {
      throw new RootFormatException(
          "basket header says "
              + nevBuf
              + " entries ending at byte "
              + last
              + " but holds "
              + length
              + " bytes after its "
              + keylen
              + "-byte key");
    }
    int[] stored = rawOffsets;
    if (stored == null && border < length) {
      RootBuffer tail = RootBuffer.slice(payload, border, length);
      stored = readIntArray(tail, "basket entry offsets");
    }
    if (stored == null) {
      return new TBasket(nevBuf, payload, border, null);
    }
    if (stored.length < nevBuf) {
      throw new RootFormatException(
          "basket has " + stored.length + " entry offsets for " + nevBuf + " entries");
    }
    int[] offsets = new int[nevBuf + 1];
    for (int e = 0; e < nevBuf; e++) {
      offsets[e] = stored[e] - keylen;
    }
    offsets[nevBuf] = border;
    for (int e = 0; e < nevBuf; e++) {
      if (offsets[e] < 0 || offsets[e] > offsets[e + 1]) {
        throw new RootFormatException(
            "basket entry offset "
                + e
                + " ("
                + offsets[e]
                + ") out of order or outside "
                + "the "
                + border
                + " bytes of values");
      }
    }
    return new TBasket(nevBuf, payload, border, offsets);
  }
}
