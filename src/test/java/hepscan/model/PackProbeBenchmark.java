package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What {@code pack: auto} chooses on this CPU: {@link PackProbe} on PackingBenchmark's 16-trial
 * grid of the reference model (20 inputs, 64-64, batch 1024, 200k training events), and on the same
 * grid with wide layers and a large batch (256-256, batch 8192), where one trial already keeps the
 * cores busy. Each probe's line is printed with the 1-minute load before and after it; the first
 * probe runs in a cold JVM, as a scan's does.
 *
 * <p>Run: {@code mvn -B -o -Pbench test -Dtest=PackProbeBenchmark} ({@code -Dbench.repeats=N},
 * default 5).
 */
@Tag("bench")
class PackProbeBenchmark {
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static List<Hyperparameters> grid(int neurons, int batch) {
    List<Hyperparameters> hps = new ArrayList<>();
    for (PackedTrainer.Member m : PackingBenchmark.grid(DeviceChoice.CPU)) {
      Hyperparameters h = m.hp();
      hps.add(
          new Hyperparameters(
              h.lr(),
              neurons,
              h.hiddenLayers(),
              h.activation(),
              h.dropout(),
              h.l2(),
              h.optimizer(),
              h.epochs(),
              batch,
              h.lossFunction(),
              h.outputActivation()));
    }
    return hps;
  }

  @Test
  void whatPackAutoChooses() {
    int repeats = Integer.getInteger("bench.repeats", 5);
    TrainingInput in = TrainingBenchmark.referenceInput();
    int cap = PackedTrainer.autoSize(in, DeviceChoice.CPU);
    for (List<Hyperparameters> group : List.of(grid(64, 1024), grid(256, 8192))) {
      for (int r = 0; r < repeats; r++) {
        String before = load();
        PackProbe.Result result = PackProbe.measure(in, group, DeviceChoice.CPU, cap);
        System.out.println(
            result.describe(group.size(), PackProbe.shape(group.get(0)))
                + " [load "
                + before
                + " -> "
                + load()
                + "; steps "
                + result.timings().stream().map(t -> t.size() + ":" + t.steps()).toList()
                + "]");
        assertTrue(result.chosen() >= 1 && result.chosen() <= cap, result.toString());
      }
    }
  }

  /**
   * The probe's step figures against whole trainings of the same grid in the same minutes: its
   * choice and per-trial-step ratio, then 16 trials one after another and one pack of 16 ({@code
   * -Dbench.epochs=N} epochs each, default 1, on the first {@code -Dbench.events=N} training
   * events, default all 200k), interleaved {@code -Dbench.repeats=N} times (default 2). Shows
   * whether the steps the probe times carry the gain of whole packed trainings.
   */
  @Test
  void probeAgainstWholeTrainings() {
    int repeats = Integer.getInteger("bench.repeats", 2);
    int epochs = Integer.getInteger("bench.epochs", 1);
    TrainingInput full = TrainingBenchmark.referenceInput();
    int events = Math.min(full.training().nEvents(), Integer.getInteger("bench.events", 200_000));
    TrainingInput in =
        new TrainingInput(
            full.training().head(events), full.evaluation(), full.scaler(), full.nClasses());
    List<PackedTrainer.Member> grid = new ArrayList<>();
    for (PackedTrainer.Member m : PackingBenchmark.grid(DeviceChoice.CPU)) {
      grid.add(new PackedTrainer.Member(m.hp().withEpochs(epochs), m.settings()));
    }
    List<Hyperparameters> hps = grid.stream().map(PackedTrainer.Member::hp).toList();
    int cap = PackedTrainer.autoSize(in, DeviceChoice.CPU);
    for (int r = 0; r < repeats; r++) {
      String l0 = load();
      PackProbe.Result probe = PackProbe.measure(in, hps, DeviceChoice.CPU, cap);
      String l1 = load();
      double sequential =
          PackingBenchmark.sequential(in, grid, new java.util.TreeMap<>()).seconds();
      String l2 = load();
      double packed = PackingBenchmark.packed(in, grid, 16, new java.util.TreeMap<>()).seconds();
      String l3 = load();
      PackProbe.Timing best = probe.fastestPack();
      System.out.printf(
          java.util.Locale.ROOT,
          "rep %d: probe (load %s) %s; 16 trials of %d events x %d epochs: one after another %.1f"
              + " s (load %s), one pack of 16 %.1f s (load %s -> %s): whole trainings %.2fx, probe"
              + " %.2fx%n",
          r,
          l0,
          probe.describe(hps.size(), PackProbe.shape(hps.get(0))),
          events,
          epochs,
          sequential,
          l1,
          packed,
          l2,
          l3,
          sequential / packed,
          best == null ? Double.NaN : probe.alone().msPerTrialStep() / best.msPerTrialStep());
    }
  }
}
