package hepscan.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import hepscan.util.CanonicalText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains K trials of the same network shape at once, as one fused network (trial packing): the
 * parameters are a {@code [K, P]} matrix, one trial's flat array per row, and every native
 * operation of a batch (batched products, the loss, one optimizer step with a learning rate per
 * row) does all K trials' work. Small networks spend their time in per-operation overhead, so K
 * trials cost far less than K times one.
 *
 * <p>Each member stays the trial it would be alone: its own seeded initial weights and shuffles
 * ({@link TrialSteps}, the draws {@link Trainer} makes), its own learning rate, L2 and dropout
 * rate, its own early stopping, LR reduction and best-epoch weights. A member that stops (early
 * stopping or its last epoch) is measured and handed over at once, then dropped from the pack,
 * which goes on with the others. Its result equals the trial trained alone up to float
 * reassociation (batched products and sums add in another order; see {@code PackedTrainerTest} for
 * the tolerance), except with dropout: the masks come from other random draws.
 *
 * <p>Members share the data: one resident training split, which each member reads in its own order
 * (gathered a segment of whole batches at a time for the whole pack).
 */
public final class PackedTrainer {
  private PackedTrainer() {}

  /**
   * How far a packed trial's figures (per-epoch losses and accuracies, final metrics) may be from
   * the same trial trained alone, absolutely; its epochs run and best epoch are equal. Both compute
   * the same float32 formulas, but batched products, the loss summed over the pack and the
   * written-out Adam step add and multiply in another order than one network's fused {@code addmm},
   * dot product and native Adam step, so the first step's weights differ in their last bits and
   * training carries that on: the differences grow with the number of steps. This tolerance is for
   * short trainings such as the tests' (up to about 100 steps; measured at most 1e-8 in
   * PackedTrainerTest and ScanPackingIT). Longer ones drift further: in PackingBenchmark (200k
   * events, 196 Adam steps per epoch, 5 epochs) losses differed by up to 2e-5 and accuracies by up
   * to 1.2e-4 (about 23 of the 200k events crossing the 0.5 threshold), and the benchmark checks
   * 1e-3. A chaotic training amplifies the differences as it would amplify any rounding: on the
   * demo at lr 0.03 (Adam) one trial of four grew from 1e-9 to 3e-4 in val_loss within three epochs
   * (x30 per epoch, no schedule decision involved), and its best epoch changed. Alone, such a trial
   * is as sensitive to another machine or thread count; packed, it is another equally likely draw,
   * not a wrong one.
   */
  public static final double TOLERANCE = 1e-5;

  /** One trial of a pack. */
  public record Member(Hyperparameters hp, TrainingSettings settings) {}

  /**
   * Follows a pack as it trains; called on the training thread. The polls and {@link #onBatchEnd}
   * are a single trial's ({@link TrainingListener}): {@link #stopRequested()} stops the pack with
   * no result and no checkpoint, {@link #checkpointRequested()} stops it with a checkpoint of every
   * member still training ({@link TrainingStoppedException#memberCheckpoints()}). A single trial's
   * {@code onEpochEnd} and {@code onCheckpoint} are not called: their per-member forms below are.
   */
  public interface Listener extends TrainingListener {
    /** After each epoch of member {@code member} (its index in the pack). */
    default void onMemberEpochEnd(int member, EpochStats stats, int maxEpochs) {}

    /**
     * Member {@code member} has finished (early stopping or its last epoch); the receiver owns the
     * result's model and must close it. The pack goes on with the others.
     */
    void onMemberDone(int member, TrainingResult result);

    /**
     * The state of a member still training after an epoch, when {@link #wantsEpochCheckpoints()},
     * in the format of a trial trained alone: {@link Trainer#train} continues it.
     */
    default void onMemberCheckpoint(int member, TrainingCheckpoint checkpoint) {}
  }

  /**
   * Members of a pack with {@code pack: auto} on the CPU at most; {@link PackProbe} measures which
   * size up to it is fastest (see bench/README.md).
   */
  static final int AUTO_CPU = 16;

  /** Members of a pack with {@code pack: auto} on a GPU: enough work per kernel launch. */
  static final int AUTO_GPU = 64;

