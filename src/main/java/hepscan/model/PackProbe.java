package hepscan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Measures on the CPU whether packing a group of trials pays, and by how many ({@code pack: auto}).
 * Whether packing is faster depends on the shape: a pack saves the per-operation overhead of small
 * networks, but a large batch or wide layers already keep the cores busy, and then a pack only adds
 * its own work. So before a group trains, a few real training steps are timed for each candidate
 * size (1, that is the trial alone, 4, and the largest allowed) and the size with the lowest time
 * per trial-step is taken, if it is clearly faster than alone ({@link #MARGIN}).
 *
 * <p>Why the probe is representative: it runs the code the scan will run ({@link Trainer#train} for
 * a trial alone, {@link PackedTrainer#train} for a pack), with the group's own hyperparameters
 * (shape, batch size, optimizer, and each member's L2 and dropout: the dropout masks cost time), on
 * the first events of the real training split, with the same number of libtorch threads, after one
 * warm-up step that takes the first-call costs (allocations, the first gather). Left out: the
 * once-per-epoch work (shuffles, validation, the final metrics), a few percent of a packed epoch
 * (bench/README.md).
 *
 * <p>Steps are timed in windows of equal work ({@link #window}): a pack of 16 one step, a pack of 4
 * four steps, a trial alone sixteen, and a size's time is its fastest window. On a machine shared
 * with other work a step that loses a core to another process waits a time slice (tens of ms):
 * under a load of several times the cores a mean of a few steps measured the load of the moment
 * (the same toy step swung between 1 and 100 ms from one probe to the next), and the fastest single
 * step favoured the short steps of a trial alone, which can end within one slice while a pack's
 * longer step cannot (at load 6.5 a trial alone's fastest step was 0.7 ms, a pack of 16's 110-320
 * ms for 16 trials). Windows of equal work last about as long whatever the size, so the fastest of
 * them compares like with like.
 *
 * <p>Its cost is bounded: {@link #WINDOWS} windows per size and round, stopped earlier once {@link
 * #BUDGET_NANOS} have passed (a big shape takes fewer steps), in {@link #ROUNDS} rounds over the
 * sizes in turn; a size whose warm-up and first step would take the probe past {@link
 * #TOTAL_BUDGET_NANOS} (estimated from the arithmetic, {@link #stepNanos}) is left out: such a
 * shape's steps are long, and the per-operation overhead packing saves is a small part of them. For
 * the reference model (20 inputs, 64-64, batch 1024) it took 0.4-1.4 s on the quiet machine and
 * 1.2-3.1 s at a load of 4-7 on the project's 2 cores, where its choice was unreliable
 * (bench/README.md).
 *
 * <p>The probe changes no trial's result: its networks are its own (seeds of its own, closed after
 * the steps), and every trial later starts from its own seed. The native seed a trial alone sets is
 * set again by every trial at each epoch.
 */
public final class PackProbe {
  private PackProbe() {}

  /**
   * How much faster per trial-step a pack must be than the trial alone to be chosen. Below it the
   * gain is within what a probe of a few steps can tell on a shared machine, and a pack has costs
   * its steps do not show: each member's shuffle and per-epoch sums, a pack that shrinks as members
   * stop early (its last members train in a small pack), its heap for the members' orders, and its
   * trials' results come at the pack's pace rather than one by one. A pack of 16 reference trials
   * was 1.3x faster than one trial after another over whole 5-epoch trainings (bench/README.md,
   * "third round"); a gain under 15 % is not worth those.
   */
  public static final double MARGIN = 1.15;

  /** Windows of equal work ({@link #window}) timed per size and round, at most. */
  static final int WINDOWS = 3;

  /** Training events the probe takes at most (a huge batch then spans epochs). */
  static final int MAX_EVENTS = 1 << 18;

  /** A size's timed steps stop after this long in a round (at least one step is timed). */
  static final long BUDGET_NANOS = 250_000_000L;

  /**
   * The probe's time: a size whose warm-up and first step would pass it ({@link #stepNanos}) is not
   * measured, and then not chosen.
   */
  static final long TOTAL_BUDGET_NANOS = 2_500_000_000L;

  /** Rounds over the sizes; a size's steps of every round count. */
  static final int ROUNDS = 2;

  /** The seed of the probe's throwaway networks and shuffles. */
  static final long SEED = 0x9AC4_5EEDL;

  /**
   * One size's measurement.
   *
   * @param size the members of the pack (1: the trial alone, with {@link Trainer})
   * @param steps the timed steps, over every round
   * @param msPerStep the mean step of the fastest window of steps
   */
  public record Timing(int size, int steps, double msPerStep) {
    /** The time of one trial's step: the pack's step over its members. */
    public double msPerTrialStep() {
      return msPerStep / size;
    }
  }

  /**
   * What the probe measured and chose.
   *
   * @param timings one per size measured, ascending, the first the trial alone
   * @param chosen the pack size to train with: 1 (alone) or one of the sizes measured
   * @param seconds the probe's wall time
   */
  public record Result(List<Timing> timings, int chosen, double seconds) {
    public Result {
      timings = List.copyOf(timings);
      if (timings.isEmpty() || timings.get(0).size() != 1) {
        throw new IllegalArgumentException("expected the trial alone first: " + timings);
      }
    }

    /** The trial alone. */
    public Timing alone() {
      return timings.get(0);
    }

    /** The size measured with the lowest time per trial-step among the packs; null if none was. */
    public Timing fastestPack() {
      return PackProbe.fastestPack(timings);
    }

    /** One line for the scan's log: what was measured and what was chosen. */
    public String describe(int groupSize, String shape) {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "pack auto: %d trials of %s measured (ms per trial-step, %.1f s):",
              groupSize,
              shape,
              seconds));
      for (Timing t : timings) {
        s.append(
            t.size() == 1
                ? String.format(Locale.ROOT, " %.2f alone", t.msPerTrialStep())
                : String.format(Locale.ROOT, ", %.2f packed by %d", t.msPerTrialStep(), t.size()));
      }
      Timing best = fastestPack();
      if (best == null) {
        s.append(
            String.format(
                Locale.ROOT,
                ": training them one after another (no pack measured: its steps would take the"
                    + " probe past its time; a step alone takes %.0f ms, of which the"
                    + " per-operation overhead packing saves is a small part)",
                alone().msPerStep()));
        return s.toString();
      }
      double gain = alone().msPerTrialStep() / best.msPerTrialStep();
      if (chosen > 1) {
        s.append(String.format(Locale.ROOT, ": packing by %d (%.2fx)", chosen, gain));
      } else {
        s.append(
            String.format(
                Locale.ROOT,
                ": training them one after another (packed by %d only %.2fx, below %.2fx)",
                best.size(),
                gain,
                MARGIN));
      }
      return s.toString();
    }
  }

  /**
   * The sizes to measure for a group of {@code groupSize} trials when packs may hold at most {@code
   * cap} ({@link PackedTrainer#autoSize}): 1 (alone), 4 and the largest allowed, {@code
   * min(groupSize, cap)}; only 1 when that is 1.
   */
  public static List<Integer> sizes(int groupSize, int cap) {
    int largest = Math.max(1, Math.min(groupSize, cap));
    TreeSet<Integer> sizes = new TreeSet<>(List.of(1, largest));
    if (largest > 4) {
      sizes.add(4);
    }
    return List.copyOf(sizes);
  }

  /**
   * The decision rule: the size with the lowest time per trial-step, if it is a pack at least
   * {@link #MARGIN} times faster per trial-step than the trial alone; else 1.
   *
   * @param timings the trial alone (size 1) and any packs, in any order
   */
  public static int choose(List<Timing> timings) {
    Timing alone =
        timings.stream()
            .filter(t -> t.size() == 1)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException("no timing of the trial alone among " + timings));
    Timing best = fastestPack(timings);
    if (best == null || alone.msPerTrialStep() < MARGIN * best.msPerTrialStep()) {
      return 1;
    }
    return best.size();
  }

  /** The pack (size above 1) with the lowest time per trial-step; null if none was measured. */
  private static Timing fastestPack(List<Timing> timings) {
    Timing best = null;
    for (Timing t : timings) {
      if (t.size() > 1 && (best == null || t.msPerTrialStep() < best.msPerTrialStep())) {
        best = t;
      }
    }
    return best;
  }

  /** The shape a pack shares, for the log: e.g. {@code 64x2 relu, batch 1024, adam}. */
  public static String shape(Hyperparameters hp) {
    return hp.firstNeuron()
        + "x"
        + hp.hiddenLayers()
        + " "
        + hp.activation().key()
        + ", batch "
        + hp.batchSize()
        + ", "
        + hp.optimizer().key();
  }

  /** Whether {@code pack: auto} measures for these data on this device: a CPU, resident data. */
  public static boolean applies(TrainingInput input, DeviceChoice device) {
    return input.streamBlockEvents() == 0 && !Trainer.device(device).isGpu();
  }

  /**
   * Times the group's training steps alone and packed (see the class comment) and chooses.
   *
   * @param group the hyperparameters of the group's trials (one {@link PackedTrainer#packKey}); the
   *     probe's pack members take them in turn
   * @param cap the largest pack allowed ({@link PackedTrainer#autoSize})
   */
  public static Result measure(
      TrainingInput input, List<Hyperparameters> group, DeviceChoice device, int cap) {
    return measure(input, group, device, cap, BUDGET_NANOS, TOTAL_BUDGET_NANOS);
  }

  /**
   * As {@link #measure(TrainingInput, List, DeviceChoice, int)}, with other time budgets: {@code
   * budgetNanos} for a size's steps in a round, {@code totalNanos} for the whole probe.
   */
  static Result measure(
      TrainingInput input,
      List<Hyperparameters> group,
      DeviceChoice device,
      int cap,
      long budgetNanos,
      long totalNanos) {
    List<Integer> sizes = sizes(group.size(), cap);
    if (sizes.size() < 2) {
      throw new IllegalArgumentException(
          "nothing to choose: " + group.size() + " trial(s), packs of at most " + cap);
    }
    long start = System.nanoTime();
    int largest = sizes.get(sizes.size() - 1);
    int batch = group.get(0).batchSize();
    // the first events: the warm-up step and the trial alone's steps in one epoch when the split
    // has them (a shorter split, or a huge batch, spans epochs)
    long wanted = (long) (1 + WINDOWS * window(1, largest)) * batch;
    int n = (int) Math.min(input.training().nEvents(), Math.min(wanted, MAX_EVENTS));
    int nEval = Math.min(input.evaluation().nEvents(), Math.min(batch, 1024));
    TrainingInput head =
        new TrainingInput(
            input.training().head(n),
            input.evaluation().head(nEval),
            input.scaler(),
            input.nClasses());
    long[] fastest = new long[sizes.size()]; // the fastest window's nanoseconds
    Architecture arch = Architecture.of(input.scaler().nFeatures(), group.get(0), input.nClasses());
    int[] steps = new int[sizes.size()];
    java.util.Arrays.fill(fastest, Long.MAX_VALUE);
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < sizes.size(); i++) {
        int size = sizes.get(i);
        int window = window(size, largest);
        if (round > 0 || i > 0) {
          // a size whose warm-up and first step would take the probe past its time is not
          // measured (a big shape); estimated from the arithmetic, not from a step measured now,
          // which on a busy machine may have waited a time slice
          double predicted = 2 * stepNanos(arch, batch, size);
          if (System.nanoTime() - start + predicted > totalNanos) {
            continue;
          }
        }
        Clock clock = new Clock(budgetNanos, WINDOWS * window);
        run(head, group, size, device, clock);
        steps[i] += clock.steps.size();
        fastest[i] = Math.min(fastest[i], clock.fastestWindow(window));
      }
    }
    List<Timing> timings = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      if (steps[i] > 0) {
        int window = window(sizes.get(i), largest);
        timings.add(new Timing(sizes.get(i), steps[i], fastest[i] / 1e6 / window));
      }
    }
    return new Result(timings, choose(timings), (System.nanoTime() - start) / 1e9);
  }

  /**
   * Arithmetic a CPU step is assumed to run at, to bound the probe's time before a step is
   * measured: about half the 49 GFLOP/s measured for the reference model's 64x64 layer products
   * (bench/README.md), so that the estimate errs long.
   */
  static final double FLOPS = 25e9;

  /**
   * The estimated nanoseconds of one training step of a pack of {@code size} ({@link #FLOPS}): 6
   * floating-point operations per parameter and event (forward, and backward for both the inputs
   * and the weights).
   */
  static double stepNanos(Architecture arch, int batch, int size) {
    return 6.0 * batch * arch.nParameters() * size / FLOPS * 1e9;
  }

  /**
   * The steps of a window of a pack of {@code size}: about the work of one step of the largest pack
   * measured, so that every size's windows last about as long and meet the machine's other work
   * alike.
   */
  static int window(int size, int largest) {
    return (largest + size - 1) / size;
  }

  /** Trains {@code size} throwaway members (alone: {@link Trainer}) until {@code clock} stops. */
  private static void run(
      TrainingInput head, List<Hyperparameters> group, int size, DeviceChoice device, Clock clock) {
    try {
      if (size == 1) {
        TrainingResult r =
            Trainer.train(head, endless(group.get(0)), settings(0, device), clock, null);
        r.model().close(); // not reached: the clock stops it
      } else {
        List<PackedTrainer.Member> members = new ArrayList<>();
        for (int m = 0; m < size; m++) {
          members.add(
              new PackedTrainer.Member(endless(group.get(m % group.size())), settings(m, device)));
        }
        PackedTrainer.train(head, members, clock);
      }
    } catch (TrainingStoppedException expected) {
      // the clock has its steps
    }
    if (clock.steps.isEmpty()) {
      throw new IllegalStateException("the probe timed no step of a pack of " + size);
    }
  }

  /** Enough epochs for the steps, whatever the split's size (no member finishes first). */
  private static Hyperparameters endless(Hyperparameters hp) {
    return hp.withEpochs(1_000_000);
  }

  private static TrainingSettings settings(int member, DeviceChoice device) {
    return new TrainingSettings(null, null, SEED + member, device);
  }

  /**
   * Notes how long each step after the warm-up took; stops the training after {@code target} of
   * them, or once its budget has passed since the warm-up.
   */
  private static final class Clock implements PackedTrainer.Listener {
    final List<Long> steps = new ArrayList<>();
    final long budgetNanos;
    final int target;
    long warm;
    long last;

    Clock(long budgetNanos, int target) {
      this.budgetNanos = budgetNanos;
      this.target = target;
    }

    @Override
    public void onBatchEnd(int epoch, int batchesDone, int batchesInEpoch) {
      long now = System.nanoTime();
      if (last == 0) {
        warm = now;
      } else {
        steps.add(now - last);
      }
      last = now;
    }

    @Override
    public boolean stopRequested() {
      return steps.size() >= target || (!steps.isEmpty() && last - warm >= budgetNanos);
    }

    @Override
    public void onMemberDone(int member, TrainingResult result) {
      result.model().close(); // not reached: no member has its last epoch in the probe
    }

    /**
     * The nanoseconds of the fastest run of {@code window} consecutive steps; with fewer steps than
     * that (the budget ended them), theirs scaled to a window.
     */
    long fastestWindow(int window) {
      if (steps.size() < window) {
        long sum = steps.stream().mapToLong(Long::longValue).sum();
        return sum * window / steps.size();
      }
      long best = Long.MAX_VALUE;
      for (int from = 0; from + window <= steps.size(); from += window) {
        long sum = 0;
        for (int i = from; i < from + window; i++) {
          sum += steps.get(i);
        }
        best = Math.min(best, sum);
      }
      return best;
    }
  }
}
