package hepscan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.data.Scaler;
import hepscan.data.SplitArrays;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reference workload of {@code bench/README.md} (200k events, 20 inputs, 20-64-64-1 ReLU,
 * weighted BCE, Adam 1e-3, batch 256/1024/4096, 3 epochs, best epoch), trained by {@link Trainer}
 * and, interleaved in the same run, by the PyTorch peer {@code bench/torch_mlp_bench.py}. Prints a
 * side-by-side table and writes it to {@code target/training-benchmark.md}.
 *
 * <p>Run: {@code mvn -B -o -Pbench test -Dtest=TrainingBenchmark} (the PyTorch peer needs {@code
 * apt-get install python3-torch libopenblas0-openmp}; without it only hepscan's figures print).
 * {@code -Dbench.repeats=N} sets the interleaved repetitions (default 5; medians are reported).
 */
@Tag("bench")
class TrainingBenchmark {
  static final int N = 200_000;
  static final int N_EVAL = 20_000;
  static final int F = 20;
  static final int[] BATCHES = {256, 1024, 4096};
  static final String PYTHON = "/usr/bin/python3";
  static final Path PEER = Path.of("bench/torch_mlp_bench.py");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Synthetic data as in the peer: x ~ N(0,1), y = [x.w + 0.5 noise > 0], weights in [0.5, 1.5).
   */
  static SplitArrays data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] wTrue = new double[F];
    SplittableRandom rt = new SplittableRandom(42);
    for (int j = 0; j < F; j++) {
      wTrue[j] = gauss(rt);
    }
    float[] x = new float[n * F];
    int[] y = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      double dot = 0;
      for (int j = 0; j < F; j++) {
        x[i * F + j] = (float) gauss(r);
        dot += x[i * F + j] * wTrue[j];
      }
      y[i] = dot + 0.5 * gauss(r) > 0 ? 0 : 1;
      w[i] = (float) (0.5 + r.nextDouble());
    }
    return new SplitArrays(n, F, x, y, w);
  }

  static Hyperparameters reference(int batch) {
    return new Hyperparameters(
        1e-3,
        64,
        2,
        Activation.RELU,
        0,
        0,
        OptimizerKind.ADAM,
        3,
        batch,
        LossFunction.BINARY_CROSSENTROPY,
        OutputActivation.SIGMOID);
  }

  static TrainingInput referenceInput() {
    SplitArrays train = data(N, 1);
    double[] mean = new double[F];
    double[] std = new double[F];
    boolean[] scaled = new boolean[F];
    Arrays.fill(std, 1);
    Arrays.fill(scaled, true);
    return new TrainingInput(train, data(N_EVAL, 2), new Scaler(mean, std, scaled), 2);
  }

  @Test
  void trainingAgainstPyTorch() throws Exception {
    int repeats = Integer.getInteger("bench.repeats", 5);
    boolean peer = peerAvailable();
    TrainingInput input = referenceInput();
    Map<Integer, List<Double>> ours = new LinkedHashMap<>();
    Map<Integer, List<Double>> oursTrial = new LinkedHashMap<>();
    Map<Integer, List<Double>> theirs = new LinkedHashMap<>();
    List<Double> ourInference = new ArrayList<>();
    List<Double> theirInference = new ArrayList<>();
    for (int b : BATCHES) {
      ours.put(b, new ArrayList<>());
      oursTrial.put(b, new ArrayList<>());
      theirs.put(b, new ArrayList<>());
    }
    List<Double> loads = new ArrayList<>();
    // interleaved finely (per batch size) so that both sides see the same machine load
    for (int rep = 0; rep < repeats; rep++) {
      for (int b : BATCHES) {
        if (peer) {
          JsonNode t =
              runPeer(
                  "--mode",
                  "train",
                  "--shuffle",
                  "copy",
                  "--json",
                  "--epochs",
                  "3",
                  "--batch-sizes",
                  String.valueOf(b));
          theirs
              .get(b)
              .add(t.path("train").path(String.valueOf(b)).path("best_events_per_s").asDouble());
        }
        TrainingResult r =
            Trainer.train(
                input,
                reference(b),
                new TrainingSettings(null, null, rep, DeviceChoice.CPU),
                TrainingListener.NONE);
        try (TrainedModel m = r.model()) {
          double best =
              r.history().stream().mapToDouble(e -> N / e.trainSeconds()).max().orElseThrow();
          ours.get(b).add(best);
          oursTrial.get(b).add(r.eventsPerSecond());
          System.out.printf(
              "rep %d bs %5d: hepscan best %.0f ev/s (epochs %s), PyTorch best %s ev/s, load %.1f%n",
              rep,
              b,
              best,
              r.history().stream().map(e -> String.format("%.0f", N / e.trainSeconds())).toList(),
              peer ? String.format("%.0f", theirs.get(b).get(rep)) : "n/a",
              loadAverage());
          loads.add(loadAverage());
          if (b == BATCHES[BATCHES.length - 1]) {
            if (peer) {
              theirInference.add(
                  runPeer("--mode", "infer", "--json", "--infer-passes", "5")
                      .path("infer")
                      .path("best_events_per_s")
                      .asDouble());
            }
            ourInference.add(inference(m, input.training()));
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "## Training events/s, median of %d interleaved runs (best epoch of 3), 2 threads, 1-min load average %.1f-%.1f on %d cores%n%n",
            repeats,
            loads.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
            loads.stream().mapToDouble(d -> d).max().orElse(Double.NaN),
            Runtime.getRuntime().availableProcessors()));
    out.append(
        "| batch | hepscan train loop | PyTorch 1.13 | ratio of medians | median of paired ratios (min-max) | hepscan whole trial (incl. validation, metrics per epoch) |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (int b : BATCHES) {
      double o = median(ours.get(b));
      double t = peer ? median(theirs.get(b)) : Double.NaN;
      List<Double> paired = new ArrayList<>();
      for (int i = 0; peer && i < ours.get(b).size(); i++) {
        paired.add(ours.get(b).get(i) / theirs.get(b).get(i));
      }
      out.append(
          String.format(
              "| %d | %.0f | %s | %s | %s | %.0f |%n",
              b,
              o,
              peer ? String.format("%.0f", t) : "n/a",
              peer ? String.format("%.2f×", o / t) : "n/a",
              peer
                  ? String.format(
                      "%.2f× (%.2f-%.2f)",
                      median(paired),
                      paired.stream().mapToDouble(d -> d).min().orElseThrow(),
                      paired.stream().mapToDouble(d -> d).max().orElseThrow())
                  : "n/a",
              median(oursTrial.get(b))));
    }
    double oi = median(ourInference);
    double ti = peer ? median(theirInference) : Double.NaN;
    out.append(String.format("%n## Inference events/s (batch 65536, no grad)%n%n"));
    out.append(
        String.format(
            "| hepscan TrainedModel.predict (host array in, host array out) | %.0f |%n", oi));
    out.append(
        String.format(
            "| PyTorch (resident tensor, no host copies) | %s |%n",
            peer ? String.format("%.0f", ti) : "n/a"));
    FirstBatch first = firstBatch();
    out.append(
        String.format(
            "%n## Start to first trained batch (process spawn to first batch done, 4096 events, batch 256)%n%n"));
    out.append(String.format("| hepscan (new JVM) | %.2f s |%n", first.ours));
    out.append(
        String.format(
            "| PyTorch (new python3, self-reported from interpreter start) | %s |%n",
            Double.isNaN(first.theirs) ? "n/a" : String.format("%.2f s", first.theirs)));
    System.out.println(out);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/training-benchmark.md"), out.toString());
  }

  /** Resident set size across 50 short trials in one JVM: native memory must stay flat. */
  @Test
  void memoryOverFiftyTrials() throws IOException {
    SplitArrays train = data(20_000, 3);
    SplitArrays eval = data(5_000, 4);
    double[] std = new double[F];
    boolean[] scaled = new boolean[F];
    Arrays.fill(std, 1);
    Arrays.fill(scaled, true);
    TrainingInput input = new TrainingInput(train, eval, new Scaler(new double[F], std, scaled), 2);
    List<Double> rss = new ArrayList<>();
    List<Double> heap = new ArrayList<>();
    for (int trial = 0; trial < 50; trial++) {
      Hyperparameters hp = reference(256).withEpochs(2);
      Trainer.train(input, hp, TrainingSettings.plain(trial), TrainingListener.NONE)
          .model()
          .close();
      System.gc();
      rss.add(rssMiB());
      heap.add(Runtime.getRuntime().totalMemory() / 1048576.0);
    }
    String line =
        String.format(
            "RSS after trials 1, 10, 25, 50: %.0f, %.0f, %.0f, %.0f MiB (JVM heap committed %.0f, %.0f, %.0f, %.0f MiB)",
            rss.get(0),
            rss.get(9),
            rss.get(24),
            rss.get(49),
            heap.get(0),
            heap.get(9),
            heap.get(24),
            heap.get(49));
    System.out.println(line);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/training-memory.txt"), line + "\n");
    org.junit.jupiter.api.Assertions.assertTrue(rss.get(49) - rss.get(9) < 50, line);
  }

  static double inference(TrainedModel m, SplitArrays a) {
    double best = 0;
    for (int pass = 0; pass < 6; pass++) {
      long t0 = System.nanoTime();
      m.predict(a.features(), a.nEvents());
      double rate = a.nEvents() / ((System.nanoTime() - t0) / 1e9);
      if (pass > 0) {
        best = Math.max(best, rate);
      }
    }
    return best;
  }

  record FirstBatch(double ours, double theirs) {}

  /**
   * Spawns a JVM that trains one batch ({@link FirstBatchMain}), and the peer's {@code --mode
   * first}.
   */
  static FirstBatch firstBatch() throws Exception {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java, "-Dai.djl.offline=true", "-cp", cp, FirstBatchMain.class.getName());
    pb.redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    double ours = Double.NaN;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("first batch done")) {
          ours = (System.nanoTime() - t0) / 1e9;
        }
      }
    }
    p.waitFor();
    double theirs =
        peerAvailable()
            ? runPeer("--mode", "first", "--json")
                .path("first")
                .path("start_to_first_batch_s")
                .asDouble()
            : Double.NaN;
    return new FirstBatch(ours, theirs);
  }

  static boolean peerAvailable() {
    if (!Files.isRegularFile(PEER) || !Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch").start();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static JsonNode runPeer(String... args) throws IOException, InterruptedException {
    return runPython(PEER, args);
  }

  /** Runs a Python script of {@code bench/} and reads the JSON object it prints. */
  static JsonNode runPython(Path script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    Assumptions.assumeTrue(rc == 0, "PyTorch peer failed: " + cmd);
    return JSON.readTree(stdout);
  }

  static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  static double rssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return Double.NaN;
  }

  static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length == 0
        ? Double.NaN
        : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double gauss(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
