package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not timed tests: figures printed for the issue ({@code mvn -Pbench test -Dtest='*Writer*Test'}).
 * The large-file test writes 2.2 GB, so that real seeks pass ROOT's 2 GB boundary.
 */
@Tag("bench")
class RootFileWriterBenchTest {
  @TempDir Path dir;

  private static final int CHUNK = 1 << 20;

  @Test
  void writeThroughput() throws Exception {
    int entries = 12_500_000; // 100 MB of doubles
    double[] chunk = new double[CHUNK];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < CHUNK; i++)
      chunk[i] = Math.round(r.nextGaussian() * 1000) / 64.0; // physics-like precision
    List<CompressionSetting> settings =
        List.of(
            CompressionSetting.zlib(1),
            CompressionSetting.lz4(1),
            CompressionSetting.zstd(1),
            CompressionSetting.zstd(5),
            CompressionSetting.lzma(1),
            CompressionSetting.UNCOMPRESSED);
    for (int run = 0; run < 2; run++) { // the first round warms up the JIT and the page cache
      for (CompressionSetting s : settings) {
        Path file = dir.resolve("bench.root");
        long t0 = System.nanoTime();
        try (RootFileWriter w = RootFileWriter.create(file, s)) {
          TreeWriter t = w.createTree("t", "", List.of(new BranchSpec("x", LeafType.DOUBLE)));
          for (int done = 0; done < entries; done += CHUNK) {
            int n = Math.min(CHUNK, entries - done);
            t.append((Object) (n == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, n)));
          }
          w.finish();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double mb = entries * 8 / 1e6;
        System.out.printf(
            "rootio write %s %-8s %6.1f MB of doubles in %5.2f s: %6.1f MB/s, file %6.1f MB%n",
            run == 0 ? "warm-up" : "       ",
            s.algorithm().label() + "-" + s.level(),
            mb,
            seconds,
            mb / seconds,
            Files.size(file) / 1e6);
        Files.delete(file);
      }
    }
    rawDeflaterBaseline(chunk, entries);
  }

  /**
   * The same bytes through java.util.zip.Deflater level 1 alone, in 32000-byte blocks: the writer's
   * ceiling.
   */
  private static void rawDeflaterBaseline(double[] chunk, int entries) {
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(chunk.length * 8);
    bytes.asDoubleBuffer().put(chunk);
    byte[] src = bytes.array();
    byte[] dst = new byte[64_000];
    java.util.zip.Deflater d = new java.util.zip.Deflater(1);
    long total = (long) entries * 8;
    long t0 = System.nanoTime();
    for (long done = 0; done < total; done += 32000) {
      int at = (int) (done % (src.length - 32000));
      d.reset();
      d.setInput(src, at, 32000);
      d.finish();
      while (!d.finished()) d.deflate(dst);
    }
    d.end();
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "raw Deflater level 1, 32000-byte blocks: %6.1f MB in %5.2f s: %6.1f MB/s%n",
        total / 1e6, seconds, total / 1e6 / seconds);
  }

  @Test
  void fileBeyondTwoGigabytesSwitchesTo64BitPointers() throws Exception {
    RootCheck.assumeAvailable();
    Path file = dir.resolve("big.root");
    long entries = 275L * CHUNK; // 2.3 GB uncompressed
    double[] chunk = new double[CHUNK];
    for (int i = 0; i < CHUNK; i++) chunk[i] = i % 1000;
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.UNCOMPRESSED)) {
      TreeWriter t = w.createTree("t", "", List.of(new BranchSpec("x", LeafType.DOUBLE)));
      TreeWriter small = w.createTree("after", "", List.of(new BranchSpec("n", LeafType.INT)));
      for (long done = 0; done < entries; done += CHUNK) {
        t.append((Object) chunk);
      }
      small.append((Object) new int[] {1, 2, 3}); // its basket lies beyond 2 GB
      w.finish();
    }
    assertTrue(Files.size(file) > 2_147_483_648L);
    JsonNode json = RootCheck.read(file);
    assertTrue(json.get("largeFile").asBoolean());
    assertEquals(0, json.get("trailingBytes").asInt());
    JsonNode stats = json.at("/trees/0/branches/0/stats");
    assertEquals(entries, json.at("/trees/0/entries").asLong());
    assertEquals(entries, stats.get("count").asLong());
    assertEquals(999, stats.get("max").asInt());
    double chunkSum = 0;
    for (double v : chunk) chunkSum += v;
    assertEquals(chunkSum * 275, stats.get("sum").asDouble(), 1e-12 * chunkSum * 275);
    assertEquals(6, json.at("/trees/1/branches/0/stats/sum").asInt());
    Files.delete(file);
  }
}
