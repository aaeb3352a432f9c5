package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.model.PackProbe.Timing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code pack: auto} on the CPU: the decision rule on hand-made timings, the sizes it measures, and
 * the probe end to end on real training steps (its structure only: what it chooses depends on the
 * machine's timing), and that a trial trained after a probe is the trial trained before it ({@code
 * ScanPackingIT} checks a whole scan).
 */
class PackProbeTest {
  private static Timing t(int size, double msPerStep) {
    return new Timing(size, 8, msPerStep);
  }

  @Test
  void theFastestPackPerTrialStepIsChosenWhenClearlyFaster() {
    // alone 8 ms; by 4 20 ms a step = 5 ms a trial; by 16 64 ms = 4 ms a trial: 2x, by 16
    assertEquals(16, PackProbe.choose(List.of(t(1, 8), t(4, 20), t(16, 64))));
    // by 4 fastest per trial (4.5 against 5.0), in any order
    assertEquals(4, PackProbe.choose(List.of(t(16, 80), t(4, 18), t(1, 8))));
    assertEquals(4.0, t(16, 64).msPerTrialStep(), 1e-12);
  }

  @Test
  void aPackBelowTheMarginIsNotChosen() {
    // 1.10x: within what the measurement can tell, trials train alone
    assertEquals(1, PackProbe.choose(List.of(t(1, 5.5), t(4, 20), t(16, 80))));
    // slower packed (a wide layer or a large batch already keeps the cores busy)
    assertEquals(1, PackProbe.choose(List.of(t(1, 3), t(4, 16), t(16, 70))));
    // exactly the margin packs; just below it does not
    assertEquals(4, PackProbe.choose(List.of(t(1, 1.15), t(4, 4))));
    assertEquals(1, PackProbe.choose(List.of(t(1, 1.1499), t(4, 4))));
    // the trial alone only: nothing to pack
    assertEquals(1, PackProbe.choose(List.of(t(1, 3))));
    assertThrows(IllegalArgumentException.class, () -> PackProbe.choose(List.of(t(4, 3))));
  }

  @Test
  void theProbesTimeIsBoundedFromTheArithmeticOfAStep() {
    Hyperparameters reference = Toy.hp("first_neuron", "64", "batch_size", "1024");
    Architecture arch = Architecture.of(20, reference, 2);
    assertEquals(20 * 64 + 64 + 64 * 64 + 64 + 64 + 1, arch.nParameters());
    // 6 x 1024 events x 5,569 parameters x 16 members at 25 GFLOP/s: 21.9 ms a step
    assertEquals(21.89e6, PackProbe.stepNanos(arch, 1024, 16), 0.01e6);
    Architecture wide = Architecture.of(20, Toy.hp("first_neuron", "256"), 2);
    // 256-256 at batch 8192: 140 ms alone, so a pack of 16's warm-up and step (4.5 s) are never
    // measured within 2.5 s
    assertTrue(2 * PackProbe.stepNanos(wide, 8192, 16) > PackProbe.TOTAL_BUDGET_NANOS);
    assertTrue(2 * PackProbe.stepNanos(wide, 8192, 4) < PackProbe.TOTAL_BUDGET_NANOS);
  }

  @Test
  void aWindowIsAboutOneStepOfTheLargestPack() {
    assertEquals(16, PackProbe.window(1, 16));
    assertEquals(4, PackProbe.window(4, 16));
    assertEquals(1, PackProbe.window(16, 16));
    assertEquals(2, PackProbe.window(4, 5), "8 trial-steps against 5");
    assertEquals(3, PackProbe.window(1, 3));
  }

  @Test
  void theSizesMeasuredRespectTheGroupAndTheMemoryCap() {
    assertEquals(List.of(1, 4, 16), PackProbe.sizes(40, 16));
    assertEquals(List.of(1, 4, 16), PackProbe.sizes(16, 16));
    assertEquals(List.of(1, 4, 6), PackProbe.sizes(6, 16), "the group is smaller than the cap");
    assertEquals(List.of(1, 4, 9), PackProbe.sizes(40, 9), "the memory cap of autoSize");
    assertEquals(List.of(1, 4), PackProbe.sizes(4, 16));
    assertEquals(List.of(1, 3), PackProbe.sizes(3, 16));
    assertEquals(List.of(1, 2), PackProbe.sizes(40, 2));
    assertEquals(List.of(1), PackProbe.sizes(1, 16));
    assertEquals(List.of(1), PackProbe.sizes(40, 1));
  }

  @Test
  void theLineSaysWhatWasMeasuredAndChosen() {
    PackProbe.Result packs = new PackProbe.Result(List.of(t(1, 8), t(4, 20), t(16, 64)), 16, 0.9);
    assertEquals(
        "pack auto: 16 trials of 64x2 relu, batch 1024, adam measured (ms per trial-step, 0.9 s):"
            + " 8.00 alone, 5.00 packed by 4, 4.00 packed by 16: packing by 16 (2.00x)",
        packs.describe(16, PackProbe.shape(Toy.hp("first_neuron", "64", "batch_size", "1024"))));
    PackProbe.Result alone = new PackProbe.Result(List.of(t(1, 5.5), t(4, 20)), 1, 0.4);
    assertEquals(
        "pack auto: 4 trials of s measured (ms per trial-step, 0.4 s): 5.50 alone, 5.00 packed by"
            + " 4: training them one after another (packed by 4 only 1.10x, below 1.15x)",
        alone.describe(4, "s"));
  }

