package hepscan.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import hepscan.data.FeatureRows;
import hepscan.data.SplitArrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parts of a trial that {@link Trainer} (one network) and {@link PackedTrainer} (K networks at
 * once) share, so that a trial draws the same numbers and produces the same figures whichever
 * trains it: its seeded start, its shuffles, an epoch's figures and the final result.
 */
final class TrialSteps {
  private TrialSteps() {}

  /**
   * A trial's random start: initial weights and the generator of its epochs' shuffles, both split
   * from {@code SplittableRandom(seed)} in this order.
   */
  record Start(float[] parameters, SplittableRandom shuffle) {
    static Start of(Architecture arch, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      float[] init = arch.initialParameters(rng.split());
      return new Start(init, rng.split());
    }
  }

  /** A uniformly random order of {@code 0..n-1} (Fisher-Yates). */
  static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  /**
   * An epoch's figures: the training loss and accuracy summed over the batches' logits, the
   * validation ones over the evaluation split's.
   */
  static EpochStats epochStats(
      int epoch,
      EpochSums train,
      EpochSums evaluation,
      double lr,
      double trainSeconds,
      double validationSeconds) {
    return new EpochStats(
        epoch,
        train.meanLoss(),
        train.accuracy(),
        evaluation.meanLoss(),
        evaluation.accuracy(),
        lr,
        trainSeconds,
        validationSeconds);
  }

  /**
   * The trial's result: the model with the {@code best} weights and its metrics, whose
   * probabilities are computed from the splits already on the device ({@code train}, {@code evalX}
   * in {@code root}): no second upload, and no copy of the features in the heap. With {@code
   * lastUse} the rows are freed once the probabilities are out, before the metrics.
   */
  static TrainingResult result(
      TrainingInput input,
      Architecture arch,
      Hyperparameters hp,
      float[] best,
      int bestEpoch,
      List<EpochStats> history,
      double seconds,
      Device device,
      NDManager root,
      Trainer.TrainingRows train,
      NDArray evalX,
      boolean lastUse) {
    long metricsStart = System.nanoTime();
    float[] pt;
    float[] pe;
    try (NDManager m = root.newSubManager()) {
      NDArray kept = m.create(best);
      pt = train.probabilities(m, kept);
      pe = Trainer.outputs(m, evalX, kept, arch, true);
    }
    if (lastUse) {
      // the metrics below work on the host: freeing the rows first keeps their heap from adding
      // to libtorch's copy of the data, which made a scan's peak (bench/README.md, "Freeing the
      // device's rows before the final metrics")
      train.release();
      evalX.close();
    }
    SplitArrays e = input.evaluation();
    float[] probe = new float[Math.min(TrainedModel.PROBE_EVENTS, e.nEvents()) * e.nFeatures()];
    try (FeatureRows.Reader reader = e.rows().open()) {
      reader.read(0, probe.length / e.nFeatures(), probe);
    }
    TrainedModel model =
        new TrainedModel(arch, hp, input.scaler(), best, history, bestEpoch, probe, null, device);
    try {
      EvaluationMetrics metrics =
          EvaluationMetrics.of(pt, input.training(), pe, e, arch.nOutputs(), input.nClasses());
      double metricsSeconds = (System.nanoTime() - metricsStart) / 1e9;
      return new TrainingResult(
          model,
          history,
          bestEpoch,
          history.size(),
          metrics,
          seconds,
          (double) input.training().nEvents() * history.size() / seconds,
          metricsSeconds,
          device.toString());
    } catch (RuntimeException ex) {
      model.close();
      throw ex;
    }
  }

  /**
   * The batches' outputs, concatenated on the host. On the CPU, copying each is cheaper than one
   * native concatenation of hundreds of small arrays; on a GPU one concatenation and one transfer
   * beat hundreds of transfers.
   */
  static float[] toHost(NDList outputs, int size) {
    if (!outputs.head().getDevice().equals(Device.cpu())) {
      return NDArrays.concat(outputs).toFloatArray();
    }
    float[] all = new float[size];
    int at = 0;
    for (NDArray o : outputs) {
      float[] v = o.toFloatArray();
      System.arraycopy(v, 0, all, at, v.length);
      at += v.length;
    }
    return all;
  }
}
