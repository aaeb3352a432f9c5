package hepscan.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import hepscan.data.SplitArrays;
import hepscan.util.CanonicalText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains one network: an explicit epoch/batch loop over data resident on the device.
 *
 * <p>Per epoch: one shuffled copy of the training split (seeded), cut into contiguous batches; each
 * batch runs in its own NDManager, closed after the optimizer step, and its loss is never copied to
 * the host. The batch logits are kept (detached) and turned into the epoch's training loss and
 * accuracy with one host transfer per epoch. Then the evaluation split gives val_loss/val_acc, and
 * early stopping and LR reduction (Keras semantics) act on them. The best epoch's weights are kept.
 *
 * <p>PyTorch allows one gradient recording per JVM at a time: train trials one after another.
 */
public final class Trainer {
  private Trainer() {}

  /**
   * The PyTorch engine, started on first use.
   *
   * @throws EngineStartException naming DJL's cause when libtorch cannot be unpacked or loaded
   */
  public static Engine engine() {
    try {
      return Engine.getInstance();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new EngineStartException(e);
    }
  }

  /** The DJL device of a choice; {@code gpu} without a visible GPU is an error. */
  public static Device device(DeviceChoice choice) {
    int gpus = engine().getGpuCount();
    return switch (choice) {
      case CPU -> Device.cpu();
      case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
      case GPU -> {
        if (gpus == 0) {
          throw new IllegalStateException(
              "device gpu was asked for, but the PyTorch engine sees no GPU: use --device auto or cpu,"
                  + " or point PYTORCH_LIBRARY_PATH at a CUDA build of libtorch 2.7.1 (see README)");
        }
        yield Device.gpu();
      }
    };
  }

  /**
   * Trains {@code hp} on {@code input}. The returned model must be closed by the caller.
   *
   * @throws TrainingStoppedException when {@code listener} asks to stop or for a checkpoint
   * @throws IllegalArgumentException when the hyperparameters do not fit the data (e.g. binary loss
   *     with three classes)
   */
  public static TrainingResult train(
      TrainingInput input,
      Hyperparameters hp,
      TrainingSettings settings,
      TrainingListener listener) {
    return train(input, hp, settings, listener, null);
  }

  /**
   * What a checkpoint must have been written by to be continued: the hyperparameters in canonical
   * text, the seed, the network's size and the event counts.
   */
  static String trialIdentity(TrainingInput input, Hyperparameters hp, TrainingSettings settings) {
    Architecture arch = Architecture.of(input.scaler().nFeatures(), hp, input.nClasses());
    return CanonicalText.of(hp.toMap())
        + " seed="
        + settings.seed()
        + " parameters="
        + arch.nParameters()
        + " events="
        + input.training().nEvents()
        + "/"
        + input.evaluation().nEvents();
  }

  /** Whether {@code checkpoint} can be continued by this trial (else it starts over). */
  public static boolean canResume(
      TrainingCheckpoint checkpoint,
      TrainingInput input,
      Hyperparameters hp,
      TrainingSettings settings) {
    return checkpoint.trial().equals(trialIdentity(input, hp, settings));
  }

