package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Trial packing (issue 15): a 16-trial grid of the reference model (20 inputs, 64-64 ReLU, one
 * output, 200k training events, batch 1024, Adam, 5 epochs; lr x l2 x dropout = 4 x 2 x 2), trained
 * as one pack by {@link PackedTrainer}, one trial after another by {@link Trainer}, and one after
 * another by PyTorch ({@code bench/torch_grid_bench.py}), interleaved in one run. Prints a table
 * and writes it to {@code target/packing-benchmark.md}.
 *
 * <p>Run: {@code mvn -B -o -Pbench test -Dtest=PackingBenchmark} ({@code -Dbench.repeats=N},
 * default 3; {@code -Dbench.pack=K} packs of K, default 16; {@code -Dbench.epochs=N}, default 5;
 * {@code -Dbench.phases=packed,sequential,torch}, the ways to run, default all three; {@code
 * -Dbench.device=gpu} on a GPU node: hepscan trains on the GPU and the PyTorch peer with {@code
 * --device cuda}).
 */
@Tag("bench")
class PackingBenchmark {
  static final double[] LR = {1e-3, 2e-3, 3e-3, 5e-3};
  static final double[] L2 = {0, 1e-4};
  static final double[] DROPOUT = {0, 0.1};

  /** Epochs of every trial; {@code -Dbench.epochs=N}, for a shorter run on a loaded machine. */
  static final int EPOCHS = Integer.getInteger("bench.epochs", 5);

  static final int BATCH = 1024;

  /** Training FLOP of one event of the 20-64-64-1 MLP (3 x forward multiply-adds x 2). */
  static final double FLOP_PER_EVENT = 32_640;

  /** float32 GEMM on this machine's 2 threads (bench/README.md). */
  static final double GEMM_LIMIT = 240e9;

  static List<PackedTrainer.Member> grid(DeviceChoice device) {
    List<PackedTrainer.Member> members = new ArrayList<>();
    for (double lr : LR) {
      for (double l2 : L2) {
        for (double dropout : DROPOUT) {
          Hyperparameters hp =
              new Hyperparameters(
                  lr,
                  64,
                  2,
                  Activation.RELU,
                  dropout,
                  l2,
                  OptimizerKind.ADAM,
                  EPOCHS,
                  BATCH,
                  LossFunction.BINARY_CROSSENTROPY,
                  OutputActivation.SIGMOID);
          members.add(
              new PackedTrainer.Member(
                  hp, new TrainingSettings(null, null, members.size(), device)));
        }
      }
    }
    return members;
  }

  /** Wall time, and the part of it spent in the final metrics, of a way of training the grid. */
  record Run(double seconds, double metricsSeconds) {
    double trainingSeconds() {
      return seconds - metricsSeconds;
    }
  }

  static Run packed(
      TrainingInput in,
      List<PackedTrainer.Member> grid,
      int k,
      Map<Integer, TrainingResult> results) {
    long t0 = System.nanoTime();
    double[] metrics = {0};
    for (int from = 0; from < grid.size(); from += k) {
      int offset = from;
      PackedTrainer.train(
          in,
          grid.subList(from, Math.min(grid.size(), from + k)),
          (member, r) -> {
            r.model().close();
            metrics[0] += r.metricsSeconds();
            results.put(offset + member, r);
          });
    }
    return new Run((System.nanoTime() - t0) / 1e9, metrics[0]);
  }

  static Run sequential(
      TrainingInput in, List<PackedTrainer.Member> grid, Map<Integer, TrainingResult> results) {
    long t0 = System.nanoTime();
    double metrics = 0;
    for (int i = 0; i < grid.size(); i++) {
      PackedTrainer.Member m = grid.get(i);
      TrainingResult r = Trainer.train(in, m.hp(), m.settings(), TrainingListener.NONE);
      r.model().close();
      metrics += r.metricsSeconds();
      results.put(i, r);
    }
    return new Run((System.nanoTime() - t0) / 1e9, metrics);
  }

