package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.data.expr.Expression;
import hepscan.data.expr.VariableRef;
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
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-preparation rate for 1M events x 20 input variables (two zlib-1 ROOT files written by the
 * project's writer), from the ROOT files and from the cache, beside the floor under it: raw zlib
 * decompression of the same baskets on all cores. "decompression = x%" is that floor's share of
 * each step's time; preparation from ROOT files is limited by decompression when it is most of it.
 * "first" is the first round, with a cold JIT, as in a job that prepares once.
 *
 * <p>Two workloads on the same files: "plain" (20 float inputs, the weight and a cut) and
 * "analysis-like" (19 float inputs and an integer one-hot input, a cut on two variables, two
 * computed other_variables). Run: {@code mvn -B -o -Pbench test -Dtest=DataPreparationBenchmark}.
 */
@Tag("bench")
class DataPreparationBenchmark {
  static final int EVENTS_PER_FILE = 500_000;
  static final int FLOATS = 20;
  static final int WARMUP = 2;
  static final int ROUNDS = 7;
  static final List<String> FILES = List.of("sig", "bkg");

  @TempDir Path dir;

  @Test
  void rates() throws Exception {
    long rootBytes = writeFiles();
    Files.writeString(
        dir.resolve("samples.yaml"),
        "samples:\n  sig: {files: [data/sig.root], tag: S, signal: true}\n"
            + "  bkg: {files: [data/bkg.root], tag: B}\n");
    Files.writeString(dir.resolve("x.json"), "{\"bkg\": 1}");
    String floats =
        IntStream.range(0, FLOATS).mapToObj(v -> "v" + v).collect(Collectors.joining(", "));
    String floatsButLast =
        IntStream.range(0, FLOATS - 1).mapToObj(v -> "v" + v).collect(Collectors.joining(", "));
    System.out.printf(
        Locale.ROOT,
        "DataPreparationBenchmark: %d events in 2 zlib-1 files of %.1f MB, %d cores;"
            + " medians of %d rounds%n",
        FILES.size() * EVENTS_PER_FILE,
        rootBytes / 1e6,
        Runtime.getRuntime().availableProcessors(),
        ROUNDS);
    run("plain", "cut: v0 > -100\ninputs: [" + floats + "]\n");
    run(
        "analysis",
        "cut: v0 > -3 && n_jets >= 0\ninputs: ["
            + floatsButLast
            + ", n_jets@op]\nother_variables: [v0 + v1, abs(v2)]\n");
  }

  /** Writes v0..v19 (Gaussian floats), n_jets (int, 0-7) and w (float 1) to each file. */
  private long writeFiles() throws Exception {
    List<BranchSpec> branches = new ArrayList<>();
    for (int v = 0; v < FLOATS; v++) {
      branches.add(new BranchSpec("v" + v, LeafType.FLOAT));
    }
    branches.add(new BranchSpec("n_jets", LeafType.INT));
    branches.add(new BranchSpec("w", LeafType.FLOAT));
    long bytes = 0;
    for (String name : FILES) {
      Path file = dir.resolve("data/" + name + ".root");
      Files.createDirectories(file.getParent());
      SplittableRandom rng = new SplittableRandom(name.hashCode());
      try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
        TreeWriter t = w.createTree("tree", "bench", branches);
        int chunk = 50_000;
        for (int start = 0; start < EVENTS_PER_FILE; start += chunk) {
          Object[] cols = new Object[FLOATS + 2];
          for (int v = 0; v < FLOATS; v++) {
            float[] a = new float[chunk];
            for (int i = 0; i < chunk; i++) {
              a[i] = (float) rng.nextGaussian();
            }
            cols[v] = a;
          }
          int[] jets = new int[chunk];
          for (int i = 0; i < chunk; i++) {
            jets[i] = rng.nextInt(8);
          }
          cols[FLOATS] = jets;
          float[] weights = new float[chunk];
          Arrays.fill(weights, 1f);
          cols[FLOATS + 1] = weights;
          t.append(cols);
        }
        w.finish();
      }
      bytes += Files.size(file);
    }
    return bytes;
  }

  private void run(String name, String expressions) throws Exception {
    String common =
        "samples: samples.yaml\nxsec_json: x.json\nevent_weight_sum_json: x.json\nsuffix: "
            + name
            + "\nscan: {lr: [0.01]}\nweight: w\noutputs: [$S, $B]\n"
            + expressions;
    Files.writeString(dir.resolve(name + ".yaml"), common);
    Files.writeString(dir.resolve(name + "-nocache.yaml"), common + "cache: false\n");
    Parameters p = ParametersLoader.load(dir.resolve(name + ".yaml"), dir);
    Parameters noCache = ParametersLoader.load(dir.resolve(name + "-nocache.yaml"), dir);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    int events = FILES.size() * EVENTS_PER_FILE;
    List<Path> files = FILES.stream().map(f -> dir.resolve("data/" + f + ".root")).toList();

    DataPreparation.Compiled compiled = DataPreparation.Compiled.of(p);
    // no sample has a cut or weight of its own here: every one reads the same
    DataPreparation.Compiled.SampleExpressions se = compiled.perSample().values().iterator().next();
    Set<VariableRef> refs = se.variables();
    Set<String> branches = refs.stream().map(VariableRef::branch).collect(Collectors.toSet());
    List<byte[]> records = new ArrayList<>();
    for (Path f : files) {
      records.addAll(BasketInflation.records(f, "tree", branches));
    }
    long inflated = BasketInflation.decompressedBytes(records);
    List<Expression> all = new ArrayList<>(compiled.inputs());
    all.add(se.cut());
    all.add(se.weight());
    all.addAll(compiled.others());
    List<FileColumns> read = new ArrayList<>();
    for (Path f : files) {
      read.add(new RootSampleReader().read(f, "tree", refs));
    }
    PreparedData d = DataPreparation.prepare(p, dir, quiet); // writes the cache
    long cacheBytes = Files.size(DataCache.file(dir, name, d.dataHash()));

    // the steps in turn, ROUNDS times: a load spike on this shared machine hits all alike
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
                "expressions, every one as a copy",
                () -> {
                  // an upper bound: preparation uses a plain float leaf without evaluating it
                  for (FileColumns cols : read) {
                    all.parallelStream()
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
        "%s: %s%n  %d features, %d variables read (%.1f MB of baskets decompressed), cache %.1f MB%n",
        name,
        expressions.replace('\n', ';'),
        d.training().nFeatures(),
        refs.size(),
        inflated / 1e6,
        cacheBytes / 1e6);
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
}
