package hepscan.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import hepscan.data.FeatureRows;
import hepscan.data.SplitArrays;
import hepscan.util.CanonicalText;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains one network: an explicit epoch/batch loop over data on the device, uploaded from the heap
 * or the cache file a block at a time (the device holds each split once; the heap holds labels and
 * weights).
 *
 * <p>Per epoch: a seeded shuffle of the training split, gathered on the device a segment of whole
 * batches at a time and cut into contiguous batches (a streamed split, {@link
 * TrainingInput#streamBlockEvents()}, is shuffled by blocks and read a block at a time); each batch
 * runs in its own NDManager, closed after the optimizer step, and its loss is never copied to the
 * host. The batch logits are kept (detached) and turned into the epoch's training loss and accuracy
 * with one host transfer per epoch. Then the evaluation split gives val_loss/val_acc, and early
 * stopping and LR reduction (Keras semantics) act on them. The best epoch's weights are kept.
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
        + input.evaluation().nEvents()
        // streamed training shuffles otherwise: its checkpoints continue only streamed training
        + (input.streamBlockEvents() == 0 ? "" : " block=" + input.streamBlockEvents());
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
      init = resume.parameters();
      schedule.restore(resume.schedule());
      history.addAll(resume.history());
      best = resume.bestParameters();
      bestEpoch = resume.bestEpoch();
      secondsBefore = resume.seconds();
    }
    long startNanos = System.nanoTime();
    try (NDManager root = NDManager.newBaseManager(device)) {
      float[][] meanStd = TrainedModel.scalerConstants(input.scaler());
      TrainingRows train =
          input.streamBlockEvents() == 0
              ? new Resident(root, input.training(), arch, meanStd, hp.batchSize())
              : new Streamed(
                  input.training(), arch, meanStd, hp.batchSize(), input.streamBlockEvents());
      for (int e = 0; e < done; e++) { // the shuffles already used, so the next ones follow
        train.shuffle(shuffle);
      }
      NDArray evalX = evaluationRows(root, input.evaluation(), meanStd);
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
      // on the CPU, masks drawn on the host (a pack of one): libtorch's dropout draws ~8 ns a value
      PackedDropout hostMasks =
          device.isGpu()
              ? null
              : PackedDropout.of(new double[] {hp.dropout()}, arch.hidden().size(), root);
      for (int epoch = done + 1; epoch <= hp.epochs(); epoch++) {
        // masks seeded per epoch: a trial resumed from a checkpoint draws the same ones
        long maskSeed = settings.seed() * 1_000_003L + epoch;
        if (hostMasks != null) {
          hostMasks.reseed(new SplittableRandom(maskSeed));
        } else {
          engine.setRandomSeed(Long.hashCode(maskSeed));
        }
        double lr = schedule.lr();
        long t0 = System.nanoTime();
        Shuffle order = train.shuffle(shuffle);
        EpochSums trainSums =
            runEpoch(
                engine,
                root,
                train,
                flat,
                arch,
                update,
                hostMasks,
                (float) lr,
                hp.batchSize(),
                order,
                input.training(),
                listener,
                epoch);
        long t1 = System.nanoTime();
        EpochSums evalSums = evaluationSums(root, evalX, flat, arch, input.evaluation());
        long t2 = System.nanoTime();
        EpochStats stats =
            TrialSteps.epochStats(epoch, trainSums, evalSums, lr, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
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
      if (best == null) { // every monitored value was NaN: keep the last weights
        best = flat.toFloatArray();
        bestEpoch = history.size();
      }
      double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
      return TrialSteps.result(
          input, arch, hp, best, bestEpoch, history, seconds, device, root, train, evalX, true);
    }
  }

  /**
   * One pass over the shuffled training split ({@code split}'s events, in {@code order}); returns
   * the loss and accuracy of its batches.
   */
  @SuppressWarnings("try") // the collector is used for its scope: it switches gradient recording on
  private static EpochSums runEpoch(
      Engine engine,
      NDManager root,
      TrainingRows train,
      NDArray flat,
      Architecture arch,
      ParameterUpdate update,
      PackedDropout hostMasks,
      float lr,
      int batchSize,
      Shuffle order,
      SplitArrays split,
      TrainingListener listener,
      int epoch) {
    boolean binary = arch.nOutputs() == 1;
    int f = train.nFeatures();
    int k = arch.nOutputs();
    int[] ends = order.segmentEnds();
    int batches = 0;
    for (int g = 0, from = 0; g < ends.length; from = ends[g++]) {
      batches += (ends[g] - from + batchSize - 1) / batchSize;
    }
    EpochSums sums = new EpochSums(k, split.labels(), split.weights());
    try (NDManager em = root.newSubManager()) {
      NDArray one = em.ones(new Shape(1, 1));
      int done = 0;
      for (int g = 0, from = 0; g < ends.length; from = ends[g++]) {
        int m = ends[g] - from;
        try (NDManager gm = em.newSubManager()) {
          NDList outputs = new NDList((m + batchSize - 1) / batchSize);
          NDArray rows = train.rows(gm, order.events(), from, m);
          NDList columns = rows.split(binary ? new long[] {f, f + k} : new long[] {f}, 1);
          long[] cuts = new long[(m - 1) / batchSize];
          for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (long) (i + 1) * batchSize;
          }
          NDList xb = columns.get(0).split(cuts, 0);
          NDList tb = columns.get(1).split(cuts, 0);
          // the weights as one contiguous row, sliced per batch for a [1, m] x [m, 1] product
          NDList wb = binary ? columns.get(2).reshape(1, m).split(cuts, 1) : null;
          for (int b = 0; b < xb.size(); b++) {
            if (listener.stopRequested()) {
              throw new TrainingStoppedException(epoch);
            }
            try (NDManager bm = gm.newSubManager()) {
              NDArray x = xb.get(b);
              NDArray t = tb.get(b);
              x.attach(bm);
              t.attach(bm);
              long size = b < cuts.length ? batchSize : m - (long) cuts.length * batchSize;
              NDArray z;
              try (GradientCollector gc = engine.newGradientCollector()) {
                // views taken while recording, so that gradients flow back into the flat array
                NDList views = Mlp.views(flat, arch, bm);
                z = Mlp.logits(x, views, arch, true, hostMasks);
                NDArray loss;
                if (binary) {
                  // (w / batchSize) . softplus(s z) with s = -1 for class 0, +1 otherwise: the
                  // weighted mean binary cross-entropy of a sigmoid for class 0, in three native
                  // operations
                  NDArray w = wb.get(b);
                  w.attach(bm);
                  loss = w.matMul(ai.djl.nn.Activation.softPlus(z.mul(t)));
                } else {
                  // -(w / batchSize) y . log softmax(z), the weights folded into the one-hot
                  // targets
                  loss = t.mul(z.logSoftmax(1)).sum();
                }
                if (size != batchSize) { // the last, shorter batch: mean over its own size
                  loss = loss.mul((float) batchSize / size);
                }
                Mlp.backward(loss, one);
              }
              NDArray kept = z.stopGradient();
              kept.attach(gm);
              outputs.add(kept);
              NDArray grad = flat.getGradient();
              grad.attach(bm);
              update.step(flat, grad, lr);
            }
            listener.onBatchEnd(epoch, ++done, batches);
          }
          sums.add(TrialSteps.toHost(outputs, m * k), 0, m, order.events(), from);
        }
      }
      return sums;
    }
  }

  /**
   * The loss and accuracy of the (scaled, resident) evaluation events {@code x} of {@code split}.
   */
  private static EpochSums evaluationSums(
      NDManager root, NDArray x, NDArray flat, Architecture arch, SplitArrays split) {
    EpochSums sums = new EpochSums(arch.nOutputs(), split.labels(), split.weights());
    long n = x.getShape().get(0);
    for (long s = 0; s < n; s += TrainedModel.PREDICT_CHUNK) {
      try (NDManager m = root.newSubManager()) {
        long end = Math.min(n, s + TrainedModel.PREDICT_CHUNK);
        NDArray chunk = x.get(new NDIndex().addSliceDim(s, end));
        chunk.attach(m);
        float[] z = Mlp.logits(chunk, Mlp.views(flat, arch, m), arch, false, null).toFloatArray();
        sums.add(z, 0, (int) (end - s), null, (int) s);
      }
    }
    return sums;
  }

  /**
   * Logits, or with {@code probabilities} the class probabilities, of the (scaled, resident) events
   * {@code x}, in chunks, without gradient.
   */
  static float[] outputs(
      NDManager root, NDArray x, NDArray flat, Architecture arch, boolean probabilities) {
    long n = x.getShape().get(0);
    float[] out = new float[(int) n * arch.nOutputs()];
    for (long s = 0; s < n; s += TrainedModel.PREDICT_CHUNK) {
      try (NDManager m = root.newSubManager()) {
        NDArray chunk =
            x.get(new NDIndex().addSliceDim(s, Math.min(n, s + TrainedModel.PREDICT_CHUNK)));
        chunk.attach(m);
        NDArray z = Mlp.logits(chunk, Mlp.views(flat, arch, m), arch, false, null);
        float[] v = (probabilities ? Mlp.probabilities(z, arch) : z).toFloatArray();
        System.arraycopy(v, 0, out, (int) s * arch.nOutputs(), v.length);
      }
    }
    return out;
  }

  /** The evaluation split's scaled features on the device, in {@code root}. */
  static NDArray evaluationRows(NDManager root, SplitArrays ev, float[][] meanStd) {
    return new Upload(ev.nFeatures(), meanStd, 0, NONE, ev.nEvents())
        .rows(root, ev, 0, ev.nEvents());
  }

  /** Events scaled and copied to the device at a time: bounds the heap's part in an upload. */
  private static final int UPLOAD_EVENTS = 1 << 16;

  /** Shuffled training events gathered on the device at a time, rounded to whole batches. */
  static final int GATHER_EVENTS = 1 << 17;

  /**
   * Fills an event's {@code extra} columns of an upload's block: every one, the block is reused.
   */
  private interface ExtraColumns {
    void fill(int event, float[] block, int at);
  }

  /** No extra columns: the features alone. */
  private static final ExtraColumns NONE = (event, block, at) -> {};

  /**
   * Puts splits, or ranges of their events, on the device as one matrix each, the scaler layer
   * applied on the host while the rows are laid out: each event's scaled features followed by
   * {@code extra} columns that {@code extras} fills. Read (from the heap or the cache file), laid
   * out and copied {@value #UPLOAD_EVENTS} events at a time into the device matrix, through buffers
   * kept for every call: neither a full laid-out copy in the heap nor a second one on the device,
   * and no direct buffers left to the garbage collector (DJL copies a heap array into a new direct
   * buffer that only a collection frees: those of a whole split would pile up outside the heap).
   */
  private static final class Upload {
    private final float[][] meanStd;
    private final int nFeatures;
    private final int width;
    private final ExtraColumns extras;
    private final int blockEvents;
    private final float[] raw;
    private final float[] block;
    private final ByteBuffer direct;

    /** For ranges of at most {@code maxEvents} events. */
    Upload(int nFeatures, float[][] meanStd, int extra, ExtraColumns extras, int maxEvents) {
      this.meanStd = meanStd;
      this.nFeatures = nFeatures;
      this.width = nFeatures + extra;
      this.extras = extras;
      blockEvents = Math.max(1, Math.min(maxEvents, UPLOAD_EVENTS));
      raw = new float[blockEvents * nFeatures];
      block = new float[blockEvents * width];
      direct = ByteBuffer.allocateDirect(block.length * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    /** Events {@code [first, first + n)} of {@code a} on the device, in {@code m}. */
    NDArray rows(NDManager m, SplitArrays a, int first, int n) {
      int f = nFeatures;
      NDArray rows = m.zeros(new Shape(n, width));
      try (FeatureRows.Reader reader = a.rows().open()) {
        for (int s = 0; s < n; s += blockEvents) {
          int count = Math.min(blockEvents, n - s);
          reader.read(first + s, count, raw);
          for (int i = 0; i < count; i++) {
            for (int j = 0; j < f; j++) {
              block[i * width + j] = (raw[i * f + j] - meanStd[0][j]) / meanStd[1][j];
            }
            extras.fill(first + s + i, block, i * width + f);
          }
          direct.clear();
          direct.asFloatBuffer().put(block, 0, count * width);
          direct.limit(count * width * Float.BYTES);
          try (NDManager bm = m.newSubManager()) {
            NDArray part = bm.create(direct, new Shape(count, width), DataType.FLOAT32);
            rows.set(new NDIndex().addSliceDim(s, s + count), part);
          }
        }
      }
      return rows;
    }
  }

  /**
   * An epoch's order of the training events, cut into segments that are gathered on the device one
   * at a time; batches never straddle two segments.
   *
   * @param events the events in the order they are trained on
   * @param segmentEnds where each segment ends in {@code events} (exclusive), ascending
   */
  record Shuffle(int[] events, int[] segmentEnds) {}

  /** The training split as the epochs read it: resident on the device, or streamed in blocks. */
  interface TrainingRows {
    int nFeatures();

    /** The next epoch's order, drawn from {@code rng}. */
    Shuffle shuffle(SplittableRandom rng);

    /**
     * The rows (scaled features | targets | weight, see {@link Resident}) of the {@code count}
     * events {@code order[from, from + count)}, one segment of a {@link Shuffle}, on the device in
     * {@code manager}.
     */
    NDArray rows(NDManager manager, int[] order, int from, int count);

    /** The class probabilities of every event, in the split's order, with {@code parameters}. */
    float[] probabilities(NDManager root, NDArray parameters);

    /** Frees what these rows hold on the device; they are not read again. */
    default void release() {}
  }

  /**
   * Fills the loss targets and weight columns of the training rows: binary targets are the sign s
   * (-1 for class 0, +1 otherwise) and the weight over the batch size; categorical targets are the
   * one-hot vector times {@code -w / batchSize}. The batch mean is folded into the weights: one
   * native operation less per batch.
   */
  private static ExtraColumns targets(SplitArrays a, int k, int batchSize) {
    int[] labels = a.labels();
    float[] w = a.weights();
    return (i, block, at) -> {
      float wi = w[i] / batchSize;
      if (k == 1) {
        block[at] = labels[i] == 0 ? -1f : 1f;
        block[at + 1] = wi;
      } else {
        Arrays.fill(block, at, at + k, 0f);
        block[at + labels[i]] = -wi;
      }
    };
  }

  /** The target and weight columns after the features: binary 2, else one per class. */
  private static int extraColumns(Architecture arch) {
    return arch.nOutputs() == 1 ? 2 : arch.nOutputs();
  }

  /**
   * The training split on the device as one matrix, so that an epoch's shuffle is one gather per
   * segment of {@value #GATHER_EVENTS} events: per event its scaled features, then its loss
   * targets, then (binary) its weight ({@link #targets}).
   */
  static final class Resident implements TrainingRows {
    final int n;
    final int nFeatures;
    final int perSegment;
    final Architecture arch;
    final NDArray rows;

    Resident(NDManager root, SplitArrays a, Architecture arch, float[][] meanStd, int batchSize) {
      this.arch = arch;
      n = a.nEvents();
      nFeatures = a.nFeatures();
      perSegment = Math.max(1, GATHER_EVENTS / batchSize) * batchSize;
      rows =
          new Upload(
                  nFeatures, meanStd, extraColumns(arch), targets(a, arch.nOutputs(), batchSize), n)
              .rows(root, a, 0, n);
    }

    @Override
    public int nFeatures() {
      return nFeatures;
    }

    @Override
    public Shuffle shuffle(SplittableRandom rng) {
      int[] ends = new int[(n + perSegment - 1) / perSegment];
      for (int g = 0; g < ends.length; g++) {
        ends[g] = Math.min(n, (g + 1) * perSegment);
      }
      return new Shuffle(TrialSteps.permutation(n, rng), ends);
    }

    @Override
    public NDArray rows(NDManager m, int[] order, int from, int count) {
      NDArray index =
          m.create(
              Arrays.stream(order, from, from + count).asLongStream().toArray(),
              new Shape(count, 1));
      // torch.gather with a broadcast index copies rows faster than advanced indexing (x[index])
      NDArray gathered = rows.gather(index.broadcast(count, rows.getShape().get(1)), 0);
      gathered.attach(m);
      return gathered;
    }

    @Override
    public float[] probabilities(NDManager root, NDArray parameters) {
      NDArray features = rows.get(new NDIndex().addAllDim().addSliceDim(0, nFeatures));
      return outputs(root, features, parameters, arch, true);
    }

    @Override
    public void release() {
      rows.close();
    }
  }

  /**
   * The training split left where it is (the cache file, or the heap), read and uploaded a block of
   * {@code block} consecutive events at a time: for data that do not fit on the device whole.
   * Shuffled by blocks: each epoch visits the blocks in a random order and the events of each block
   * in a random order, so the device holds one block. Events of one block are trained on in the
   * same batches more often than under a full shuffle; with blocks of many batches the difference
   * is small (see README, "Data larger than the memory").
   */
  private static final class Streamed implements TrainingRows {
    final SplitArrays split;
    final Architecture arch;
    final int block;
    final Upload rows;
    final Upload features;

    Streamed(SplitArrays split, Architecture arch, float[][] meanStd, int batchSize, int block) {
      this.split = split;
      this.arch = arch;
      this.block = block;
      int f = split.nFeatures();
      rows =
          new Upload(
              f, meanStd, extraColumns(arch), targets(split, arch.nOutputs(), batchSize), block);
      features = new Upload(f, meanStd, 0, NONE, block);
    }

    @Override
    public int nFeatures() {
      return split.nFeatures();
    }

    @Override
    public Shuffle shuffle(SplittableRandom rng) {
      int n = split.nEvents();
      int[] blocks = TrialSteps.permutation((n + block - 1) / block, rng);
      int[] events = new int[n];
      int[] ends = new int[blocks.length];
      int at = 0;
      for (int g = 0; g < blocks.length; g++) {
        int first = blocks[g] * block;
        int size = Math.min(block, n - first);
        for (int i : TrialSteps.permutation(size, rng)) {
          events[at++] = first + i;
        }
        ends[g] = at;
      }
      return new Shuffle(events, ends);
    }

    @Override
    public NDArray rows(NDManager m, int[] order, int from, int count) {
      int first = order[from] / block * block; // a segment is one block
      NDArray blockRows = rows.rows(m, split, first, count);
      long[] index = new long[count];
      for (int i = 0; i < count; i++) {
        index[i] = order[from + i] - first;
      }
      NDArray at = m.create(index, new Shape(count, 1));
      return blockRows.gather(at.broadcast(count, blockRows.getShape().get(1)), 0);
    }

    @Override
    public float[] probabilities(NDManager root, NDArray parameters) {
      int n = split.nEvents();
      float[] out = new float[n * arch.nOutputs()];
      for (int first = 0; first < n; first += block) {
        int size = Math.min(block, n - first);
        try (NDManager m = root.newSubManager()) {
          NDArray x = features.rows(m, split, first, size);
          float[] p = outputs(m, x, parameters, arch, true);
          System.arraycopy(p, 0, out, first * arch.nOutputs(), p.length);
        }
      }
      return out;
    }
  }
}
