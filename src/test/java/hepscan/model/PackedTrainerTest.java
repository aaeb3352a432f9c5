package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A packed trial against the same trial trained alone by {@link Trainer}: equal within {@link
 * PackedTrainer#TOLERANCE} (it says why there is one) without dropout, statistically close with it.
 */
class PackedTrainerTest {
  static final double TOLERANCE = PackedTrainer.TOLERANCE;

  /** Trains {@code members} as one pack; results by member index, models closed. */
  static Map<Integer, TrainingResult> pack(TrainingInput in, List<PackedTrainer.Member> members) {
    Map<Integer, TrainingResult> out = new TreeMap<>();
    PackedTrainer.train(
        in,
        members,
        (member, result) -> {
          result.model().close();
          out.put(member, result);
        });
    assertEquals(members.size(), out.size(), "every member has a result");
    return out;
  }

  static TrainingResult alone(TrainingInput in, PackedTrainer.Member m) {
    TrainingResult r = Trainer.train(in, m.hp(), m.settings(), TrainingListener.NONE);
    r.model().close();
    return r;
  }

  /** Asserts equal figures within {@link #TOLERANCE}; returns the largest difference seen. */
  static double assertSameTrial(TrainingResult alone, TrainingResult packed, String what) {
    return assertSameTrial(alone, packed, what, TOLERANCE);
  }

  /** As {@link #assertSameTrial(TrainingResult, TrainingResult, String)}, within {@code delta}. */
  static double assertSameTrial(
      TrainingResult alone, TrainingResult packed, String what, double delta) {
    assertEquals(alone.roundEpochs(), packed.roundEpochs(), what + ": epochs run");
    assertEquals(alone.bestEpoch(), packed.bestEpoch(), what + ": best epoch");
    double worst = 0;
    for (int e = 0; e < alone.history().size(); e++) {
      EpochStats a = alone.history().get(e);
      EpochStats p = packed.history().get(e);
      assertEquals(a.lr(), p.lr(), 1e-12, what + ": lr of epoch " + (e + 1));
      double[][] pairs = {
        {a.loss(), p.loss()},
        {a.acc(), p.acc()},
        {a.valLoss(), p.valLoss()},
        {a.valAcc(), p.valAcc()}
      };
      for (double[] pair : pairs) {
        assertEquals(pair[0], pair[1], delta, what + ": epoch " + (e + 1));
        worst = Math.max(worst, Math.abs(pair[0] - pair[1]));
      }
    }
    EvaluationMetrics a = alone.metrics();
    EvaluationMetrics p = packed.metrics();
    double[][] pairs = {
      {a.auc(), p.auc()},
      {a.evalError(), p.evalError()},
      {a.f1(), p.f1()},
      {a.ksSignal().statistic(), p.ksSignal().statistic()}
    };
    for (double[] pair : pairs) {
      assertEquals(pair[0], pair[1], delta, what + ": final metrics");
      worst = Math.max(worst, Math.abs(pair[0] - pair[1]));
    }
    System.out.println(what + ": largest difference " + worst);
    return worst;
  }

  static PackedTrainer.Member member(long seed, String... keyValues) {
    return new PackedTrainer.Member(Toy.hp(keyValues), TrainingSettings.plain(seed));
  }

  @Test
  void packedBinaryTrialsEqualTheTrialsAlone() {
    TrainingInput in = Toy.input(1200, 4, 2, 1.0, 11);
    List<PackedTrainer.Member> members =
        List.of(
            member(1, "lr", "0.01", "epochs", "4"),
            member(2, "lr", "0.003", "l2", "0.001", "epochs", "3"),
            member(3, "lr", "0.02", "l2", "0.0001", "epochs", "4"));
    Map<Integer, TrainingResult> packed = pack(in, members);
    for (int i = 0; i < members.size(); i++) {
      assertSameTrial(alone(in, members.get(i)), packed.get(i), "member " + i);
    }
    assertEquals(3, packed.get(1).roundEpochs(), "a member with fewer epochs leaves early");
  }

  @Test
  void packedMultiClassTrialsEqualTheTrialsAlone() {
    TrainingInput in = Toy.input(1200, 3, 3, 1.0, 12);
    String[] cat = {"loss_function", "categorical_crossentropy", "output_activation", "softmax"};
    List<PackedTrainer.Member> members = new ArrayList<>();
    members.add(member(4, concat(cat, "lr", "0.01", "optimizer", "rmsprop", "epochs", "3")));
    members.add(
        member(
            5, concat(cat, "lr", "0.002", "optimizer", "rmsprop", "l2", "0.001", "epochs", "3")));
    Map<Integer, TrainingResult> packed = pack(in, members);
    for (int i = 0; i < members.size(); i++) {
      assertSameTrial(alone(in, members.get(i)), packed.get(i), "member " + i);
    }
  }

  @Test
  void aPackOfOneEqualsThePlainPath() {
    TrainingInput in = Toy.input(900, 4, 2, 1.0, 13);
    PackedTrainer.Member m =
        member(6, "lr", "0.01", "optimizer", "sgd", "l2", "0.001", "epochs", "3");
    assertSameTrial(alone(in, m), pack(in, List.of(m)).get(0), "pack of one");
  }

  @Test
  void earlyStoppingStopsEachMemberAtItsOwnEpoch() {
    TrainingInput in = Toy.input(1200, 4, 2, 1.0, 14);
    TrainingSettings stopping =
        new TrainingSettings(
            new EarlyStopping(Monitor.VAL_LOSS, 0.003, 1, MonitorMode.MIN),
            new ReduceLr(Monitor.VAL_LOSS, 0.5, 1, 0.003, 0, 1e-5),
            0,
            DeviceChoice.CPU);
    List<PackedTrainer.Member> members = new ArrayList<>();
    for (String lr : List.of("0.05", "0.01", "0.002")) {
      members.add(
          new PackedTrainer.Member(
              Toy.hp("lr", lr, "epochs", "10"),
              new TrainingSettings(
                  stopping.earlyStopping(),
                  stopping.reduceLr(),
                  members.size() + 20,
                  DeviceChoice.CPU)));
    }
    Map<Integer, TrainingResult> packed = pack(in, members);
    java.util.Set<Integer> stops = new java.util.TreeSet<>();
    for (int i = 0; i < members.size(); i++) {
      TrainingResult alone = alone(in, members.get(i));
      assertSameTrial(alone, packed.get(i), "member " + i);
      stops.add(packed.get(i).roundEpochs());
    }
    assertTrue(stops.size() >= 2, "the members stopped at different epochs: " + stops);
    assertTrue(stops.stream().anyMatch(e -> e < 10), "one stopped early: " + stops);
  }

  @Test
  void withDropoutAPackedTrialIsStatisticallyTheTrialAlone() {
    TrainingInput in = Toy.input(2000, 4, 2, 1.0, 15);
    double aloneLoss = 0;
    double packedLoss = 0;
    double aloneAuc = 0;
    double packedAuc = 0;
    int seeds = 3;
    for (int seed = 0; seed < seeds; seed++) {
      PackedTrainer.Member dropout = member(30 + seed, "dropout", "0.3", "epochs", "3");
      PackedTrainer.Member none = member(40 + seed, "epochs", "3");
      Map<Integer, TrainingResult> packed = pack(in, List.of(dropout, none));
      // a member without dropout is untouched by its neighbour's masks
      assertSameTrial(alone(in, none), packed.get(1), "member without dropout");
      TrainingResult a = alone(in, dropout);
      aloneLoss += a.best().valLoss() / seeds;
      packedLoss += packed.get(0).best().valLoss() / seeds;
      aloneAuc += a.metrics().auc() / seeds;
      packedAuc += packed.get(0).metrics().auc() / seeds;
      if (seed == 0) { // the masks are drawn: the dropout trial is not the trial without it
        TrainingResult noMasks = alone(in, member(30, "epochs", "3"));
        assertTrue(
            Math.abs(noMasks.history().get(0).loss() - packed.get(0).history().get(0).loss())
                > 1e-4,
            "dropout changed the training loss");
      }
    }
    System.out.printf(
        "dropout 0.3, mean of %d seeds: val_loss alone %.4f packed %.4f, AUC alone %.4f packed"
            + " %.4f%n",
        seeds, aloneLoss, packedLoss, aloneAuc, packedAuc);
    // other masks, the same distribution: seed-to-seed spread on this set is ~0.01 in val_loss
    assertEquals(aloneLoss, packedLoss, 0.03 * aloneLoss, "mean best val_loss");
    assertEquals(aloneAuc, packedAuc, 0.01, "mean AUC");
  }

  @Test
  void aStopRequestCheckpointsEveryMemberAsATrialAlone() throws Exception {
    TrainingInput in = Toy.input(900, 4, 2, 1.0, 16);
    List<PackedTrainer.Member> members =
        List.of(
            member(50, "lr", "0.01", "epochs", "4"),
            member(51, "lr", "0.003", "l2", "0.001", "epochs", "2"),
            member(52, "lr", "0.02", "epochs", "5"));
    Map<Integer, TrainingResult> done = new TreeMap<>();
    Map<Integer, List<Integer>> epochCheckpoints = new TreeMap<>();
    int[] epochsSeen = {0};
    PackedTrainer.Listener listener =
        new PackedTrainer.Listener() {
          @Override
          public void onMemberEpochEnd(int member, EpochStats stats, int maxEpochs) {
            epochsSeen[0] = Math.max(epochsSeen[0], stats.epoch());
          }

          @Override
          public void onMemberDone(int member, TrainingResult result) {
            result.model().close();
            done.put(member, result);
          }

          @Override
          public boolean wantsEpochCheckpoints() {
            return true;
          }

          @Override
          public void onMemberCheckpoint(int member, TrainingCheckpoint checkpoint) {
            epochCheckpoints
                .computeIfAbsent(member, k -> new ArrayList<>())
                .add(checkpoint.epochsDone());
          }

          @Override
          public boolean checkpointRequested() {
            return epochsSeen[0] >= 2; // the walltime warning, after epoch 2
          }
        };
    TrainingStoppedException stop =
        assertThrows(
            TrainingStoppedException.class, () -> PackedTrainer.train(in, members, listener));
    // member 1 ended with epoch 2 before the stop; the others stop with a checkpoint each
    assertEquals(List.of(1), List.copyOf(done.keySet()));
    assertEquals(Map.of(0, List.of(1), 1, List.of(1), 2, List.of(1)), epochCheckpoints);
    assertEquals(java.util.Set.of(0, 2), stop.memberCheckpoints().keySet());
    assertSameTrial(alone(in, members.get(1)), done.get(1), "member finished before the stop");
    for (int i : List.of(0, 2)) {
      // stored and read as a solo trial's, then continued alone
      TrainingCheckpoint c =
          TrainingCheckpoint.fromBytes(stop.memberCheckpoints().get(i).toBytes());
      assertEquals(2, c.epochsDone());
      PackedTrainer.Member m = members.get(i);
      assertTrue(Trainer.canResume(c, in, m.hp(), m.settings()));
      TrainingResult resumed = Trainer.train(in, m.hp(), m.settings(), TrainingListener.NONE, c);
      resumed.model().close();
      assertSameTrial(alone(in, m), resumed, "member " + i + " resumed alone");
    }
  }

  @Test
  void trialsOfDifferentShapesAreNotPacked() {
    TrainingInput in = Toy.input(200, 4, 2, 1.0, 17);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PackedTrainer.train(
                    in,
                    List.of(member(1, "first_neuron", "8"), member(2, "first_neuron", "16")),
                    (member, r) -> r.model().close()));
    assertTrue(e.getMessage().contains("cannot be packed"), e.getMessage());
    assertEquals(
        PackedTrainer.packKey(Toy.hp("lr", "0.1", "l2", "0.01", "dropout", "0.2", "epochs", "9")),
        PackedTrainer.packKey(Toy.hp()),
        "lr, l2, dropout and epochs may differ");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
