package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafInfo;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.TreeReader;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a timed test: prints read throughput (MB/s of decompressed basket data) for a multi-MB zlib
 * file — hepscan single-thread and parallel, raw {@link Inflater} on the same baskets, and JSROOT
 * through tools/rootcheck on the same file. Run with {@code mvn -Pbench test -Dtest=ReadBenchmark}.
 *
 * <p>The file is written here by hepscan's writer (zlib level 1, ROOT's default basket size):
 * physics-like doubles and floats (Gaussian, rounded as detector values are), small integers, a run
 * number and a flag: 12 flat branches (the writer writes flat branches only). JSROOT's time
 * includes rootcheck's per-value statistics in JavaScript; hepscan's includes opening the file and
 * filling the arrays, not statistics.
 */
@Tag("bench")
class ReadBenchmark {
  private static final int ENTRIES = 500_000;
  private static final int WARMUP = 2;
  private static final int RUNS = 5;

  @TempDir Path dir;

  @Test
  void readThroughput() throws Exception {
    Path file = writeBenchmarkFile(dir.resolve("bench-zlib.root"));
    List<byte[]> records = BasketInflation.records(file, "events");
    long decompressedBytes = BasketInflation.decompressedBytes(records);
    System.out.printf(
        "file %s: %.1f MB on disk, %d baskets, %.1f MB of decompressed basket data%n",
        file.getFileName(), Files.size(file) / 1e6, records.size(), decompressedBytes / 1e6);

    double inflater =
        best(() -> assertEquals(decompressedBytes, BasketInflation.inflate(records, false)));
    double single = best(() -> readAll(file, 1));
    int cores = Runtime.getRuntime().availableProcessors();
    double parallel = best(() -> readAll(file, cores));
    report("raw java.util.zip.Inflater, 1 thread", decompressedBytes, inflater, inflater);
    report("hepscan read, 1 thread", decompressedBytes, single, inflater);
    report("hepscan read, " + cores + " threads", decompressedBytes, parallel, inflater);

    Path rootcheck = Path.of("tools/rootcheck/rootcheck.mjs").toAbsolutePath();
    if (Files.exists(rootcheck.getParent().resolve("node_modules")) && nodeAvailable()) {
      double startup =
          bestProcess(
              List.of(
                  "node",
                  rootcheck.toString(),
                  RootTestFiles.file("uproot-simple.root").toString()));
      double jsroot = bestProcess(List.of("node", rootcheck.toString(), file.toString()));
      report("JSROOT (rootcheck, whole process)", decompressedBytes, jsroot, inflater);
      report(
          "JSROOT (rootcheck, minus " + String.format("%.2f", startup) + " s start-up)",
          decompressedBytes,
          jsroot - startup,
          inflater);
      System.out.printf(
          "hepscan single thread / JSROOT: %.1f×, parallel / JSROOT: %.1f× (start-up excluded)%n",
          (jsroot - startup) / single, (jsroot - startup) / parallel);
    } else {
      System.out.println(
          "JSROOT: skipped (node or tools/rootcheck/node_modules missing; run npm ci there)");
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

  private static double bestProcess(List<String> command) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertEquals(0, p.waitFor(), "rootcheck failed: " + command);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  private static boolean nodeAvailable() {
    try {
      return new ProcessBuilder("node", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor()
          == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Reads every column, the basket decompression running on a pool of {@code threads}. */
  private static void readAll(Path file, int threads) throws Exception {
    ForkJoinPool pool = new ForkJoinPool(threads);
    try (RootFile f = RootFile.open(file)) {
      TreeReader t = f.tree("events");
      List<String> names = t.leaves().stream().map(LeafInfo::name).toList();
      // Parallel streams started inside a pool's task run on that pool.
      Map<String, Column> columns =
          pool.submit(
                  () -> {
                    try {
                      return t.read(names);
                    } catch (RootIOException e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .get();
      assertEquals(ENTRIES, columns.get("x0").entries());
    } finally {
      pool.shutdown();
    }
  }

  private static Path writeBenchmarkFile(Path file) throws Exception {
    List<BranchSpec> specs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      specs.add(new BranchSpec("x" + i, LeafType.DOUBLE));
    }
    for (int i = 0; i < 4; i++) {
      specs.add(new BranchSpec("f" + i, LeafType.FLOAT));
    }
    specs.add(new BranchSpec("n", LeafType.INT));
    specs.add(new BranchSpec("run", LeafType.LONG));
    specs.add(new BranchSpec("pass", LeafType.BOOL));
    SplittableRandom r = new SplittableRandom(2026);
    int chunk = 50_000;
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t = w.createTree("events", "benchmark", specs);
      for (int done = 0; done < ENTRIES; done += chunk) {
        Object[] columns = new Object[specs.size()];
        for (int i = 0; i < 5; i++) {
          double[] x = new double[chunk];
          for (int k = 0; k < chunk; k++) {
            x[k] = Math.round(r.nextGaussian() * 4000) / 64.0;
          }
          columns[i] = x;
        }
        for (int i = 0; i < 4; i++) {
          float[] x = new float[chunk];
          for (int k = 0; k < chunk; k++) {
            x[k] = (float) (Math.abs(r.nextGaussian()) * 50);
          }
          columns[5 + i] = x;
        }
        int[] n = new int[chunk];
        long[] run = new long[chunk];
        boolean[] pass = new boolean[chunk];
        for (int k = 0; k < chunk; k++) {
          n[k] = r.nextInt(12);
          run[k] = 273_000 + (done + k) / 10_000;
          pass[k] = r.nextInt(3) == 0;
        }
        columns[9] = n;
        columns[10] = run;
        columns[11] = pass;
        t.append(columns);
      }
      w.finish();
    }
    return file;
  }
}
