package hepscan.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional reads of ranges of a data cache file through one reused direct buffer. Read, not
 * mapped: pages of a mapping count in the process's resident memory for as long as the mapping
 * lives (until a garbage collection frees it), while the page cache does not.
 *
 * <p>The cache file is only ever replaced whole by a rename, with the same content for the same
 * name (the name holds the key of everything that shaped it), so reading it again by name later
 * reads the same values.
 */
final class CacheFileReader implements AutoCloseable {
  /** Bytes read at a time. */
  private static final int BLOCK_BYTES = 1 << 22;

  /** Takes the consecutive pieces of a range, each a little-endian buffer of whole values. */
  private interface Pieces {
    /** {@code piece} holds the range's values from value {@code done} on. */
    void take(ByteBuffer piece, int done);
  }

  private final Path file;
  private final FileChannel ch;
  private final ByteBuffer buf;

  /**
   * Opens {@code file}, which must have at least {@code end} bytes.
   *
   * @throws UncheckedIOException when it cannot be read or is shorter
   */
  CacheFileReader(Path file, long end) {
    this.file = file;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      long size = ch.size();
      if (size < end) {
        ch.close();
        throw new IOException(
            "it has " + size + " bytes, the data end at byte " + end + "; delete it");
      }
    } catch (IOException e) {
      throw failure(e);
    }
    buf = ByteBuffer.allocateDirect(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Copies {@code count} floats from byte {@code at} to {@code dst[0, count)}. */
  void floats(long at, int count, float[] dst) {
    read(at, count, 4, (p, done) -> p.asFloatBuffer().get(dst, done, p.remaining() / 4));
  }

  float[] floats(long at, int count) {
    float[] a = new float[count];
    floats(at, count, a);
    return a;
  }

  int[] ints(long at, int count) {
    int[] a = new int[count];
    read(at, count, 4, (p, done) -> p.asIntBuffer().get(a, done, p.remaining() / 4));
    return a;
  }

  long[] longs(long at, int count) {
    long[] a = new long[count];
    read(at, count, 8, (p, done) -> p.asLongBuffer().get(a, done, p.remaining() / 8));
    return a;
  }

  double[] doubles(long at, int count) {
    double[] a = new double[count];
    read(at, count, 8, (p, done) -> p.asDoubleBuffer().get(a, done, p.remaining() / 8));
    return a;
  }

  /** Reads {@code count} values of {@code width} bytes from byte {@code at}, in pieces. */
  private void read(long at, long count, int width, Pieces pieces) {
    int most = BLOCK_BYTES / width;
    try {
      for (long done = 0; done < count; ) {
        int values = (int) Math.min(most, count - done);
        buf.clear().limit(values * width);
        while (buf.hasRemaining()) {
          if (ch.read(buf, at + done * width + buf.position()) < 0) {
            throw new EOFException(file + " ended early");
          }
        }
        pieces.take(buf.flip(), (int) done);
        done += values;
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private UncheckedIOException failure(IOException e) {
    return new UncheckedIOException("cannot read the data cache " + file + ": " + e, e);
  }

  @Override
  public void close() {
    try {
      ch.close();
    } catch (IOException e) {
      // read-only: nothing is lost
    }
  }
}
