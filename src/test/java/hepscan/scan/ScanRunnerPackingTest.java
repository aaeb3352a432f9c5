package hepscan.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.Scaler;
import hepscan.data.SplitArrays;
import hepscan.model.DeviceChoice;
import hepscan.model.PackedTrainer;
import hepscan.model.TrainingCheckpoint;
import hepscan.model.TrainingInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packed scan stopped by the walltime warning keeps a solo checkpoint per trial; run again, each
 * trial continues alone from it and ends with the figures of an uninterrupted, unpacked scan.
 */
class ScanRunnerPackingTest {
  @TempDir Path dir;

  static ScanData data() {
    SplittableRandom r = new SplittableRandom(3);
    int f = 3;
    SplitArrays train = events(600, f, r);
    SplitArrays eval = events(300, f, r);
    double[] mean = new double[f];
    double[] std = {1, 1, 1};
    TrainingInput in =
        new TrainingInput(train, eval, new Scaler(mean, std, new boolean[] {true, true, true}), 2);
    return new ScanData(
        in,
        List.of("a", "b", "c"),
        List.of("a", "b", "c"),
        Map.of(),
        List.of("s", "b"),
        "hash",
        "recipe",
        false);
  }

  static SplitArrays events(int n, int f, SplittableRandom r) {
    float[] x = new float[n * f];
    int[] y = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      w[i] = (float) (0.5 + r.nextDouble());
      for (int j = 0; j < f; j++) {
        x[i * f + j] = (float) (r.nextDouble() * 2 - 1 + (j == 0 ? y[i] : 0));
      }
    }
    return new SplitArrays(n, f, x, y, w);
  }

  /** Keeps checkpoints in memory, asks for a stop after {@code stopAfter} epoch checkpoints. */
  static final class Journal implements TrialJournal {
    final Map<String, TrainingCheckpoint> checkpoints = new LinkedHashMap<>();
    final List<String> stopped = new ArrayList<>();
    final int stopAfter;
    int epochs;

    Journal(int stopAfter) {
      this.stopAfter = stopAfter;
    }

    @Override
    public Optional<TrainingCheckpoint> checkpoint(TrialSpec trial) {
      return Optional.ofNullable(checkpoints.get(trial.id()));
    }

    @Override
    public boolean keepsEpochCheckpoints() {
      return true;
    }

    @Override
    public boolean checkpointRequested() {
      return epochs >= stopAfter;
    }

    @Override
    public void epochDone(TrialSpec trial, TrainingCheckpoint checkpoint) {
      epochs++;
      checkpoints.put(trial.id(), checkpoint);
    }

    @Override
    public void stopped(TrialSpec trial, Optional<TrainingCheckpoint> checkpoint) {
      stopped.add(trial.id());
      checkpoint.ifPresent(c -> checkpoints.put(trial.id(), c));
    }

    @Override
    public void done(TrialSpec trial, boolean trainedNow) {
      checkpoints.remove(trial.id());
    }
  }

  ScanRunner.Summary run(String name, int pack, Journal journal, StringWriter log)
      throws IOException {
    return run(name, pack, data(), journal, log);
  }

  ScanRunner.Summary run(String name, int pack, ScanData data, Journal journal, StringWriter log)
      throws IOException {
    Map<String, List<Object>> scan = new LinkedHashMap<>();
    scan.put("lr", List.of(0.01, 0.003, 0.02));
    scan.put("first_neuron", List.of(8));
    scan.put("epochs", List.of(3));
    scan.put("batch_size", List.of(64));
    ScanPlan plan =
        new ScanPlan(name, new Grid(scan, 1, 42), null, null, DeviceChoice.CPU, "settings", pack);
    PrintWriter out = new PrintWriter(log, true);
    ScanRunner runner =
        new ScanRunner(
            plan,
            plan.grid().trials(),
            data.dataHash(),
            () -> data,
            new ResultFolder(dir.resolve(name), name),
            out,
            () -> false,
            journal);
    return runner.run(new ScanProgress.Lines(out));
  }

  @Test
  void packedTrialsStoppedForTheWalltimeContinueAlone() throws Exception {
    StringWriter plain = new StringWriter();
    ScanRunner.Summary reference = run("plain", 1, new Journal(Integer.MAX_VALUE), plain);
    assertEquals(3, reference.trained());

    // the members' epoch-1 checkpoints make 3: the warning is seen after epoch 2
    Journal journal = new Journal(3);
    StringWriter first = new StringWriter();
    // pack: 3, not auto: on the CPU auto measures and may train them alone
    ScanRunner.Summary stopped = run("packed", 3, journal, first);
    assertTrue(first.toString().contains("train as one pack of 3"), first.toString());
    assertTrue(stopped.stopped());
    assertEquals(0, stopped.trained());
    assertEquals(3, journal.stopped.size());
    assertEquals(3, journal.checkpoints.size());
    for (TrainingCheckpoint c : journal.checkpoints.values()) {
      assertEquals(2, c.epochsDone());
    }

    Journal resumed = new Journal(Integer.MAX_VALUE);
    resumed.checkpoints.putAll(journal.checkpoints);
    StringWriter second = new StringWriter();
    ScanRunner.Summary end = run("packed", 3, resumed, second);
    assertEquals(3, end.trained(), second.toString());
    assertFalse(second.toString().contains("pack of"), "trials with a checkpoint train alone");
    assertEquals(
        3, second.toString().split("continues after epoch 2", -1).length - 1, second.toString());

    ResultFolder a = new ResultFolder(dir.resolve("plain"), "plain");
    ResultFolder b = new ResultFolder(dir.resolve("packed"), "packed");
    for (String id : journalIds(a)) {
      Map<String, String> x = a.validResult(id).orElseThrow();
      Map<String, String> y = b.validResult(id).orElseThrow();
      assertEquals(x.get("round_epochs"), y.get("round_epochs"));
      assertEquals(x.get("best_epoch"), y.get("best_epoch"));
      for (String key : List.of("loss", "val_loss", "val_acc", "auc", "eval_error")) {
        assertEquals(
            Double.parseDouble(x.get(key)),
            Double.parseDouble(y.get(key)),
            PackedTrainer.TOLERANCE,
            key + " of " + id);
      }
    }
  }

  /**
   * Data whose packs do not fit in memory ({@code ScanSetup}'s memory check): {@code pack: 3}
   * trains the trials one after another.
   */
  @Test
  void packsThatDoNotFitInMemoryTrainAlone() throws Exception {
    ScanData d = data();
    ScanData unpacked =
        new ScanData(
            d.input(),
            d.featureNames(),
            d.inputExpressions(),
            d.oneHotCategories(),
            d.classNames(),
            d.dataHash(),
            d.recipe(),
            true);
    StringWriter log = new StringWriter();
    ScanRunner.Summary s = run("alone", 3, unpacked, new Journal(Integer.MAX_VALUE), log);
    assertEquals(3, s.trained(), log.toString());
    assertFalse(log.toString().contains("pack of"), log.toString());
  }

  private static List<String> journalIds(ResultFolder folder) throws IOException {
    List<String> ids = new ArrayList<>();
    try (var files = java.nio.file.Files.list(folder.dir())) {
      files
          .filter(p -> p.toString().endsWith(".csv"))
          .forEach(
              p -> {
                try {
                  ids.add(ResultFolder.readRows(p).get(0).get("trial_id"));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
    assertEquals(3, ids.size());
    return ids;
  }
}
