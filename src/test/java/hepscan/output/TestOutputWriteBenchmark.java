package hepscan.output;

import hepscan.rootio.compress.BlockCompressor;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a timed test: events/s of writing test outputs ({@code mvn -Pbench test
 * -Dtest=TestOutputWriteBenchmark}), 1M events in the layout of the demo's outputs (14 inputs, 2
 * classes), zlib level 1, baskets compressed on one thread and on all cores, side by side. The
 * whole {@code --model M --test} prints its own breakdown (inference, ROOT writing, the rest).
 */
@Tag("bench")
class TestOutputWriteBenchmark {
  @TempDir Path dir;

  @Test
  void writeOneMillionEvents() throws Exception {
    List<String> features = new ArrayList<>();
    for (int j = 0; j < 14; j++) {
      features.add("x" + j);
    }
    OutputColumns columns = OutputColumns.of(List.of("signal", "background"), features, List.of());
    int n = 1_000_000;
    int chunk = ModelTester.CHUNK;
    SplittableRandom r = new SplittableRandom(3);
    Object[] values = new Object[columns.branches().size()];
    for (int b = 0; b < values.length; b++) {
      BranchSpec spec = columns.branches().get(b);
      Object a = Array.newInstance(arrayType(spec), chunk);
      for (int i = 0; i < chunk; i++) {
        // as in real outputs: full-precision floats (inputs, scores), small ints (classes,
        // split), entry numbers, event weights from a few values
        switch (spec.type()) {
          case INT -> Array.setInt(a, i, r.nextInt(2));
          case LONG -> Array.setLong(a, i, i * 7L);
          case FLOAT -> Array.setFloat(a, i, (float) (50 + 20 * r.nextGaussian()));
          default -> Array.setDouble(a, i, WEIGHTS[r.nextInt(WEIGHTS.length)]);
        }
      }
      values[b] = a;
    }
    compareCompression(columns, values);
    for (int run = 0; run < 3; run++) {
      for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
        Path file = dir.resolve("bench.root");
        long t0 = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
          pool.submit(
                  () -> {
                    try (RootFileWriter w = RootFileWriter.create(file)) {
                      TreeWriter t = w.createTree("tree", "bench", columns.branches());
                      for (int done = 0; done < n; done += chunk) {
                        t.append(values);
                      }
                      w.finish();
                    }
                    return null;
                  })
              .get();
        } finally {
          pool.shutdown();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "test outputs %s %d thread(s): %d events x %d branches in %.2f s: %.0f events/s,"
                + " file %.1f MB%n",
            run == 0 ? "(warm-up)" : "         ",
            threads,
            ((n + chunk - 1) / chunk) * (long) chunk,
            values.length,
            s,
            ((n + chunk - 1) / chunk) * (double) chunk / s,
            Files.size(file) / 1e6);
      }
    }
  }

  private static final double[] WEIGHTS = {0.8, 1.0, 1.1, -1.0, 0.9, 1.2};

  /**
   * Side by side on one thread, the same baskets (32 kB of one branch's big-endian values):
   * hepscan's zlib (Huffman coding alone where the search buys under 3 %) against a plain zlib
   * level 1 Deflater, the JDK's, as before.
   */
  private static void compareCompression(OutputColumns columns, Object[] values) {
    List<List<byte[]>> baskets = new ArrayList<>();
    for (int b = 0; b < values.length; b++) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(Array.getLength(values[b]) * 8);
      for (int i = 0; i < Array.getLength(values[b]); i++) {
        switch (columns.branches().get(b).type()) {
          case INT -> buf.putInt(Array.getInt(values[b], i));
          case LONG -> buf.putLong(Array.getLong(values[b], i));
          case FLOAT -> buf.putFloat(Array.getFloat(values[b], i));
          default -> buf.putDouble(Array.getDouble(values[b], i));
        }
      }
      List<byte[]> ofBranch = new ArrayList<>();
      for (int at = 0; at + 32_000 <= buf.position(); at += 32_000) {
        ofBranch.add(java.util.Arrays.copyOfRange(buf.array(), at, at + 32_000));
      }
      baskets.add(ofBranch);
    }
    long raw = 32_000L * baskets.stream().mapToInt(List::size).sum();
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      long ours = 0;
      for (List<byte[]> ofBranch : baskets) {
        // one compressor per branch, as the writer has
        try (BlockCompressor c = new BlockCompressor(CompressionSetting.zlib(1))) {
          for (byte[] basket : ofBranch) {
            ours += c.compress(basket, 0, basket.length).length;
          }
        }
      }
      long t1 = System.nanoTime();
      long plain = 0;
      Deflater d = new Deflater(1);
      byte[] out = new byte[64_000];
      for (byte[] basket : baskets.stream().flatMap(List::stream).toList()) {
        d.reset();
        d.setInput(basket);
        d.finish();
        while (!d.finished()) {
          plain += d.deflate(out);
        }
      }
      d.end();
      long t2 = System.nanoTime();
      System.out.printf(
          "zlib-1 compression of %.1f MB of baskets on 1 thread: hepscan %.0f MB/s, %.1f MB;"
              + " plain Deflater %.0f MB/s, %.1f MB%n",
          raw / 1e6,
          raw / 1e6 / ((t1 - t0) / 1e9),
          ours / 1e6,
          raw / 1e6 / ((t2 - t1) / 1e9),
          plain / 1e6);
    }
  }

  private static Class<?> arrayType(BranchSpec spec) {
    return switch (spec.type()) {
      case INT -> int.class;
      case LONG -> long.class;
      case FLOAT -> float.class;
      default -> double.class;
    };
  }
}