  @Test
  void packedAgainstSequentialAndPyTorch() throws Exception {
    int repeats = Integer.getInteger("bench.repeats", 3);
    int k = Integer.getInteger("bench.pack", 16);
    DeviceChoice device = DeviceChoice.parse(System.getProperty("bench.device", "cpu"));
    String phases = System.getProperty("bench.phases", "packed,sequential,torch");
    boolean peer = phases.contains("torch") && TrainingBenchmark.peerAvailable();
    boolean alone = phases.contains("sequential");
    TrainingInput in = TrainingBenchmark.referenceInput();
    List<PackedTrainer.Member> grid = grid(device);
    // warm-up: the JIT and libtorch's first calls, on both paths
    PackedTrainer.Member w = grid.get(0);
    Trainer.train(in, w.hp().withEpochs(1), w.settings(), TrainingListener.NONE).model().close();
    PackedTrainer.train(
        in,
        List.of(new PackedTrainer.Member(w.hp().withEpochs(1), w.settings())),
        (member, r) -> r.model().close());
    List<Run> packedRuns = new ArrayList<>();
    List<Run> sequentialRuns = new ArrayList<>();
    List<Double> torchRuns = new ArrayList<>();
    List<Double> torchTrain = new ArrayList<>();
    List<Double> loads = new ArrayList<>();
    Map<Integer, TrainingResult> packedResults = new TreeMap<>();
    Map<Integer, TrainingResult> sequentialResults = new TreeMap<>();
    for (int rep = 0; rep < repeats; rep++) {
      loads.add(TrainingBenchmark.loadAverage());
      packedRuns.add(packed(in, grid, k, packedResults));
      if (alone) {
        sequentialRuns.add(sequential(in, grid, sequentialResults));
      }
      if (peer) {
        JsonNode t =
            TrainingBenchmark.runPython(
                Path.of("bench/torch_grid_bench.py"),
                "--epochs",
                Integer.toString(EPOCHS),
                "--batch-size",
                Integer.toString(BATCH),
                "--device",
                device == DeviceChoice.GPU ? "cuda" : "cpu");
        assertEquals(grid.size(), t.path("trials").asInt(), "the peer trains the same grid");
        torchRuns.add(t.path("seconds").asDouble());
        torchTrain.add(t.path("train_seconds").asDouble());
      }
      System.out.printf(
          Locale.ROOT,
          "rep %d: packed %.1f s, sequential %s s, PyTorch %s s (load %.1f)%n",
          rep,
          packedRuns.get(rep).seconds(),
          alone ? String.format(Locale.ROOT, "%.1f", sequentialRuns.get(rep).seconds()) : "-",
          peer ? String.format(Locale.ROOT, "%.1f", torchRuns.get(rep)) : "-",
          loads.get(rep));
    }
    double events = (double) grid.size() * EPOCHS * in.training().nEvents();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "16 trials (%d events, %d epochs, batch %d), packs of %d, %s, medians of %d runs,"
                + " 1-min load %.1f-%.1f%n%n",
            in.training().nEvents(),
            EPOCHS,
            BATCH,
            k,
            device.key(),
            repeats,
            loads.stream().mapToDouble(Double::doubleValue).min().orElse(0),
            loads.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    out.append("| | wall s (min-max) | without final metrics | trials/hour | GEMM limit |\n");
    out.append("|---|---|---|---|---|\n");
    row(out, "hepscan packed", packedRuns, events);
    if (alone) {
      row(out, "hepscan one after another", sequentialRuns, events);
    }
    if (peer) {
      List<Run> torch = new ArrayList<>();
      for (int i = 0; i < torchRuns.size(); i++) {
        torch.add(new Run(torchRuns.get(i), 0));
      }
      row(out, "PyTorch one after another", torch, events);
      double ratio =
          TrainingBenchmark.median(torchRuns)
              / TrainingBenchmark.median(packedRuns.stream().map(Run::trainingSeconds).toList());
      out.append(
          String.format(
              Locale.ROOT,
              "%npacked (without final metrics) vs PyTorch: %.2fx; PyTorch's batch loop alone:"
                  + " %.1f s%n",
              ratio,
              TrainingBenchmark.median(torchTrain)));
    }
    System.out.print(out);
    Files.writeString(Path.of("target/packing-benchmark.md"), out.toString());
    // after the table is written: the packed trials are the trials, without dropout the same
    // figures as alone up to the drift of ~1,000 Adam steps (PackedTrainer.TOLERANCE says why;
    // measured up to 1.2e-4 in accuracy)
    for (int i = 0; i < grid.size(); i++) {
      TrainingResult p = packedResults.get(i);
      assertTrue(p.metrics().auc() > 0.9, "trial " + i + " AUC " + p.metrics().auc());
      if (alone && grid.get(i).hp().dropout() == 0) {
        PackedTrainerTest.assertSameTrial(sequentialResults.get(i), p, "trial " + i, 1e-3);
      }
    }
  }

  private static void row(StringBuilder out, String name, List<Run> runs, double events) {
    List<Double> wall = runs.stream().map(Run::seconds).toList();
    List<Double> training = runs.stream().map(Run::trainingSeconds).toList();
    double median = TrainingBenchmark.median(training);
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %.1f (%.1f-%.1f) | %.1f | %.0f | %.1f %% |%n",
            name,
            TrainingBenchmark.median(wall),
            wall.stream().mapToDouble(Double::doubleValue).min().orElse(0),
            wall.stream().mapToDouble(Double::doubleValue).max().orElse(0),
            median,
            16 * 3600 / TrainingBenchmark.median(wall),
            100 * events * FLOP_PER_EVENT / median / GEMM_LIMIT));
  }
}