  @Test
  void theProbeTimesRealStepsOfEachAllowedSize() {
    TrainingInput in = Toy.input(3000, 4, 2, 1.0, 21);
    List<Hyperparameters> group =
        List.of(
            Toy.hp("lr", "0.01", "batch_size", "128", "first_neuron", "16"),
            Toy.hp("lr", "0.003", "l2", "0.001", "batch_size", "128", "first_neuron", "16"),
            Toy.hp("lr", "0.02", "dropout", "0.1", "batch_size", "128", "first_neuron", "16"),
            Toy.hp("lr", "0.005", "batch_size", "128", "first_neuron", "16"),
            Toy.hp("lr", "0.001", "batch_size", "128", "first_neuron", "16"));
    for (Map.Entry<Integer, List<Integer>> c :
        Map.of(16, List.of(1, 4, 5), 2, List.of(1, 2)).entrySet()) {
      // no limit on the probe's whole time, so that every size is measured on a busy machine too
      PackProbe.Result r =
          PackProbe.measure(
              in, group, DeviceChoice.CPU, c.getKey(), PackProbe.BUDGET_NANOS, Long.MAX_VALUE);
      System.out.println(r.describe(group.size(), PackProbe.shape(group.get(0))));
      assertEquals(
          c.getValue(), r.timings().stream().map(Timing::size).toList(), "cap " + c.getKey());
      for (Timing t : r.timings()) {
        assertTrue(t.msPerStep() > 0 && Double.isFinite(t.msPerStep()), t.toString());
        // 3000 events of batch 128: the warm-up and a trial alone's 3 windows of 5 steps fit in
        // one epoch; the time budget may end a round's steps earlier on a busy machine
        int window = PackProbe.window(t.size(), c.getValue().get(c.getValue().size() - 1));
        assertTrue(
            t.steps() >= PackProbe.ROUNDS
                && t.steps() <= PackProbe.ROUNDS * PackProbe.WINDOWS * window,
            t.toString());
      }
      assertTrue(c.getValue().contains(r.chosen()), r.toString());
      assertEquals(PackProbe.choose(r.timings()), r.chosen(), "the rule decides");
      assertTrue(r.seconds() > 0 && r.seconds() < 60, r.toString());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> PackProbe.measure(in, group.subList(0, 1), DeviceChoice.CPU, 16),
        "one trial: nothing to choose");
  }

  @Test
  void aSplitShorterThanTheStepsIsMeasuredOverSeveralEpochs() {
    // 200 training events at batch 64: 4 batches an epoch; alone, the warm-up and 3 windows of 2
    // steps span two epochs
    TrainingInput in = Toy.input(200, 3, 2, 1.0, 22);
    List<Hyperparameters> group =
        List.of(Toy.hp("batch_size", "64"), Toy.hp("batch_size", "64", "lr", "0.01"));
    // no time budget here: every round times all its steps
    PackProbe.Result r =
        PackProbe.measure(in, group, DeviceChoice.CPU, 16, Long.MAX_VALUE, Long.MAX_VALUE);
    assertEquals(List.of(1, 2), r.timings().stream().map(Timing::size).toList());
    for (Timing t : r.timings()) {
      int window = PackProbe.window(t.size(), 2);
      assertEquals(PackProbe.ROUNDS * PackProbe.WINDOWS * window, t.steps(), t.toString());
      assertTrue(t.msPerStep() > 0, t.toString());
    }
  }

  @Test
  void aPackThatWouldTakeLongerThanTheProbeMayIsNotMeasured() {
    TrainingInput in = Toy.input(1000, 3, 2, 1.0, 23);
    List<Hyperparameters> group = List.of(Toy.hp(), Toy.hp("lr", "0.02"), Toy.hp("lr", "0.03"));
    // a probe of 1 ns: the trial alone's first round only
    PackProbe.Result r = PackProbe.measure(in, group, DeviceChoice.CPU, 16, Long.MAX_VALUE, 1);
    assertEquals(List.of(1), r.timings().stream().map(Timing::size).toList());
    assertEquals(1, r.chosen());
    assertTrue(r.alone().steps() >= 1 && r.alone().msPerStep() > 0, r.toString());
    assertTrue(
        r.describe(3, "s").contains(": training them one after another (no pack measured"),
        r.describe(3, "s"));
    assertThrows(IllegalArgumentException.class, () -> new PackProbe.Result(List.of(), 1, 0));
  }

  /**
   * A trial trained after a probe (which trains throwaway networks, alone with the native seed it
   * sets, and packed with dropout) has the figures it has before: to the bit.
   */
  @Test
  void aProbeChangesNoTrialsResult() {
    TrainingInput in = Toy.input(1500, 4, 2, 1.0, 24);
    Hyperparameters hp = Toy.hp("dropout", "0.2", "epochs", "3");
    TrainingSettings settings = TrainingSettings.plain(7);
    TrainingResult before = Trainer.train(in, hp, settings, TrainingListener.NONE);
    before.model().close();
    PackProbe.measure(
        in, List.of(hp, Toy.hp("lr", "0.02"), Toy.hp("dropout", "0.1")), DeviceChoice.CPU, 16);
    TrainingResult after = Trainer.train(in, hp, settings, TrainingListener.NONE);
    after.model().close();
    assertEquals(before.history().size(), after.history().size());
    for (int e = 0; e < before.history().size(); e++) {
      EpochStats a = before.history().get(e);
      EpochStats b = after.history().get(e);
      assertEquals(a.loss(), b.loss(), 0, "loss of epoch " + (e + 1));
      assertEquals(a.valLoss(), b.valLoss(), 0, "val_loss of epoch " + (e + 1));
      assertEquals(a.valAcc(), b.valAcc(), 0, "val_acc of epoch " + (e + 1));
    }
    assertEquals(before.metrics().auc(), after.metrics().auc(), 0);
  }
}
