package hepscan.data;

import hepscan.util.AtomicFiles;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Values of one type appended to a temporary file, then read back in order, any number of times: a
 * preparation's columns on disk instead of in the heap. The file is opened with {@code
 * DELETE_ON_CLOSE}, which on Linux unlinks it at once: its blocks go back when the channel closes,
 * or when the process ends however it ends, and no name is left behind. Elsewhere it is deleted on
 * {@link #close}, and a killed process leaves a {@code .NAME.RANDOM.tmp} that the cache's eviction
 * removes once stale.
 */
final class Spill implements AutoCloseable {
  /** Bytes buffered per spill and per reader. */
  private static final int BUFFER = 1 << 18;

  private final FileChannel ch;
  private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
  private long size;

  /** A new spill in {@code dir}, named after {@code name} (the cache file it will go to). */
  Spill(Path dir, String name) throws IOException {
    Path path = AtomicFiles.temporarySibling(dir.resolve(name));
    try {
      ch =
          FileChannel.open(
              path,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /** Puts {@code n} values of {@code a} from {@code from} into a buffer, or takes them out. */
  private interface Transfer {
    void move(ByteBuffer b, int from, int n);
  }

  void floats(float[] a, int from, int count) throws IOException {
    append(Float.BYTES, from, count, (b, f, n) -> b.asFloatBuffer().put(a, f, n));
  }

  void ints(int[] a, int from, int count) throws IOException {
    append(Integer.BYTES, from, count, (b, f, n) -> b.asIntBuffer().put(a, f, n));
  }

  void longs(long[] a, int from, int count) throws IOException {
    append(Long.BYTES, from, count, (b, f, n) -> b.asLongBuffer().put(a, f, n));
  }

  void doubles(double[] a, int from, int count) throws IOException {
    append(Double.BYTES, from, count, (b, f, n) -> b.asDoubleBuffer().put(a, f, n));
  }

  private void append(int width, int from, int count, Transfer put) throws IOException {
    while (count > 0) {
      if (out.remaining() < width) {
        flush();
      }
      int n = Math.min(count, out.remaining() / width);
      put.move(out, from, n);
      out.position(out.position() + n * width);
      from += n;
      count -= n;
    }
  }

  private void flush() throws IOException {
    out.flip();
    while (out.hasRemaining()) {
      size += ch.write(out, size);
    }
    out.clear();
  }

  /**
   * Hands every value to {@code sink} as the bytes the spill holds, which are the cache file's
   * encoding (little-endian).
   */
  void copyTo(DataCache.Sink sink) throws IOException {
    flush();
    ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
    for (long at = 0; at < size; ) {
      in.clear().limit((int) Math.min(in.capacity(), size - at));
      while (in.hasRemaining()) {
        if (ch.read(in, at + in.position()) < 0) {
          throw new EOFException("a preparation's spill ended early");
        }
      }
      in.flip();
      at += in.remaining();
      sink.bytes(in);
    }
  }

  /** A reader from the first value; values appended after it is opened are not seen. */
  Reader reader() throws IOException {
    flush();
    return new Reader(size);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }

  /** Reads the spill's values in order. */
  final class Reader {
    private final ByteBuffer in =
        ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN).limit(0);
    private final long end;
    private long at;

    private Reader(long end) {
      this.end = end;
    }

    void floats(float[] dst, int from, int count) throws IOException {
      take(Float.BYTES, from, count, (b, f, n) -> b.asFloatBuffer().get(dst, f, n));
    }

    void ints(int[] dst, int from, int count) throws IOException {
      take(Integer.BYTES, from, count, (b, f, n) -> b.asIntBuffer().get(dst, f, n));
    }

    void doubles(double[] dst, int from, int count) throws IOException {
      take(Double.BYTES, from, count, (b, f, n) -> b.asDoubleBuffer().get(dst, f, n));
    }

    private void take(int width, int from, int count, Transfer get) throws IOException {
      while (count > 0) {
        if (in.remaining() < width) {
          fill(width);
        }
        int n = Math.min(count, in.remaining() / width);
        get.move(in, from, n);
        in.position(in.position() + n * width);
        from += n;
        count -= n;
      }
    }

    private void fill(int width) throws IOException {
      in.compact();
      in.limit((int) Math.min(in.capacity(), in.position() + end - at));
      while (in.hasRemaining()) {
        int read = ch.read(in, at);
        if (read < 0) {
          break;
        }
        at += read;
      }
      in.flip();
      if (in.remaining() < width) {
        throw new EOFException("a preparation's spill ended early");
      }
    }
  }
}
