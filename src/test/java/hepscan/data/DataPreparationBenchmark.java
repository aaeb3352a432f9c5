package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.data.expr.Expression;
import hepscan.rootio.BasketInflation;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-preparation rate for 1M events x 20 float inputs (two zlib-1 ROOT files written by the
 * project's writer), from the ROOT files and from the cache, beside the floor under it: raw zlib
 * decompression of the same baskets on all cores. "decompression = x%" is that floor's share of
 * each step's time; preparation from ROOT files is limited by decompression when it is most of it.
 * "first" is the first round, with a cold JIT, as in a job that prepares once. Run: {@code mvn -B
 * -o -Pbench test -Dtest=DataPreparationBenchmark}.
 */
@Tag("bench")
class DataPreparationBenchmark {
  static final int EVENTS_PER_FILE = 500_000;
  static final int VARIABLES = 20;
  static final int WARMUP = 2;
  static final int ROUNDS = 7;

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
    Parameters noCache = ParametersLoader.load(rewrite("cache: false"), dir);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    int events = 2 * EVENTS_PER_FILE;
    List<Path> files = List.of(dir.resolve("data/sig.root"), dir.resolve("data/bkg.root"));
    List<byte[]> records = new ArrayList<>();
    for (Path f : files) {
      records.addAll(BasketInflation.records(f, "tree"));
    }
    long inflated = BasketInflation.decompressedBytes(records);
    DataPreparation.Compiled compiled = DataPreparation.Compiled.of(p);
    var refs = compiled.variables();
    List<Expression> expressions = new ArrayList<>(compiled.inputs());
    expressions.add(compiled.cut());
    expressions.add(compiled.weight());
    List<FileColumns> read = new ArrayList<>();
    for (Path f : files) {
      read.add(new RootSampleReader().read(f, "tree", refs));
    }
    PreparedData d = DataPreparation.prepare(p, dir, quiet); // writes the cache, warms nothing else
    long cacheBytes = Files.size(DataCache.file(dir, "bench", d.dataHash()));

    // the four steps in turn, ROUNDS times: a load spike on this shared machine hits all alike
    List<Step> steps =
        List.of(
            new Step(
                "raw zlib decompression (Inflater, all cores)",
                () -> assertEquals(inflated, BasketInflation.inflate(records, true))),
            new Step(
                "reader: decompress and decode the columns",
                () -> {
                  for (Path f : files) {
                    assertEquals(
                        EVENTS_PER_FILE, new RootSampleReader().read(f, "tree", refs).entries());
                  }
                }),
            new Step(
                "expressions: cut, weight, 20 inputs, as copies",
                () -> {
                  // an upper bound: preparation uses a plain float leaf without evaluating it
                  for (FileColumns cols : read) {
                    expressions.parallelStream()
                        .forEach(
                            e ->
                                assertEquals(
                                    EVENTS_PER_FILE,
                                    e.evaluate(cols::doubles, EVENTS_PER_FILE).length));
                  }
                }),
            new Step(
                "prepare from the zlib ROOT files",
                () ->
                    assertEquals(
                        d.dataHash(), DataPreparation.prepare(noCache, dir, quiet).dataHash())),
            new Step(
                "prepare from the cache",
                () ->
                    assertEquals(d.dataHash(), DataPreparation.prepare(p, dir, quiet).dataHash())));
    double[][] seconds = new double[steps.size()][ROUNDS];
    double[] cold = new double[steps.size()];
    for (int round = -WARMUP; round < ROUNDS; round++) {
      for (int i = 0; i < steps.size(); i++) {
        long t0 = System.nanoTime();
        steps.get(i).work().run();
        double t = (System.nanoTime() - t0) / 1e9;
        if (round == -WARMUP) {
          cold[i] = t;
        } else if (round >= 0) {
          seconds[i][round] = t;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "DataPreparationBenchmark: %d events x %d float variables, 2 zlib-1 files of %.1f MB"
            + " (%.1f MB of baskets decompressed), cache %.1f MB, %d cores; median of %d rounds%n",
        events,
        VARIABLES,
        rootBytes / 1e6,
        inflated / 1e6,
        cacheBytes / 1e6,
        Runtime.getRuntime().availableProcessors(),
        ROUNDS);
    double inflate = median(seconds[0]);
    for (int i = 0; i < steps.size(); i++) {
      double t = median(seconds[i]);
      System.out.printf(
          Locale.ROOT,
          "  %-46s %6.3f s  (min %.3f, first %.3f)  %5.1f M events/s  %6.1f MB/s"
              + "  decompression = %3.0f%%%n",
          steps.get(i).name(),
          t,
          Arrays.stream(seconds[i]).min().orElseThrow(),
          cold[i],
          events / t / 1e6,
          inflated / 1e6 / t,
          100 * inflate / t);
    }
  }

  private record Step(String name, Work work) {}

  private interface Work {
    void run() throws Exception;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private Path rewrite(String extra) throws java.io.IOException {
    Path q = dir.resolve("params-nocache.yaml");
    Files.writeString(q, Files.readString(dir.resolve("params.yaml")) + extra + "\n");
    return q;
  }
}
