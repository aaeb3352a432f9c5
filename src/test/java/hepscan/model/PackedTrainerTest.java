package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(pair[0], pair[1], TOLERANCE, what + ": epoch " + (e + 1));
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
      assertEquals(pair[0], pair[1], TOLERANCE, what + ": final metrics");
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

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
