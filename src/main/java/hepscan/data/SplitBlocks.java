package hepscan.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Every column of one split, the {@link SplitArrays} and the {@link EventInfo}, read a block of
 * events at a time: from the heap, or from the data cache file, so that writing test outputs holds
 * one block of events at a time however many the split has.
 */
public sealed interface SplitBlocks {
  int nEvents();

  int nFeatures();

  /** A reader of blocks of events; close it when done. */
  Reader open();

  /** Events {@code [from, from + count)} of a split: arrays and event info of that many events. */
  record Block(SplitArrays arrays, EventInfo events) {}

  /** Reads blocks of one {@link SplitBlocks}. */
  interface Reader extends AutoCloseable {
    /**
     * Events {@code [from, from + count)}.
     *
     * @throws java.io.UncheckedIOException when the cache file cannot be read
     */
    Block read(int from, int count);

    @Override
    void close();
  }

  /** The columns in the heap: blocks are copies of their ranges. */
  record InHeap(SplitArrays arrays, EventInfo events) implements SplitBlocks {
    public InHeap {
      if (arrays.nEvents() != events.size()) {
        throw new IllegalArgumentException(
            arrays.nEvents() + " events in the arrays, " + events.size() + " in the event info");
      }
    }

    @Override
    public int nEvents() {
      return arrays.nEvents();
    }

    @Override
    public int nFeatures() {
      return arrays.nFeatures();
    }

    @Override
    public Reader open() {
      FeatureRows.Reader rows = arrays.rows().open();
      return new Reader() {
        @Override
        public Block read(int from, int count) {
          int to = from + count;
          float[] features = new float[count * arrays.nFeatures()];
          rows.read(from, count, features);
          double[][] others = new double[events.otherVariables().length][];
          for (int v = 0; v < others.length; v++) {
            others[v] = Arrays.copyOfRange(events.otherVariables()[v], from, to);
          }
          return new Block(
              new SplitArrays(
                  count,
                  arrays.nFeatures(),
                  features,
                  Arrays.copyOfRange(arrays.labels(), from, to),
                  Arrays.copyOfRange(arrays.weights(), from, to)),
              new EventInfo(
                  Arrays.copyOfRange(events.file(), from, to),
                  Arrays.copyOfRange(events.entry(), from, to),
                  Arrays.copyOfRange(events.eventWeight(), from, to),
                  others));
        }

        @Override
        public void close() {
          rows.close();
        }
      };
    }
  }

  /**
   * The columns in the cache {@code file}, each a little-endian array starting at the byte offset
   * given: features (row-major floats), labels (ints), learning weights (floats), source file
   * (ints), entry (longs), event weight (doubles) and one array of doubles per other variable.
   */
  record InFile(
      Path file,
      int nEvents,
      int nFeatures,
      long features,
      long labels,
      long weights,
      long sourceFile,
      long entry,
      long eventWeight,
      long[] otherVariables)
      implements SplitBlocks {
    public InFile {
      Objects.requireNonNull(file, "file");
      otherVariables = otherVariables.clone();
      if (nEvents < 0 || nFeatures < 1) {
        throw new IllegalArgumentException(nEvents + " events of " + nFeatures + " features");
      }
    }

    @Override
    public long[] otherVariables() {
      return otherVariables.clone();
    }

    /** The byte after the last column: the file must be at least this long. */
    private long end() {
      long last =
          Math.max(
              Math.max(features + 4L * nEvents * nFeatures, labels + 4L * nEvents),
              Math.max(weights + 4L * nEvents, sourceFile + 4L * nEvents));
      last = Math.max(last, Math.max(entry, eventWeight) + 8L * nEvents);
      for (long o : otherVariables) {
        last = Math.max(last, o + 8L * nEvents);
      }
      return last;
    }

    @Override
    public Reader open() {
      CacheFileReader in = new CacheFileReader(file, end());
      return new Reader() {
        @Override
        public Block read(int from, int count) {
          double[][] others = new double[otherVariables.length][];
          for (int v = 0; v < others.length; v++) {
            others[v] = in.doubles(otherVariables[v] + 8L * from, count);
          }
          return new Block(
              new SplitArrays(
                  count,
                  nFeatures,
                  in.floats(features + 4L * from * nFeatures, count * nFeatures),
                  in.ints(labels + 4L * from, count),
                  in.floats(weights + 4L * from, count)),
              new EventInfo(
                  in.ints(sourceFile + 4L * from, count),
                  in.longs(entry + 8L * from, count),
                  in.doubles(eventWeight + 8L * from, count),
                  others));
        }

        @Override
        public void close() {
          in.close();
        }
      };
    }
  }
}
