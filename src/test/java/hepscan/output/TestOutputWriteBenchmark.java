package hepscan.output;

import hepscan.rootio.compress.BlockCompressor;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.compress.HuffmanDeflate;
import hepscan.rootio.tree.LeafType;
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
 * classes), zlib level 1, baskets compressed on one thread and on all cores, side by side; before
 * that, one thread's MB/s of the compressors on the same baskets, and of the Huffman coders on the
 * float branches' baskets. The whole {@code --model M --test} prints its own breakdown (inference,
 * ROOT writing, the rest).
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
    List<List<byte[]>> baskets = baskets(columns, values);
    compareCompression(baskets);
    compareHuffmanCoders(columns, baskets);
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
  private static void compareCompression(List<List<byte[]>> baskets) {
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

  /** Each branch's values cut into baskets of 32 kB, big-endian, as the writer compresses them. */
  private static List<List<byte[]>> baskets(OutputColumns columns, Object[] values) {
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
    return baskets;
  }

  /**
   * One thread, the float branches' baskets only (the inputs and scores: the branches that take
   * Huffman coding alone), interleaved, the order rotated each rep: hepscan's {@link
   * HuffmanDeflate}, the JDK's Deflater with {@code HUFFMAN_ONLY} (zlib's Huffman coder, what
   * BlockCompressor used before) and a plain zlib-1 Deflater (the full search).
   */
  private static void compareHuffmanCoders(OutputColumns columns, List<List<byte[]>> baskets) {
    List<byte[]> floats = new ArrayList<>();
    for (int b = 0; b < baskets.size(); b++) {
      if (columns.branches().get(b).type() == LeafType.FLOAT) {
        floats.addAll(baskets.get(b));
      }
    }
    String[] names = {"HuffmanDeflate", "Deflater HUFFMAN_ONLY", "Deflater zlib-1"};
    int reps = 7;
    int passes = 4; // each timing covers the baskets this many times
    double[][] mbps = new double[names.length][reps];
    long[] bytes = new long[names.length];
    HuffmanDeflate ours = new HuffmanDeflate();
    Deflater huffmanOnly = new Deflater(1);
    huffmanOnly.setStrategy(Deflater.HUFFMAN_ONLY);
    Deflater zlib1 = new Deflater(1);
    byte[] out = new byte[ours.maxCompressedLength(32_000) + 64_000];
    double raw = 32_000.0 * floats.size() * passes;
    for (int rep = -1; rep < reps; rep++) { // rep -1 warms up
      for (int k = 0; k < names.length; k++) {
        int coder = (k + Math.max(rep, 0)) % names.length;
        long size = 0;
        long t0 = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
          for (byte[] basket : floats) {
            size +=
                switch (coder) {
                  case 0 -> ours.compress(basket, 0, basket.length, out);
                  case 1 -> deflate(huffmanOnly, basket, out);
                  default -> deflate(zlib1, basket, out);
                };
          }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (rep >= 0) {
          mbps[coder][rep] = raw / 1e6 / s;
          bytes[coder] = size / passes;
        }
      }
    }
    huffmanOnly.end();
    zlib1.end();
    System.out.printf(
        "Huffman coders on 1 thread, %d float baskets (%.1f MB), %d interleaved reps, load %s:%n",
        floats.size(), 32_000.0 * floats.size() / 1e6, reps, loadAverage());
    double[] medians = new double[names.length];
    for (int c = 0; c < names.length; c++) {
      double[] sorted = mbps[c].clone();
      java.util.Arrays.sort(sorted);
      medians[c] = sorted[reps / 2];
      System.out.printf(
          "  %-22s median %6.0f MB/s (%4.0f-%4.0f), %.3f MB, %.4f of zlib HUFFMAN_ONLY's size%n",
          names[c],
          medians[c],
          sorted[0],
          sorted[reps - 1],
          bytes[c] / 1e6,
          (double) bytes[c] / bytes[1]);
    }
    double[] paired = new double[reps];
    for (int rep = 0; rep < reps; rep++) {
      paired[rep] = mbps[0][rep] / mbps[1][rep];
    }
    java.util.Arrays.sort(paired);
    System.out.printf(
        "  HuffmanDeflate / Deflater HUFFMAN_ONLY: %.2fx (paired ratios %.2f-%.2f, median %.2f);"
            + " / zlib-1: %.2fx%n",
        medians[0] / medians[1],
        paired[0],
        paired[reps - 1],
        paired[reps / 2],
        medians[0] / medians[2]);
  }

  private static int deflate(Deflater d, byte[] src, byte[] out) {
    d.reset();
    d.setInput(src);
    d.finish();
    int n = 0;
    while (!d.finished()) {
      n += d.deflate(out, n, out.length - n);
    }
    return n;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
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
