package hepscan.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import hepscan.data.Scaler;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A trained network with its scaler: raw (unscaled) features in, class probabilities out. Holds
 * native memory until {@link #close()}. Not thread-safe.
 *
 * <p>For inference the scaler layer is merged into the first dense layer (the same affine map, one
 * operation fewer per layer of input); outputs can therefore differ from the training loop's
 * validation pass in the last float bits, but a saved and loaded model predicts bit-identically.
 */
public final class TrainedModel implements AutoCloseable {
  /** Events per native inference call. */
  static final int PREDICT_CHUNK = 65_536;

  /**
   * Evaluation events kept at training time to prove later that a stored copy predicts the same.
   */
  static final int PROBE_EVENTS = 32;

  private final Architecture architecture;
  private final Hyperparameters hyperparameters;
  private final Scaler scaler;
  private final float[] parameters;
  private final List<EpochStats> history;
  private final int bestEpoch;
  private final float[] probeInputs;
  private final ModelInfo info;
  private final NDManager manager;

  /** The parameters with the scaler folded in: see {@link #foldScaler}. */
  private final NDArray flat;

  TrainedModel(
      Architecture architecture,
      Hyperparameters hyperparameters,
      Scaler scaler,
      float[] parameters,
      List<EpochStats> history,
      int bestEpoch,
      float[] probeInputs,
      ModelInfo info,
      Device device) {
    if (parameters.length != architecture.nParameters()) {
      throw new IllegalArgumentException(
          parameters.length + " parameters for an architecture of " + architecture.nParameters());
    }
    if (scaler.nFeatures() != architecture.nInputs()
        || probeInputs.length % architecture.nInputs() != 0) {
      throw new IllegalArgumentException(
          "scaler or probe does not match " + architecture.nInputs() + " inputs");
    }
    this.architecture = architecture;
    this.hyperparameters = hyperparameters;
    this.scaler = scaler;
    this.parameters = parameters.clone();
    this.history = List.copyOf(history);
    this.bestEpoch = bestEpoch;
    this.probeInputs = probeInputs.clone();
    this.info = info;
    this.manager = NDManager.newBaseManager(device);
    this.flat = manager.create(foldScaler(architecture, this.parameters, scalerConstants(scaler)));
  }

  /**
   * The parameters with the scaler layer merged into the first dense layer, for inference on raw
   * inputs without two extra passes over them: {@code W' = W / std} (column-wise) and {@code b' = b
   * - W (mean / std)}, in double precision, then rounded to float.
   */
  static float[] foldScaler(Architecture a, float[] parameters, float[][] meanStd) {
    float[] folded = parameters.clone();
    int in = a.nInputs();
    int out = a.layerSizes().get(1);
    for (int o = 0; o < out; o++) {
      double shift = 0;
      for (int j = 0; j < in; j++) {
        double w = parameters[o * in + j];
        folded[o * in + j] = (float) (w / meanStd[1][j]);
        shift += w * meanStd[0][j] / meanStd[1][j];
      }
      folded[in * out + o] = (float) (parameters[in * out + o] - shift);
    }
    return folded;
  }

  /**
   * The scaler as the float32 constants the network applies: {mean, std}, identity on unscaled
   * columns; a zero or non-finite std (constant column) divides by 1.
   */
  static float[][] scalerConstants(Scaler scaler) {
    int f = scaler.nFeatures();
    float[] m = new float[f];
    float[] s = new float[f];
    double[] mean = scaler.mean();
    double[] std = scaler.std();
    boolean[] scaled = scaler.scaled();
    for (int j = 0; j < f; j++) {
      boolean usable =
          scaled[j] && std[j] > 0 && Double.isFinite(std[j]) && Double.isFinite(mean[j]);
      m[j] = usable ? (float) mean[j] : 0f;
      s[j] = usable ? (float) std[j] : 1f;
    }
    return new float[][] {m, s};
  }

  /**
   * Class probabilities of {@code n} events: row-major {@code n x nOutputs()}; with one output it
   * is the probability of class 0 (the signal).
   *
   * @param rawFeatures row-major {@code n x nInputs()}, unscaled, one-hot columns expanded
   */
  public float[] predict(float[] rawFeatures, int n) {
    int f = architecture.nInputs();
    int k = architecture.nOutputs();
    if ((long) n * f != rawFeatures.length) {
      throw new IllegalArgumentException(
          "predict: "
              + rawFeatures.length
              + " values are not "
              + n
              + " events x "
              + f
              + " features");
    }
    Mlp.noGradOnThisThread();
    float[] out = new float[n * k];
    for (int start = 0; start < n; start += PREDICT_CHUNK) {
      int m = Math.min(PREDICT_CHUNK, n - start);
      try (NDManager chunk = manager.newSubManager()) {
        NDArray x = chunk.create(FloatBuffer.wrap(rawFeatures, start * f, m * f), new Shape(m, f));
        NDList views = Mlp.views(flat, architecture, chunk);
        NDArray logits = Mlp.logits(x, views, architecture, false, null);
        float[] p = Mlp.probabilities(logits, architecture).toFloatArray();
        System.arraycopy(p, 0, out, start * k, p.length);
      }
    }
    return out;
  }

  /**
   * Writes the self-contained archive atomically; its entries live under the folder {@code
   * info.name()}.
   */
  public void save(Path zip, ModelInfo info) throws IOException {
    save(zip, info, java.util.Optional.empty());
  }

  /** Like {@link #save(Path, ModelInfo)}, storing the evaluation ROC curve beside the model. */
  public void save(Path zip, ModelInfo info, java.util.Optional<RocPoints> roc) throws IOException {
    ModelArchive.write(zip, this, info, roc);
  }

  /** Loads an archive written by {@link #save} onto the CPU. */
  public static TrainedModel load(Path zip) throws IOException {
    return ModelArchive.read(zip, DeviceChoice.CPU);
  }

  /** Loads an archive written by {@link #save} onto the chosen device. */
  public static TrainedModel load(Path zip, DeviceChoice device) throws IOException {
    return ModelArchive.read(zip, device);
  }

  public Architecture architecture() {
    return architecture;
  }

  public Hyperparameters hyperparameters() {
    return hyperparameters;
  }

  public Scaler scaler() {
    return scaler;
  }

  public int nInputs() {
    return architecture.nInputs();
  }

  public int nOutputs() {
    return architecture.nOutputs();
  }

  /** The flat parameter array (see {@link Architecture}); a copy. */
  public float[] parameters() {
    return parameters.clone();
  }

  public List<EpochStats> history() {
    return history;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  /** The stored events used to check copies (raw features, row-major); a copy. */
  public float[] probeInputs() {
    return probeInputs.clone();
  }

  /** What the archive said about the model, for a loaded model; empty for a freshly trained one. */
  public Optional<ModelInfo> info() {
    return Optional.ofNullable(info);
  }

  public String device() {
    return manager.getDevice().toString();
  }

  @Override
  public void close() {
    manager.close();
  }
}
