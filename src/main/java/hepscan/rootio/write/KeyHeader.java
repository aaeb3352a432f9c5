package hepscan.rootio.write;

import hepscan.rootio.bytes.RootWriteBuffer;

/**
 * A TKey header (class version 4): the record that precedes every object in a ROOT file and that
 * the directory's key list repeats. A key is "big" (version 1004, 64-bit seeks) when it or its
 * directory lies beyond {@link FileLayout#START_BIG_FILE}.
 *
 * @param nbytes key length plus stored (possibly compressed) object length
 * @param objlen uncompressed object length
 * @param keylen length of this header, plus any class-specific header counted with it (TBasket)
 */
record KeyHeader(
    int nbytes,
    int objlen,
    int datime,
    int keylen,
    int cycle,
    long seekKey,
    long seekPdir,
    boolean big,
    String className,
    String name,
    String title) {

  static final int VERSION = 4;

  /** Bytes of the header alone: fixed fields, then the three strings. */
  static int length(String className, String name, String title, boolean big) {
    return (big ? 34 : 26)
        + RootWriteBuffer.stringSize(className)
        + RootWriteBuffer.stringSize(name)
        + RootWriteBuffer.stringSize(title);
  }

  void write(RootWriteBuffer out) {
    out.writeInt(nbytes)
        .writeShort(big ? VERSION + 1000 : VERSION)
        .writeInt(objlen)
        .writeInt(datime)
        .writeShort(keylen)
        .writeShort(cycle)
        .writeSeek(seekKey, big)
        .writeSeek(seekPdir, big)
        .writeString(className)
        .writeString(name)
        .writeString(title);
  }
}
