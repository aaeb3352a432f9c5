package hepscan.rootio.bytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for serialising ROOT records, with ROOT's framing helpers:
 * length-prefixed strings, and byte-count/version headers whose count is patched in when the object
 * is complete. Not thread-safe.
 */
public final class RootWriteBuffer {
  /** ROOT marks every byte count with this bit, so a reader can tell it from a class tag. */
  public static final int BYTE_COUNT_MASK = 0x40000000;

  private static final VarHandle SHORT = view(short[].class);
  private static final VarHandle INT = view(int[].class);
  private static final VarHandle LONG = view(long[].class);
  private static final VarHandle FLOAT = view(float[].class);
  private static final VarHandle DOUBLE = view(double[].class);

  private byte[] bytes;
  private int position;

  public RootWriteBuffer() {
    this(256);
  }

  public RootWriteBuffer(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  private static VarHandle view(Class<?> arrayClass) {
    return MethodHandles.byteArrayViewVarHandle(arrayClass, ByteOrder.BIG_ENDIAN);
  }

  /** Number of bytes written so far (also the offset of the next byte). */
  public int position() {
    return position;
  }

  /** Forgets the content but keeps the allocated array, to reuse the buffer for the next basket. */
  public void clear() {
    position = 0;
  }

  /** The backing array: valid bytes are {@code [0, position())}. No copy, for handing to codecs. */
  public byte[] array() {
    return bytes;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, position);
  }

  private void ensure(int more) {
    int needed = position + more;
    if (needed < 0) {
      throw new IllegalStateException("ROOT record larger than 2 GiB");
    }
    if (needed > bytes.length) {
      bytes =
          Arrays.copyOf(
              bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
    }
  }

  public RootWriteBuffer writeByte(int v) {
    ensure(1);
    bytes[position++] = (byte) v;
    return this;
  }

  public RootWriteBuffer writeBoolean(boolean v) {
    return writeByte(v ? 1 : 0);
  }

  public RootWriteBuffer writeShort(int v) {
    ensure(2);
    SHORT.set(bytes, position, (short) v);
    position += 2;
    return this;
  }

  public RootWriteBuffer writeInt(int v) {
    ensure(4);
    INT.set(bytes, position, v);
    position += 4;
    return this;
  }

  public RootWriteBuffer writeLong(long v) {
    ensure(8);
    LONG.set(bytes, position, v);
    position += 8;
    return this;
  }

  public RootWriteBuffer writeFloat(float v) {
    ensure(4);
    FLOAT.set(bytes, position, v);
    position += 4;
    return this;
  }

  public RootWriteBuffer writeDouble(double v) {
    ensure(8);
    DOUBLE.set(bytes, position, v);
    position += 8;
    return this;
  }

  public RootWriteBuffer writeBytes(byte[] src) {
    return writeBytes(src, 0, src.length);
  }

  public RootWriteBuffer writeBytes(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, bytes, position, length);
    position += length;
    return this;
  }

  /** Writes {@code v} as a 32-bit seek pointer, or a 64-bit one when {@code big}. */
  public RootWriteBuffer writeSeek(long v, boolean big) {
    if (big) {
      return writeLong(v);
    }
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalStateException("seek " + v + " does not fit a 32-bit pointer");
    }
    return writeInt((int) v);
  }

  /**
   * ROOT's TString/char* encoding: UTF-8 bytes after a one-byte length, or after 255 and a 4-byte
   * length when 255 bytes or longer.
   */
  public RootWriteBuffer writeString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length < 255) {
      writeByte(utf8.length);
    } else {
      writeByte(255).writeInt(utf8.length);
    }
    return writeBytes(utf8);
  }

  /** Number of bytes {@link #writeString} uses for {@code s}. */
  public static int stringSize(String s) {
    int n = s.getBytes(StandardCharsets.UTF_8).length;
    return (n < 255 ? 1 : 5) + n;
  }

  /** A NUL-terminated C string, as in a class name after a new-class tag. */
  public RootWriteBuffer writeCString(String s) {
    return writeBytes(s.getBytes(StandardCharsets.US_ASCII)).writeByte(0);
  }

  /**
   * Starts an object with a byte count and a class version: reserves the count and returns its
   * offset, to pass to {@link #endByteCount}.
   */
  public int startVersioned(int version) {
    int at = position;
    writeInt(0);
    writeShort(version);
    return at;
  }

  /**
   * Reserves a bare byte count (before a class tag); returns its offset for {@link #endByteCount}.
   */
  public int startByteCount() {
    int at = position;
    writeInt(0);
    return at;
  }

  /** Patches the byte count at {@code at}: the bytes after the count up to the current position. */
  public void endByteCount(int at) {
    putInt(at, (position - at - 4) | BYTE_COUNT_MASK);
  }

  public void putInt(int at, int v) {
    INT.set(bytes, at, v);
  }

  public void writeDoubles(double[] v, int from, int count) {
    ensure(count * 8);
    for (int i = from, end = from + count; i < end; i++, position += 8) {
      DOUBLE.set(bytes, position, v[i]);
    }
  }

  public void writeFloats(float[] v, int from, int count) {
    ensure(count * 4);
    for (int i = from, end = from + count; i < end; i++, position += 4) {
      FLOAT.set(bytes, position, v[i]);
    }
  }

  public void writeLongs(long[] v, int from, int count) {
    ensure(count * 8);
    for (int i = from, end = from + count; i < end; i++, position += 8) {
      LONG.set(bytes, position, v[i]);
    }
  }

  public void writeInts(int[] v, int from, int count) {
    ensure(count * 4);
    for (int i = from, end = from + count; i < end; i++, position += 4) {
      INT.set(bytes, position, v[i]);
    }
  }

  public void writeShorts(short[] v, int from, int count) {
    ensure(count * 2);
    for (int i = from, end = from + count; i < end; i++, position += 2) {
      SHORT.set(bytes, position, v[i]);
    }
  }

  public void writeBooleans(boolean[] v, int from, int count) {
    ensure(count);
    for (int i = from, end = from + count; i < end; i++) {
      bytes[position++] = (byte) (v[i] ? 1 : 0);
    }
  }
}