  /**
   * Heap a pack of {@code pack: auto} may take beyond one trial's: each member adds its epoch's
   * order of the training events (an int an event); the rows are gathered a segment at a time, so
   * the device holds no more than for one trial.
   */
  static final long AUTO_MEMORY_BYTES = 512L << 20;

  /**
   * The pack size of {@code pack: auto} for these data on this device: {@link #AUTO_CPU} or {@link
   * #AUTO_GPU}, fewer when their epoch orders would exceed {@link #AUTO_MEMORY_BYTES}. On the CPU
   * it is the largest size {@link PackProbe} may choose.
   */
  public static int autoSize(TrainingInput input, DeviceChoice device) {
    if (input.streamBlockEvents() != 0) {
      return 1; // a streamed split cannot hold K shuffled copies: its trials train alone
    }
    long perMember = (long) Integer.BYTES * input.training().nEvents();
    int byMemory =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, AUTO_MEMORY_BYTES / Math.max(1, perMember)));
    int cap = Trainer.device(device).isGpu() ? AUTO_GPU : AUTO_CPU;
    return Math.min(cap, byMemory);
  }

  /**
   * What trials must share to be packed: every hyperparameter but {@code lr}, {@code l2}, {@code
   * dropout} and {@code epochs} (the network's shape, the loss, the batch size, the optimizer).
   */
  public static String packKey(Hyperparameters hp) {
    Map<String, Object> m = new LinkedHashMap<>(hp.toMap());
    m.keySet().removeAll(List.of("lr", "l2", "dropout", "epochs"));
    return CanonicalText.of(m);
  }

  /**
   * Trains {@code members} as one pack; each result goes to {@link Listener#onMemberDone} as soon
   * as its member finishes. Members start from scratch (a trial with a checkpoint continues alone,
   * with {@link Trainer#train}).
   *
   * @throws TrainingStoppedException when the listener asks to stop or for checkpoints
   * @throws IllegalArgumentException when the members cannot be packed (see {@link #packKey}, the
   *     same training settings but the seed), or do not fit the data
   */
  public static void train(TrainingInput input, List<Member> members, Listener listener) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a pack needs at least one member");
    }
    if (input.streamBlockEvents() != 0) {
      throw new IllegalArgumentException(
          "the training split is streamed from the cache (it does not fit in memory whole): its"
              + " trials train alone, not packed");
    }
    Member first = members.get(0);
    for (Member m : members) {
      if (!packKey(m.hp()).equals(packKey(first.hp()))
          || m.settings().device() != first.settings().device()
          || !java.util.Objects.equals(
              m.settings().earlyStopping(), first.settings().earlyStopping())
          || !java.util.Objects.equals(m.settings().reduceLr(), first.settings().reduceLr())) {
        throw new IllegalArgumentException(
            "trials cannot be packed: "
                + packKey(m.hp())
                + " differs from "
                + packKey(first.hp())
                + " (or their early stopping, LR reduction or device)");
      }
    }
    new Pack(input, members, listener).run();
  }

  /** One member's own state, on the host. */
  private static final class State {
    final int index;
    final Member member;
    final Architecture arch;
    final TrialSteps.Start start;
    final Schedule schedule;
    final String identity;
    final List<EpochStats> history = new ArrayList<>();
    float[] best;
    int bestEpoch;

    State(int index, Member member, TrainingInput input) {
      this.index = index;
      this.member = member;
      Hyperparameters hp = member.hp();
      arch = Architecture.of(input.scaler().nFeatures(), hp, input.nClasses());
      start = TrialSteps.Start.of(arch, member.settings().seed());
      schedule = new Schedule(member.settings(), hp.lr());
      identity = Trainer.trialIdentity(input, hp, member.settings());
    }
  }

  /** The pack while it trains: the members still training and their parameter matrix. */
  private static final class Pack {
    final TrainingInput input;
    final Listener listener;
    final List<State> all = new ArrayList<>();
    final Architecture arch;
    final Hyperparameters shared;
    final Device device;
    final int nParameters;
    List<State> active;
    NDArray flat;
    ParameterUpdate update;
    PackedDropout dropout;

    Pack(TrainingInput input, List<Member> members, Listener listener) {
      this.input = input;
      this.listener = listener;
      for (int i = 0; i < members.size(); i++) {
        all.add(new State(i, members.get(i), input));
      }
      arch = all.get(0).arch;
      shared = members.get(0).hp();
      device = Trainer.device(members.get(0).settings().device());
      nParameters = arch.nParameters();
      active = new ArrayList<>(all);
    }

    void run() {
      Engine engine = Trainer.engine();
      Mlp.noGradOnThisThread();
      long startNanos = System.nanoTime();
      int batchSize = shared.batchSize();
      int k = arch.nOutputs();
      try (NDManager root = NDManager.newBaseManager(device)) {
        float[][] meanStd = TrainedModel.scalerConstants(input.scaler());
        Trainer.Resident train =
            new Trainer.Resident(root, input.training(), arch, meanStd, batchSize);
        NDArray evalX = Trainer.evaluationRows(root, input.evaluation(), meanStd);
        float[] init = new float[all.size() * nParameters];
        for (State s : all) {
          System.arraycopy(s.start.parameters(), 0, init, s.index * nParameters, nParameters);
        }
        rebuild(root, init, null, 0);
        for (int epoch = 1; !active.isEmpty(); epoch++) {
          long t0 = System.nanoTime();
          int[][] orders = new int[active.size()][];
          double[] lr = new double[active.size()];
          for (int a = 0; a < active.size(); a++) {
            orders[a] = TrialSteps.permutation(train.n, active.get(a).start.shuffle());
            lr[a] = active.get(a).schedule.lr();
          }
          EpochSums[] trainSums = runEpoch(engine, root, train, lr, orders, epoch);
          long t1 = System.nanoTime();
          EpochSums[] evalSums = evalSums(root, evalX);
          long t2 = System.nanoTime();
          float[] parameters = flat.toFloatArray();
          List<State> stillActive = new ArrayList<>();
          List<Integer> kept = new ArrayList<>();
          for (int a = 0; a < active.size(); a++) {
            State s = active.get(a);
            EpochStats stats =
                TrialSteps.epochStats(
                    epoch, trainSums[a], evalSums[a], lr[a], (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            s.history.add(stats);
            float[] row = Arrays.copyOfRange(parameters, a * nParameters, (a + 1) * nParameters);
            if (s.schedule.isBest(stats)) {
              s.best = row;
              s.bestEpoch = epoch;
            }
            listener.onMemberEpochEnd(s.index, stats, s.member.hp().epochs());
            if (s.schedule.endOfEpoch(stats) || epoch >= s.member.hp().epochs()) {
              double seconds = (System.nanoTime() - startNanos) / 1e9;
              boolean anyBest = s.best != null; // else every monitored value was NaN: the last
              listener.onMemberDone(
                  s.index,
                  TrialSteps.result(
                      input,
                      s.arch,
                      s.member.hp(),
                      anyBest ? s.best : row,
                      anyBest ? s.bestEpoch : s.history.size(),
                      s.history,
                      seconds,
                      device,
                      root,
                      train,
                      evalX,
                      false)); // the other members still train on the rows
            } else {
              stillActive.add(s);
              kept.add(a);
            }
          }
          if (stillActive.isEmpty()) {
            break;
          }
          List<float[]> state = update.state();
          checkpoints(epoch, kept, stillActive, parameters, state, startNanos);
          if (stillActive.size() < active.size()) {
            // drop the finished members: the pack goes on with smaller matrices
            List<float[]> keptState = new ArrayList<>();
            for (float[] matrix : state) {
              keptState.add(rows(matrix, kept));
            }
            active = stillActive;
            rebuild(root, rows(parameters, kept), keptState, update.steps());
          }
        }
      }
    }

    /** Offers (or, on a stop request, throws) every active member's checkpoint. */
    private void checkpoints(
        int epoch,
        List<Integer> kept,
        List<State> members,
        float[] parameters,
        List<float[]> state,
        long startNanos) {
      boolean stop = listener.checkpointRequested();
      if (!stop && !listener.wantsEpochCheckpoints()) {
        return;
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      Map<Integer, TrainingCheckpoint> checkpoints = new LinkedHashMap<>();
      for (int i = 0; i < members.size(); i++) {
        State s = members.get(i);
        List<Integer> one = List.of(kept.get(i));
        List<float[]> memberState = new ArrayList<>();
        for (float[] matrix : state) {
          memberState.add(rows(matrix, one));
        }
        checkpoints.put(
            s.index,
            new TrainingCheckpoint(
                s.identity,
                epoch,
                rows(parameters, one),
                memberState,
                update.steps(),
                s.schedule.state(),
                s.history,
                s.best,
                s.bestEpoch,
                seconds));
      }
      if (stop) {
        throw new TrainingStoppedException(checkpoints, epoch);
      }
      checkpoints.forEach(listener::onMemberCheckpoint);
    }

    /** The rows {@code keep} of a {@code [rows, P]} matrix. */
    private float[] rows(float[] matrix, List<Integer> keep) {
      float[] out = new float[keep.size() * nParameters];
      for (int i = 0; i < keep.size(); i++) {
        System.arraycopy(matrix, keep.get(i) * nParameters, out, i * nParameters, nParameters);
      }
      return out;
    }

    /** (Re)creates the parameter matrix, the optimizer and the dropout of the active members. */
    private void rebuild(NDManager root, float[] parameters, List<float[]> state, int steps) {
      if (flat != null) {
        flat.close();
        update.close();
        if (dropout != null) {
          dropout.close();
        }
      }
      flat = root.create(parameters, new Shape(active.size(), nParameters));
      flat.setRequiresGradient(true);
      double[] l2 = active.stream().mapToDouble(s -> s.member.hp().l2()).toArray();
      update = ParameterUpdate.create(shared.optimizer(), flat, arch, l2, root, state, steps);
      dropout =
          PackedDropout.of(
              active.stream().mapToDouble(s -> s.member.hp().dropout()).toArray(),
              arch.hidden().size(),
              root);
    }

    /**
     * One pass of every active member over its own shuffle of the training split; returns each
     * member's loss and accuracy over its batches. The members' rows are gathered a segment of
     * whole batches at a time (about {@link Trainer#GATHER_EVENTS} rows for the whole pack), so the
     * device never holds the pack's shuffled copies of the whole split.
     */
    @SuppressWarnings(
        "try") // the collector is used for its scope: it switches gradient recording on
    private EpochSums[] runEpoch(
        Engine engine,
        NDManager root,
        Trainer.Resident train,
        double[] lr,
        int[][] orders,
        int epoch) {
      int n = train.n;
      int members = orders.length;
      int batchSize = shared.batchSize();
      boolean binary = arch.nOutputs() == 1;
      int k = arch.nOutputs();
      int nBatches = (n + batchSize - 1) / batchSize;
      int segmentBatches = Math.max(1, Trainer.GATHER_EVENTS / (batchSize * members));
      EpochSums[] sums = new EpochSums[members];
      for (int a = 0; a < members; a++) {
        sums[a] = new EpochSums(k, input.training().labels(), input.training().weights());
      }
      try (NDManager em = root.newSubManager()) {
        long width = train.rows.getShape().get(1);
        float[] rates = new float[members];
        for (int a = 0; a < members; a++) {
          rates[a] = (float) lr[a];
        }
        NDArray lrColumn = em.create(rates, new Shape(members, 1));
        if (dropout != null) {
          // masks seeded per epoch from the first active member's seed: a pack trains the same way
          // every time it is run
          dropout.reseed(
              new SplittableRandom(active.get(0).member.settings().seed() * 1_000_003L + epoch));
        }
        NDArray one = em.ones(new Shape());
        for (int b0 = 0; b0 < nBatches; b0 += segmentBatches) {
          int b1 = Math.min(nBatches, b0 + segmentBatches);
          int first = b0 * batchSize;
          int events = Math.min(n, b1 * batchSize) - first;
          try (NDManager sm = em.newSubManager()) {
            // batch-major order (batch, member, event): each batch of the whole pack is one
            // contiguous block of the segment, gathered in one operation
            long[] index = new long[members * events];
            int at = 0;
            for (int b = b0; b < b1; b++) {
              int from = b * batchSize;
              int to = Math.min(n, from + batchSize);
              for (int[] order : orders) {
                for (int i = from; i < to; i++) {
                  index[at++] = order[i];
                }
              }
            }
            NDArray idx = sm.create(index, new Shape(index.length, 1));
            NDArray rows = train.rows.gather(idx.broadcast(index.length, width), 0);
            rows.attach(sm);
            long[] cuts = new long[b1 - b0 - 1];
            for (int c = 0; c < cuts.length; c++) {
              cuts[c] = (long) (c + 1) * batchSize * members;
            }
            NDList chunks = cuts.length == 0 ? new NDList(rows) : rows.split(cuts, 0);
            NDList outputs = new NDList(b1 - b0);
            for (int b = b0; b < b1; b++) {
              if (listener.stopRequested()) {
                throw new TrainingStoppedException(epoch);
              }
              try (NDManager bm = sm.newSubManager()) {
                NDArray chunk = chunks.get(b - b0);
                chunk.attach(bm);
                long size = chunk.getShape().get(0) / members;
                NDList columns =
                    chunk
                        .reshape(members, size, width)
                        .split(
                            binary
                                ? new long[] {train.nFeatures, train.nFeatures + k}
                                : new long[] {train.nFeatures},
                            2);
                NDArray x = columns.get(0);
                NDArray t = columns.get(1);
                NDArray z;
                try (GradientCollector gc = engine.newGradientCollector()) {
                  NDList views = Mlp.packedViews(flat, arch, bm);
                  z = Mlp.packedLogits(x, views, arch, dropout);
                  NDArray loss;
                  if (binary) {
                    // sum over members and events of (w / batchSize) softplus(s z): each member's
                    // own weighted mean BCE (the sum keeps the members' gradients apart)
                    loss = columns.get(2).mul(ai.djl.nn.Activation.softPlus(z.mul(t))).sum();
                  } else {
                    loss = t.mul(z.logSoftmax(2)).sum();
                  }
                  if (size != batchSize) { // the last, shorter batch: mean over its own size
                    loss = loss.mul((float) batchSize / size);
                  }
                  Mlp.backward(loss, one);
                }
                NDArray keptLogits = z.stopGradient().reshape(-1);
                keptLogits.attach(sm);
                outputs.add(keptLogits);
                NDArray grad = flat.getGradient();
                grad.attach(bm);
                update.stepRows(flat, grad, lrColumn);
              }
              listener.onBatchEnd(epoch, b + 1, nBatches);
            }
            // the segment's logits in (batch, member, event) order, summed per member in its order
            float[] logits = TrialSteps.toHost(outputs, members * events * k);
            at = 0;
            for (int b = b0; b < b1; b++) {
              int from = b * batchSize;
              int size = Math.min(n, from + batchSize) - from;
              for (int a = 0; a < members; a++) {
                sums[a].add(logits, at, size, orders[a], from);
                at += size;
              }
            }
          }
        }
        return sums;
      }
    }

    /**
     * Each active member's loss and accuracy on the (scaled, resident) evaluation events, without
     * gradient.
     */
    private EpochSums[] evalSums(NDManager root, NDArray x) {
      int members = active.size();
      int k = arch.nOutputs();
      long n = x.getShape().get(0);
      EpochSums[] sums = new EpochSums[members];
      for (int a = 0; a < members; a++) {
        sums[a] = new EpochSums(k, input.evaluation().labels(), input.evaluation().weights());
      }
      // a chunk's activations are [members, chunk, neurons]: the chunk shrinks as the pack grows,
      // so that the pack's validation holds no more than one trial's
      long chunkEvents = Math.max(1, TrainedModel.PREDICT_CHUNK / members);
      for (long s = 0; s < n; s += chunkEvents) {
        try (NDManager m = root.newSubManager()) {
          long end = Math.min(n, s + chunkEvents);
          NDArray chunk = x.get(new NDIndex().addSliceDim(s, end));
          chunk.attach(m);
          float[] z =
              Mlp.packedLogits(chunk, Mlp.packedViews(flat, arch, m), arch, null).toFloatArray();
          int size = (int) (end - s);
          for (int a = 0; a < members; a++) {
            sums[a].add(z, a * size, size, null, (int) s);
          }
        }
      }
      return sums;
    }
  }
}
