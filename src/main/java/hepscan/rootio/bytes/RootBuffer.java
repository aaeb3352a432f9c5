package hepscan.rootio.bytes;

import java.nio.charset.StandardCharsets;

/**
 * A big-endian read cursor over a byte array, as ROOT writes every number on disk. Every read is
 * bounds-checked and fails with a {@link BufferUnderrunException} naming the position, so a
 * corrupted length field can never make the caller allocate or read past the data.
 *
 * <p>Positions may be shifted by an {@code origin}: ROOT measures object offsets inside a record
 * from the start of its TKey, so a buffer holding only the object's bytes starts at position {@code
 * keyLength}. Not thread-safe; each reader owns its own cursor.
 */
public final class RootBuffer {
  private final byte[] data;
  private final int start;
  private final int end;
  private final int origin;
  private int pos;

  private RootBuffer(byte[] data, int start, int end, int origin) {
    if (start < 0 || end > data.length || start > end) {
      throw new IllegalArgumentException(
          "range [" + start + ", " + end + ") outside array of " + data.length);
    }
    this.data = data;
    this.start = start;
    this.end = end;
    this.origin = origin;
    this.pos = start;
  }

  /** A cursor over the whole array, positions counted from 0. */
  public static RootBuffer of(byte[] data) {
    return new RootBuffer(data, 0, data.length, 0);
  }

  /** A cursor over the whole array whose first byte has ROOT position {@code origin}. */
  public static RootBuffer of(byte[] data, int origin) {
    return new RootBuffer(data, 0, data.length, origin);
  }

  /** A cursor over {@code data[from, to)}, positions counted from 0 at {@code from}. */
  public static RootBuffer slice(byte[] data, int from, int to) {
    return new RootBuffer(data, from, to, -from);
  }

  /** Current ROOT position (array index shifted by the origin). */
  public int position() {
    return pos + origin;
  }

  /** Moves to a ROOT position, which must lie within the buffer (its end included). */
  public void seek(int position) {
    int target = position - origin;
    if (target < start || target > end) {
      throw new BufferUnderrunException(
          "seek to position "
              + position
              + " outside the record ["
              + (start + origin)
              + ", "
              + (end + origin)
              + "]");
    }
    pos = target;
  }

  public int remaining() {
    return end - pos;
  }

  /**
   * Throws unless {@code n} more bytes are available; {@code n} may come from the file, so it is
   * checked for sign too.
   */
  public void require(long n, String what) {
    if (n < 0 || n > remaining()) {
      throw new BufferUnderrunException(
          what
              + " needs "
              + n
              + " bytes at position "
              + position()
              + " but only "
              + remaining()
              + " remain");
    }
  }

  public void skip(long n) {
    require(n, "skip");
    pos += (int) n;
  }

  public byte readByte() {
    require(1, "byte");
    return data[pos++];
  }

  public int readUnsignedByte() {
    return readByte() & 0xff;
  }

  public boolean readBoolean() {
    return readByte() != 0;
  }

  public short readShort() {
    require(2, "short");
    short v = (short) (((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff));
    pos += 2;
    return v;
  }

  public int readInt() {
    require(4, "int");
    int v = getInt(data, pos);
    pos += 4;
    return v;
  }

  public long readLong() {
    require(8, "long");
    long v = ((long) getInt(data, pos) << 32) | (getInt(data, pos + 4) & 0xffffffffL);
    pos += 8;
    return v;
  }

  /** Copies the next {@code n} bytes into a new array, after checking they exist. */
  public byte[] readBytes(long n) {
    require(n, "byte array");
    byte[] out = new byte[(int) n];
    System.arraycopy(data, pos, out, 0, (int) n);
    pos += (int) n;
    return out;
  }

  /** ROOT's TString: one length byte, or 255 followed by a 4-byte length, then the characters. */
  public String readTString() {
    int n = readUnsignedByte();
    if (n == 255) {
      n = readInt();
    }
    require(n, "string");
    String s = new String(data, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** Big-endian int at an array index (no bounds check beyond the JVM's). */
  public static int getInt(byte[] b, int i) {
    return ((b[i] & 0xff) << 24)
        | ((b[i + 1] & 0xff) << 16)
        | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  /**
   * Thrown when a read would pass the end of the data: the record is truncated or a length is
   * corrupt.
   */
  public static final class BufferUnderrunException extends RootFormatException {
    private static final long serialVersionUID = 1L;

    public BufferUnderrunException(String message) {
      super(message);
    }
  }
}
