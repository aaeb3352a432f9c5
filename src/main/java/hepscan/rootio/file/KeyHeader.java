package hepscan.rootio.file;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;

/**
 * A TKey: the header in front of every record in a ROOT file. {@code nbytes} is the record's size
 * on disk (header included), {@code objlen} the size of the object once decompressed, {@code
 * keylen} the size of this header. The object is stored uncompressed exactly when {@code objlen ==
 * nbytes - keylen}. Seek pointers are 64-bit when {@code version > 1000}.
 */
public record KeyHeader(
    int nbytes,
    int version,
    int objlen,
    int keylen,
    int cycle,
    long seekKey,
    long seekPdir,
    String className,
    String name,
    String title) {

  /** Bytes of the fixed part of a key header, before its three strings. */
  public static final int FIXED_SIZE_SMALL = 4 + 2 + 4 + 4 + 2 + 2 + 4 + 4;

  /** An upper bound on a key header's size: 64-bit seeks and three strings of up to 255+4 bytes. */
  public static final int MAX_PREFIX = FIXED_SIZE_SMALL + 8 + 3 * 1024;

  private static final int LARGE_KEY_VERSION = 1000;

  /**
   * Reads the header of a record stored in the file at the buffer's cursor, checking its sizes as
   * ROOT's TKey::ReadKeyBuffer does: the header fits in fKeylen, fNbytes (header plus stored
   * object, TKey::Create) is at least fKeylen, fObjlen is not negative. Every layout ROOT writes
   * passes: uncompressed ({@code nbytes == keylen + objlen}, an empty object included) and
   * compressed ({@code nbytes - keylen < objlen}).
   */
  public static KeyHeader read(RootBuffer b) {
    int start = b.position();
    KeyHeader k = readFields(b);
    if (k.keylen < b.position() - start || k.nbytes < k.keylen || k.objlen < 0) {
      String shortName = k.name.length() > 40 ? k.name.substring(0, 40) + "…" : k.name;
      throw new RootFormatException(
          "corrupt key '"
              + shortName
              + "' at byte "
              + k.seekKey
              + ": nbytes "
              + k.nbytes
              + ", keylen "
              + k.keylen
              + ", objlen "
              + k.objlen);
    }
    return k;
  }

  /**
   * Reads a key header streamed inside another object (a basket embedded in a TTree record), whose
   * {@code nbytes} is not a record size and is not checked.
   */
  public static KeyHeader readFields(RootBuffer b) {
    int nbytes = b.readInt();
    int version = b.readShort();
    int objlen = b.readInt();
    b.readInt(); // fDatime
    int keylen = b.readShort();
    int cycle = b.readShort();
    boolean large = version > LARGE_KEY_VERSION;
    long seekKey = large ? b.readLong() : Integer.toUnsignedLong(b.readInt());
    long seekPdir = large ? b.readLong() : Integer.toUnsignedLong(b.readInt());
    String className = b.readTString();
    String name = b.readTString();
    String title = b.readTString();
    return new KeyHeader(
        nbytes, version, objlen, keylen, cycle, seekKey, seekPdir, className, name, title);
  }

  /** Whether the object after the header is compressed. */
  public boolean compressed() {
    return objlen != nbytes - keylen;
  }
}
