package hepscan.rootio.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.rootio.BasketInflation;
import hepscan.rootio.bytes.RootWriteBuffer;
import hepscan.rootio.compress.BlockCompressor;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.file.RootSource;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a timed test: prints read throughput (MB/s of decompressed basket data) of a {@code
 * std::vector<float>} branch of 1M entries (0 to 10 elements, 5 on average) next to a flat Float_t
 * branch of about the same number of values, each against raw {@link java.util.zip.Inflater} on the
 * same baskets. Run with {@code mvn -Pbench test -Dtest=VectorReadBenchmark}.
 *
 * <p>hepscan's writer writes flat branches only, so the baskets are made here: records laid out as
 * ROOT writes them (TKey header, TBasket header, zlib level 1 blocks holding the entries and, for
 * the vector branch, ROOT's vector layout — byte count, version, size, values — followed by the
 * entry-offset table), ROOT's default 32000-byte baskets, in a file of basket records only. The
 * branch tables are built in memory (the TTree record is not written), and both branches are read
 * through {@link TreeReader} as any file's are: plan, read, decompress, check, decode.
 */
@Tag("bench")
class VectorReadBenchmark {
  private static final int ENTRIES = 1_000_000;
  private static final int BASKET_SIZE = 32000;
  private static final int WARMUP = 2;
  private static final int RUNS = 5;

  @TempDir Path dir;

  @Test
  void vectorAgainstFlat() throws Exception {
    SplittableRandom r = new SplittableRandom(2026);
    int[] sizes = new int[ENTRIES];
    int total = 0;
    for (int e = 0; e < ENTRIES; e++) {
      sizes[e] = r.nextInt(11);
      total += sizes[e];
    }
    float[] values = new float[total];
    for (int i = 0; i < total; i++) {
      values[i] = (float) (Math.abs(r.nextGaussian()) * 50);
    }
    Path file = dir.resolve("bench-vector.root");
    SyntheticTree tree = new SyntheticTree(file);
    tree.vectorBranch("lep_pt", sizes, values);
    tree.flatBranch("flat_pt", values);
    tree.finish();
    System.out.printf(
        "file %s: %.1f MB on disk; vector<float> branch: %d entries, %d values%n",
        file.getFileName(), Files.size(file) / 1e6, ENTRIES, total);
    try (RootSource source = RootSource.open(file)) {
      // two trees over the one file: the vector's 1M entries, and the flat branch's one per value
      TreeReader vectors = new TreeReader(source, file.toString(), "events", tree.tree(0, ENTRIES));
      TreeReader flats = new TreeReader(source, file.toString(), "flat", tree.tree(1, total));
      int cores = Runtime.getRuntime().availableProcessors();
      double[] vector = measure(file, vectors, "lep_pt", total, cores);
      double[] flat = measure(file, flats, "flat_pt", total, cores);
      System.out.printf(
          "vector<float> / flat Float_t, MB/s: %.0f%% (1 thread), %.0f%% (%d threads)%n",
          100 * vector[0] / flat[0], 100 * vector[1] / flat[1], cores);
    }
  }

  /** Prints and returns MB/s decompressed for 1 thread and for {@code cores} threads. */
  private static double[] measure(
      Path file, TreeReader reader, String branch, int values, int cores) throws Exception {
    List<byte[]> records = records(file, reader, branch);
    long bytes = BasketInflation.decompressedBytes(records);
    double inflater = best(() -> assertEquals(bytes, BasketInflation.inflate(records, false)));
    Consumer<Column> check = c -> assertEquals(values, c.size());
    double single = best(() -> check.accept(readOn(reader, branch, 1)));
    double parallel = best(() -> check.accept(readOn(reader, branch, cores)));
    System.out.printf(
        "%s: %d baskets, %.1f MB decompressed%n", branch, records.size(), bytes / 1e6);
    report("  raw java.util.zip.Inflater, 1 thread", bytes, inflater, inflater);
    report("  hepscan read, 1 thread", bytes, single, inflater);
    report("  hepscan read, " + cores + " threads", bytes, parallel, inflater);
    return new double[] {bytes / 1e6 / single, bytes / 1e6 / parallel};
  }

