package hepscan.data;

import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-preparation rate for 1M events x 20 float inputs (two zlib-1 ROOT files written by the
 * project's writer), from the ROOT files and then from the cache. Run: {@code mvn -B -o -Pbench
 * test -Dtest=DataPreparationBenchmark}.
 */
@Tag("bench")
class DataPreparationBenchmark {
  static final int EVENTS_PER_FILE = 500_000;
  static final int VARIABLES = 20;

  @TempDir Path dir;

  @Test
  void rates() throws Exception {
    List<BranchSpec> branches = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    for (int v = 0; v < VARIABLES; v++) {
      branches.add(new BranchSpec("v" + v, LeafType.FLOAT));
      inputs.add("v" + v);
    }
    branches.add(new BranchSpec("w", LeafType.FLOAT));
    long rootBytes = 0;
    for (String name : List.of("sig", "bkg")) {
      Path file = dir.resolve("data/" + name + ".root");
      Files.createDirectories(file.getParent());
      SplittableRandom rng = new SplittableRandom(name.hashCode());
      try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
        TreeWriter t = w.createTree("tree", "bench", branches);
        int chunk = 50_000;
        for (int start = 0; start < EVENTS_PER_FILE; start += chunk) {
          Object[] cols = new Object[VARIABLES + 1];
          for (int v = 0; v <= VARIABLES; v++) {
            float[] a = new float[chunk];
            for (int i = 0; i < chunk; i++) {
              a[i] = v == VARIABLES ? 1f : (float) rng.nextGaussian();
            }
            cols[v] = a;
          }
          t.append(cols);
        }
        w.finish();
      }
      rootBytes += Files.size(file);
    }
    Files.writeString(
        dir.resolve("samples.yaml"),
        "samples:\n  sig: {files: [data/sig.root], tag: S, signal: true}\n  bkg: {files: [data/bkg.root], tag: B}\n");
    Files.writeString(dir.resolve("x.json"), "{\"bkg\": 1}");
    Files.writeString(
        dir.resolve("params.yaml"),
        "samples: samples.yaml\nxsec_json: x.json\nevent_weight_sum_json: x.json\nsuffix: bench\n"
            + "scan: {lr: [0.01]}\ncut: v0 > -100\nweight: w\ninputs: ["
            + String.join(", ", inputs)
            + "]\n"
            + "outputs: [$S, $B]\n");
    Parameters p = ParametersLoader.load(dir.resolve("params.yaml"), dir);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    int events = 2 * EVENTS_PER_FILE;

    Parameters noCache = ParametersLoader.load(rewrite("cache: false"), dir);
    DataPreparation.prepare(noCache, dir, quiet); // warm-up: JIT, page cache

    // the reader alone: decompression and conversion to double columns
    long t0 = System.nanoTime();
    var refs = DataPreparation.Compiled.of(p).variables();
    for (String name : List.of("sig", "bkg")) {
      new RootSampleReader().read(dir.resolve("data/" + name + ".root"), "tree", refs);
    }
    double readOnly = (System.nanoTime() - t0) / 1e9;

    t0 = System.nanoTime();
    PreparedData d = DataPreparation.prepare(noCache, dir, quiet);
    double fromRoot = (System.nanoTime() - t0) / 1e9;

    DataPreparation.prepare(p, dir, quiet); // writes the cache
    long cacheBytes = Files.size(DataCache.file(dir, "bench", d.dataHash()));
    t0 = System.nanoTime();
    DataPreparation.prepare(p, dir, quiet);
    double fromCache = (System.nanoTime() - t0) / 1e9;

    System.out.printf(
        Locale.ROOT,
        "DataPreparationBenchmark: %d events x %d variables%n"
            + "  reader only (zlib-1, %.1f MB): %.2f s, %.0f events/s, %.1f MB/s%n"
            + "  prepare from ROOT files: %.2f s, %.0f events/s, %.1f MB/s (%.0f%% of it in the reader)%n"
            + "  prepare from cache (%.1f MB): %.3f s, %.0f events/s, %.1f MB/s%n",
        events,
        VARIABLES,
        rootBytes / 1e6,
        readOnly,
        events / readOnly,
        rootBytes / 1e6 / readOnly,
        fromRoot,
        events / fromRoot,
        rootBytes / 1e6 / fromRoot,
        100 * readOnly / fromRoot,
        cacheBytes / 1e6,
        fromCache,
        events / fromCache,
        cacheBytes / 1e6 / fromCache);
  }

  private Path rewrite(String extra) throws java.io.IOException {
    Path q = dir.resolve("params-nocache.yaml");
    Files.writeString(q, Files.readString(dir.resolve("params.yaml")) + extra + "\n");
    return q;
  }
}
