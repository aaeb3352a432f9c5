package hepscan.data;

import java.io.UncheckedIOException;
import java.nio.file.Path;
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

  /**
   * The first {@code n} events: a view of the same file, or a copy of the first {@code n} rows in
   * the heap (for a short measurement on the real data, {@code hepscan.model.PackProbe}).
   */
  FeatureRows head(int n);

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
    public FeatureRows head(int n) {
      checkHead(n, nEvents());
      return new InHeap(java.util.Arrays.copyOf(values, n * nFeatures), nFeatures);
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
   * The values in {@code file} from byte {@code offset}, little-endian floats, read with {@link
   * CacheFileReader}.
   */
  record InFile(Path file, long offset, int nEvents, int nFeatures) implements FeatureRows {
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
    public FeatureRows head(int n) {
      checkHead(n, nEvents);
      return new InFile(file, offset, n, nFeatures);
    }

    @Override
    public Reader open() {
      CacheFileReader in = new CacheFileReader(file, offset + 4L * nEvents * nFeatures);
      return new Reader() {
        @Override
        public void read(int from, int count, float[] dst) {
          in.floats(offset + 4L * from * nFeatures, count * nFeatures, dst);
        }

        @Override
        public void close() {
          in.close();
        }
      };
    }
  }

  private static void checkHead(int n, int nEvents) {
    if (n < 0 || n > nEvents) {
      throw new IllegalArgumentException("the first " + n + " of " + nEvents + " events");
    }
  }
}