  private static List<byte[]> records(Path file, TreeReader reader, String branch)
      throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (RootSource source = RootSource.open(file)) {
      for (TBranch b : reader.model().branches()) {
        if (Set.of(branch).contains(b.name())) {
          for (int i = 0; i < b.writeBasket(); i++) {
            out.add(source.read(b.basketSeek(i), b.basketBytes(i)));
          }
        }
      }
    }
    return out;
  }

  private static Column readOn(TreeReader reader, String branch, int threads) throws Exception {
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      // Parallel streams started inside a pool's task run on that pool.
      return pool.submit(() -> reader.read(List.of(branch)).get(branch)).get();
    } finally {
      pool.shutdown();
    }
  }

  private static void report(String what, long bytes, double seconds, double inflaterSeconds) {
    System.out.printf(
        "%-48s %7.3f s  %8.1f MB/s  (%.0f%% of raw Inflater speed)%n",
        what, seconds, bytes / 1e6 / seconds, 100 * inflaterSeconds / seconds);
  }

  private interface Work {
    void run() throws Exception;
  }

  private static double best(Work w) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      w.run();
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      w.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  /** A file of basket records as ROOT lays them out, and the branch tables describing them. */
  private static final class SyntheticTree {
    private final Path file;
    private final OutputStream out;
    private final BlockCompressor compressor = new BlockCompressor(CompressionSetting.zlib(1));
    private final List<TBranch> branches = new ArrayList<>();
    private long position;

    SyntheticTree(Path file) throws Exception {
      this.file = file;
      this.out = Files.newOutputStream(file);
      // nothing is read below this offset: a seek of 0 means "no basket"
      write(new byte[100]);
    }

    private void write(byte[] b) throws Exception {
      out.write(b);
      position += b.length;
    }

    /** ROOT's vector layout per entry; baskets cut once they reach ROOT's default size. */
    void vectorBranch(String name, int[] sizes, float[] values) throws Exception {
      Tables t = new Tables();
      RootWriteBuffer data = new RootWriteBuffer(2 * BASKET_SIZE);
      List<Integer> starts = new ArrayList<>();
      int v = 0;
      long first = 0;
      for (int e = 0; e < sizes.length; e++) {
        starts.add(data.position());
        data.writeInt(RootWriteBuffer.BYTE_COUNT_MASK | (2 + 4 + 4 * sizes[e]));
        data.writeShort(6); // vector<float>'s class version as ROOT writes it
        data.writeInt(sizes[e]);
        data.writeFloats(values, v, sizes[e]);
        v += sizes[e];
        if (data.position() >= BASKET_SIZE || e == sizes.length - 1) {
          t.add(first, basket(name, data, starts));
          first = e + 1;
          data.clear();
          starts.clear();
        }
      }
      TLeaf leaf = new TLeaf("TLeafElement", name, name, 1, false, null);
      branches.add(
          t.branch("TBranchElement", name, name, leaf, sizes.length)
              .withElement(
                  new BranchElement("vector<float>", "", "", 6, -1, 0, -1, 0, null, -1, -1)));
    }

    /** One Float_t per entry, fixed-size baskets of ROOT's default size. */
    void flatBranch(String name, float[] values) throws Exception {
      Tables t = new Tables();
      int perBasket = BASKET_SIZE / 4;
      RootWriteBuffer data = new RootWriteBuffer(BASKET_SIZE);
      for (int first = 0; first < values.length; first += perBasket) {
        int n = Math.min(perBasket, values.length - first);
        data.clear();
        data.writeFloats(values, first, n);
        t.add(first, basket(name, data, null));
      }
      TLeaf leaf = new TLeaf("TLeafF", name, name, 1, false, null);
      branches.add(t.branch("TBranch", name, name + "/F", leaf, values.length));
    }

    /** Writes one basket record; {@code starts} are the entry offsets (null for fixed size). */
    private Written basket(String name, RootWriteBuffer data, List<Integer> starts)
        throws Exception {
      int keylen =
          26
              + 8
              + RootWriteBuffer.stringSize("TBasket")
              + RootWriteBuffer.stringSize(name)
              + RootWriteBuffer.stringSize("events")
              + 2
              + 4 * 4
              + 1;
      int border = data.position();
      RootWriteBuffer object = new RootWriteBuffer(border + 4 * 1024);
      object.writeBytes(data.array(), 0, border);
      int entries;
      if (starts != null) {
        entries = starts.size();
        object.writeInt(entries);
        for (int s : starts) {
          object.writeInt(keylen + s);
        }
      } else {
        entries = border / 4;
      }
      int objlen = object.position();
      byte[] stored = compressor.compress(object.array(), 0, objlen);
      RootWriteBuffer key = new RootWriteBuffer(keylen);
      key.writeInt(keylen + stored.length)
          .writeShort(1004)
          .writeInt(objlen)
          .writeInt(0) // datime
          .writeShort(keylen)
          .writeShort(0) // cycle
          .writeSeek(position, true)
          .writeSeek(100, true)
          .writeString("TBasket")
          .writeString(name)
          .writeString("events");
      key.writeShort(3) // TBasket version
          .writeInt(BASKET_SIZE)
          .writeInt(starts != null ? 1000 : 4) // fNevBufSize
          .writeInt(entries)
          .writeInt(keylen + border) // fLast
          .writeByte(0);
      assertEquals(keylen, key.position());
      long seek = position;
      write(key.toByteArray());
      write(stored);
      return new Written(seek, keylen + stored.length, entries);
    }

    void finish() throws Exception {
      out.close();
      compressor.close();
    }

    /** A tree holding only branch number {@code i}. */
    TTree tree(int i, long entries) {
      return new TTree("TTree", "events", "benchmark", 20, entries, List.of(branches.get(i)));
    }
  }

  private record Written(long seek, int nbytes, int entries) {}

  /** A branch's basket tables: size, first entry and seek of each basket. */
  private static final class Tables {
    private final List<Written> baskets = new ArrayList<>();
    private final List<Long> firsts = new ArrayList<>();

    void add(long first, Written w) {
      firsts.add(first);
      baskets.add(w);
    }

    TBranch branch(String cls, String name, String title, TLeaf leaf, long entries) {
      int n = baskets.size();
      int[] bytes = new int[n];
      long[] entry = new long[n + 1];
      long[] seek = new long[n];
      for (int i = 0; i < n; i++) {
        bytes[i] = baskets.get(i).nbytes();
        entry[i] = firsts.get(i);
        seek[i] = baskets.get(i).seek();
      }
      entry[n] = entries;
      return new TBranch(
          cls,
          name,
          title,
          101,
          n,
          entries,
          List.of(),
          List.of(leaf),
          bytes,
          entry,
          seek,
          List.of(),
          "");
    }
  }
}