  /**
   * Continues a trial from {@code resume} (null: from the start), which must come from the same
   * input, hyperparameters and seed.
   */
  public static TrainingResult train(
      TrainingInput input,
      Hyperparameters hp,
      TrainingSettings settings,
      TrainingListener listener,
      TrainingCheckpoint resume) {
    Architecture arch = Architecture.of(input.scaler().nFeatures(), hp, input.nClasses());
    Device device = device(settings.device());
    String trial = trialIdentity(input, hp, settings);
    int done = 0;
    if (resume != null) {
      if (!resume.trial().equals(trial)) {
        throw new IllegalArgumentException(
            "the checkpoint belongs to another trial: it has "
                + resume.trial()
                + ", this trial is "
                + trial);
      }
      done = resume.epochsDone();
    }
    Engine engine = Engine.getInstance();
    Mlp.noGradOnThisThread();
    TrialSteps.Start start = TrialSteps.Start.of(arch, settings.seed());
    float[] init = start.parameters();
    SplittableRandom shuffle = start.shuffle();
    Schedule schedule = new Schedule(settings, hp.lr());
    List<EpochStats> history = new ArrayList<>();
    float[] best = null;
    int bestEpoch = 0;
    double secondsBefore = 0;
    if (resume != null) {
      start.skip(done, input.training().nEvents());
      init = resume.parameters();
      schedule.restore(resume.schedule());
      history.addAll(resume.history());
      best = resume.bestParameters();
      bestEpoch = resume.bestEpoch();
      secondsBefore = resume.seconds();
    }
    long startNanos = System.nanoTime();
    float[] last;
    try (NDManager root = NDManager.newBaseManager(device)) {
      float[][] meanStd = TrainedModel.scalerConstants(input.scaler());
      Resident train = new Resident(root, input.training(), arch, meanStd, hp.batchSize());
      SplitArrays ev = input.evaluation();
      NDArray evalX =
          root.create(scaledRows(ev, meanStd, 0), new Shape(ev.nEvents(), ev.nFeatures()));
      NDArray flat = root.create(init);
      flat.setRequiresGradient(true);
      ParameterUpdate update =
          ParameterUpdate.create(
              hp.optimizer(),
              flat,
              arch,
              hp.l2(),
              root,
              resume == null ? null : resume.optimizerState(),
              resume == null ? 0 : resume.optimizerSteps());
      for (int epoch = done + 1; epoch <= hp.epochs(); epoch++) {
        // dropout masks seeded per epoch: a trial resumed from a checkpoint draws the same ones
        engine.setRandomSeed(Long.hashCode(settings.seed() * 1_000_003L + epoch));
        double lr = schedule.lr();
        long t0 = System.nanoTime();
        int[] order = TrialSteps.permutation(train.n, shuffle);
        float[] trainLogits =
            runEpoch(
                engine,
                root,
                train,
                flat,
                arch,
                update,
                (float) lr,
                hp.batchSize(),
                order,
                listener,
                epoch);
        long t1 = System.nanoTime();
        float[] evalLogits = logits(root, evalX, flat, arch);
        long t2 = System.nanoTime();
        EpochStats stats =
            TrialSteps.epochStats(
                epoch,
                input,
                arch.nOutputs(),
                trainLogits,
                order,
                evalLogits,
                lr,
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
        history.add(stats);
        if (schedule.isBest(stats)) {
          best = flat.toFloatArray();
          bestEpoch = epoch;
        }
        listener.onEpochEnd(stats, hp.epochs());
        if (schedule.endOfEpoch(stats)) {
          break;
        }
        if (epoch < hp.epochs()) {
          boolean stop = listener.checkpointRequested();
          if (stop || listener.wantsEpochCheckpoints()) {
            TrainingCheckpoint checkpoint =
                new TrainingCheckpoint(
                    trial,
                    epoch,
                    flat.toFloatArray(),
                    update.state(),
                    update.steps(),
                    schedule.state(),
                    history,
                    best,
                    bestEpoch,
                    secondsBefore + (System.nanoTime() - startNanos) / 1e9);
            if (stop) {
              throw new TrainingStoppedException(checkpoint);
            }
            listener.onCheckpoint(checkpoint);
          }
        }
      }
      last = flat.toFloatArray();
    }
    double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
    return TrialSteps.result(input, arch, hp, best, bestEpoch, last, history, seconds, device);
  }

  /**
   * One pass over the shuffled training split; returns the logits of every event, in {@code order}.
   */
  @SuppressWarnings("try") // the collector is used for its scope: it switches gradient recording on
  private static float[] runEpoch(
      Engine engine,
      NDManager root,
      Resident train,
      NDArray flat,
      Architecture arch,
      ParameterUpdate update,
      float lr,
      int batchSize,
      int[] order,
      TrainingListener listener,
      int epoch) {
    int n = train.n;
    boolean binary = arch.nOutputs() == 1;
    try (NDManager em = root.newSubManager()) {
      long width = train.rows.getShape().get(1);
      NDArray index = em.create(Arrays.stream(order).asLongStream().toArray(), new Shape(n, 1));
      // one gather of the combined rows (features | targets | weights), then views; torch.gather
      // with a broadcast index copies rows faster than advanced indexing (x[index])
      NDArray rows = train.rows.gather(index.broadcast(n, width), 0);
      rows.attach(em);
      int f = train.nFeatures;
      int k = arch.nOutputs();
      NDList columns = rows.split(binary ? new long[] {f, f + k} : new long[] {f}, 1);
      long[] cuts = new long[(n - 1) / batchSize];
      for (int i = 0; i < cuts.length; i++) {
        cuts[i] = (long) (i + 1) * batchSize;
      }
      NDList xb = columns.get(0).split(cuts, 0);
      NDList tb = columns.get(1).split(cuts, 0);
      // the weights as one contiguous row, sliced per batch for a [1, m] x [m, 1] product
      NDList wb = binary ? columns.get(2).reshape(1, n).split(cuts, 1) : null;
      NDArray one = em.ones(new Shape(1, 1));
      NDList outputs = new NDList(xb.size());
      for (int b = 0; b < xb.size(); b++) {
        if (listener.stopRequested()) {
          throw new TrainingStoppedException(epoch);
        }
        try (NDManager bm = em.newSubManager()) {
          NDArray x = xb.get(b);
          NDArray t = tb.get(b);
          x.attach(bm);
          t.attach(bm);
          long size = b < cuts.length ? batchSize : n - (long) cuts.length * batchSize;
          NDArray z;
          try (GradientCollector gc = engine.newGradientCollector()) {
            // views taken while recording, so that gradients flow back into the flat array
            NDList views = Mlp.views(flat, arch, bm);
            z = Mlp.logits(x, views, arch, true);
            NDArray loss;
            if (binary) {
              // (w / batchSize) . softplus(s z) with s = -1 for class 0, +1 otherwise: the weighted
              // mean binary cross-entropy of a sigmoid for class 0, in three native operations
              NDArray w = wb.get(b);
              w.attach(bm);
              loss = w.matMul(ai.djl.nn.Activation.softPlus(z.mul(t)));
            } else {
              // -(w / batchSize) y . log softmax(z), the weights folded into the one-hot targets
              loss = t.mul(z.logSoftmax(1)).sum();
            }
            if (size != batchSize) { // the last, shorter batch: mean over its own size
              loss = loss.mul((float) batchSize / size);
            }
            Mlp.backward(loss, one);
          }
          NDArray kept = z.stopGradient();
          kept.attach(em);
          outputs.add(kept);
          NDArray grad = flat.getGradient();
          grad.attach(bm);
          update.step(flat, grad, lr);
        }
        listener.onBatchEnd(epoch, b + 1, xb.size());
      }
      return TrialSteps.toHost(outputs, n * k);
    }
  }

  /** Logits of the (scaled, resident) events {@code x}, in chunks, without gradient. */
  private static float[] logits(NDManager root, NDArray x, NDArray flat, Architecture arch) {
    long n = x.getShape().get(0);
    float[] out = new float[(int) n * arch.nOutputs()];
    for (long s = 0; s < n; s += TrainedModel.PREDICT_CHUNK) {
      try (NDManager m = root.newSubManager()) {
        NDArray chunk =
            x.get(new NDIndex().addSliceDim(s, Math.min(n, s + TrainedModel.PREDICT_CHUNK)));
        chunk.attach(m);
        float[] z = Mlp.logits(chunk, Mlp.views(flat, arch, m), arch, false).toFloatArray();
        System.arraycopy(z, 0, out, (int) s * arch.nOutputs(), z.length);
      }
    }
    return out;
  }

  /**
   * The scaler layer applied on the host while the rows are laid out for upload (one pass, one
   * transfer): each event's scaled features followed by {@code extra} zeroed columns.
   */
  static float[] scaledRows(SplitArrays a, float[][] meanStd, int extra) {
    int f = a.nFeatures();
    int width = f + extra;
    float[] x = a.features();
    float[] rows = new float[a.nEvents() * width];
    for (int i = 0; i < a.nEvents(); i++) {
      for (int j = 0; j < f; j++) {
        rows[i * width + j] = (x[i * f + j] - meanStd[0][j]) / meanStd[1][j];
      }
    }
    return rows;
  }

  /**
   * The training split on the device as one matrix, so that an epoch's shuffle is one gather: per
   * event its scaled features, then its loss targets, then (binary) its weight. Binary targets are
   * the sign s (-1 for class 0, +1 otherwise) and the weight over the batch size; categorical
   * targets are the one-hot vector times {@code -w / batchSize}. The batch mean is folded into the
   * weights: one native operation less per batch.
   */
  static final class Resident {
    final int n;
    final int nFeatures;
    final NDArray rows;

    Resident(NDManager root, SplitArrays a, Architecture arch, float[][] meanStd, int batchSize) {
      n = a.nEvents();
      nFeatures = a.nFeatures();
      int[] labels = a.labels();
      float[] w = a.weights();
      int k = arch.nOutputs();
      int extra = k == 1 ? 2 : k;
      int width = nFeatures + extra;
      float[] data = scaledRows(a, meanStd, extra);
      for (int i = 0; i < n; i++) {
        float wi = w[i] / batchSize;
        int at = i * width + nFeatures;
        if (k == 1) {
          data[at] = labels[i] == 0 ? -1f : 1f;
          data[at + 1] = wi;
        } else {
          data[at + labels[i]] = -wi;
        }
      }
      rows = root.create(data, new Shape(n, width));
    }
  }
}
