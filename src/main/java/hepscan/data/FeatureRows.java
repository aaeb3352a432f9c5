package hepscan.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The feature matrix of a split (row-major floats, {@code nEvents x nFeatures}): in the heap, or
 * left in the data cache file and read a block of events at a time, so that a scan holds its
 * largest arrays once, where they are used (the device), and not also in the heap.
 */
public sealed interface FeatureRows {
  int nEvents();

  int nFeatures();

  /** A reader of blocks of events; close it when done. */
  Reader open();

  /**
   * Every value, row-major: the array itself when in the heap, else a full copy read from the file
   * (for the output split and tests; training reads blocks).
   */
  float[] toArray();

  /** Reads blocks of events of one {@link FeatureRows}. */
  interface Reader extends AutoCloseable {
    /**
     * Copies the features of events {@code [from, from + count)} to {@code dst[0, count *
     * nFeatures)}.
     *
     * @throws UncheckedIOException when the cache file cannot be read
     */
    void read(int from, int count, float[] dst);

    @Override
    void close();
  }

  /** The values in the heap. */
  record InHeap(float[] values, int nFeatures) implements FeatureRows {
    public InHeap {
      Objects.requireNonNull(values, "values");
      if (nFeatures < 1 || values.length % nFeatures != 0) {
        throw new IllegalArgumentException(
            values.length + " values are no whole rows of " + nFeatures + " features");
      }
    }

    @Override
    public int nEvents() {
      return values.length / nFeatures;
    }

    @Override
    public float[] toArray() {
      return values;
    }

    @Override
    public Reader open() {
      return new Reader() {
        @Override
        public void read(int from, int count, float[] dst) {
          System.arraycopy(values, from * nFeatures, dst, 0, count * nFeatures);
        }

        @Override
        public void close() {}
      };
    }
  }

  /**
   * The values in {@code file} from byte {@code offset}, little-endian floats. Read with positional
   * reads, not mapped: pages of a mapping count in the process's resident memory for as long as the
   * mapping lives (until a garbage collection frees it), while the page cache does not.
   *
   * <p>The cache file is only ever replaced whole by a rename, with the same content for the same
   * name (the name holds the key of everything that shaped it), so reading it again by name later
   * reads the same values.
   */
  record InFile(Path file, long offset, int nEvents, int nFeatures) implements FeatureRows {
    /** Bytes read at a time. */
    private static final int BLOCK_BYTES = 1 << 22;

    public InFile {
      Objects.requireNonNull(file, "file");
      if (offset < 0 || nEvents < 0 || nFeatures < 1) {
        throw new IllegalArgumentException(
            "offset " + offset + ", " + nEvents + " events of " + nFeatures + " features");
      }
    }

    @Override
    public float[] toArray() {
      float[] all = new float[Math.multiplyExact(nEvents, nFeatures)];
      try (Reader r = open()) {
        r.read(0, nEvents, all);
      }
      return all;
    }

    @Override
    public Reader open() {
      FileChannel ch;
      try {
        ch = FileChannel.open(file, StandardOpenOption.READ);
        long end = offset + 4L * nEvents * nFeatures;
        long size = ch.size();
        if (size < end) {
          ch.close();
          throw new IOException(
              "it has " + size + " bytes, the features end at byte " + end + "; delete it");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the data cache " + file + ": " + e, e);
      }
      ByteBuffer buf =
          ByteBuffer.allocateDirect(Math.max(BLOCK_BYTES, 4 * nFeatures))
              .order(ByteOrder.LITTLE_ENDIAN);
      return new Reader() {
        @Override
        public void read(int from, int count, float[] dst) {
          long at = offset + 4L * from * nFeatures;
          long bytes = 4L * count * nFeatures;
          int done = 0;
          try {
            while (done < bytes) {
              buf.clear().limit((int) Math.min(buf.capacity(), bytes - done));
              while (buf.hasRemaining()) {
                if (ch.read(buf, at + done + buf.position()) < 0) {
                  throw new EOFException(file + " ended early");
                }
              }
              buf.flip();
              buf.asFloatBuffer().get(dst, done / 4, buf.remaining() / 4);
              done += buf.remaining();
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data cache " + file + ": " + e, e);
          }
        }

        @Override
        public void close() {
          try {
            ch.close();
          } catch (IOException e) {
            // read-only: nothing is lost
          }
        }
      };
    }
  }
}
