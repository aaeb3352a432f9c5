package hepscan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One optimizer step on the flat parameter array, with Keras' update rules and defaults, as a few
 * in-place native operations over all parameters at once. Leaves the gradient zeroed. State arrays
 * live on the manager given at construction.
 *
 * <p>The parameters are either one network's flat array {@code [P]} (one learning rate, a float) or
 * a pack's matrix {@code [K, P]}, one network per row (a learning-rate column {@code [K, 1]}, see
 * {@link PackedTrainer}): the same rules, the rate broadcast over each row.
 */
abstract class ParameterUpdate {
  static final float EPSILON = 1e-7f;

  private final NDArray l2Gradient;

  private ParameterUpdate(NDArray flat, Architecture a, double[] l2, NDManager m) {
    if (Arrays.stream(l2).anyMatch(v -> v > 0)) {
      // d(l2 * sum W^2)/dW = 2 * l2 * W, biases untouched; one row per network (0 where l2 = 0)
      float[] mask = a.weightMask();
      float[] rows = new float[l2.length * mask.length];
      for (int k = 0; k < l2.length; k++) {
        for (int i = 0; i < mask.length; i++) {
          rows[k * mask.length + i] = mask[i] * (float) (2 * l2[k]);
        }
      }
      l2Gradient = m.create(rows, flat.getShape());
    } else {
      l2Gradient = null;
    }
  }

  /**
   * An optimizer continuing from {@code state} (its {@link #state()} at a checkpoint, null for a
   * fresh start) after {@code steps} steps.
   */
  static ParameterUpdate create(
      OptimizerKind kind,
      NDArray flat,
      Architecture a,
      double l2,
      NDManager m,
      List<float[]> state,
      int steps) {
    return create(kind, flat, a, new double[] {l2}, m, state, steps);
  }

  /**
   * An optimizer of a pack's {@code [K, P]} parameter matrix ({@code l2} one per row) or of one
   * flat array ({@code l2} of length 1); a state array from {@link #state()} has the shape of
   * {@code flat}.
   */
  static ParameterUpdate create(
      OptimizerKind kind,
      NDArray flat,
      Architecture a,
      double[] l2,
      NDManager m,
      List<float[]> state,
      int steps) {
    int expected = kind == OptimizerKind.ADAM ? 2 : 1;
    if (state != null && state.size() != expected) {
      throw new IllegalArgumentException(
          "checkpoint has "
              + state.size()
              + " optimizer state arrays, "
              + kind.key()
              + " needs "
              + expected);
    }
    return switch (kind) {
      case ADAM -> new Adam(flat, a, l2, m, state, steps);
      case SGD -> new Sgd(flat, a, l2, m, state);
      case RMSPROP -> new RmsProp(flat, a, l2, m, state);
      case ADAGRAD -> new Adagrad(flat, a, l2, m, state);
    };
  }

  /** State array {@code i} from a checkpoint, or a fresh one filled with {@code initial}. */
  private static NDArray stateArray(
      NDManager m, NDArray flat, List<float[]> state, int i, float initial) {
    return state == null
        ? m.full(flat.getShape(), initial)
        : m.create(state.get(i), flat.getShape());
  }

  /** Applies one step with learning rate {@code lr}; {@code grad} is the parameters' gradient. */
  final void step(NDArray flat, NDArray grad, float lr) {
    addL2(flat, grad);
    apply(flat, grad, lr);
  }

  /**
   * One step of a pack's {@code [K, P]} matrix, row k with learning rate {@code lr[k]} ({@code lr}
   * is {@code [K, 1]}); a row with rate 0 keeps its parameters.
   */
  final void stepRows(NDArray flat, NDArray grad, NDArray lr) {
    addL2(flat, grad);
    applyRows(flat, grad, lr);
  }

  private void addL2(NDArray flat, NDArray grad) {
    if (l2Gradient != null) {
      try (NDArray penalty = flat.mul(l2Gradient)) {
        grad.addi(penalty);
      }
    }
  }

  abstract void apply(NDArray flat, NDArray grad, float lr);

  /** {@link #apply} with a learning rate per row: only Adam differs (its native step is scalar). */
  void applyRows(NDArray flat, NDArray grad, NDArray lr) {
    descend(flat, grad, d -> d.muli(lr));
  }

  /**
   * Updates the state with {@code grad}, turns {@code grad} into the step's direction, scales it
   * with {@code byLr} and applies it.
   */
  void descend(NDArray flat, NDArray grad, UnaryOperator<NDArray> byLr) {
    throw new UnsupportedOperationException("overridden by every optimizer but Adam");
  }

  /** The optimizer's state arrays (moments, accumulators), for a checkpoint. */
  abstract List<NDArray> stateArrays();

  /** Releases the state arrays (a pack that drops members builds a new update). */
  void close() {
    stateArrays().forEach(NDArray::close);
    if (l2Gradient != null) {
      l2Gradient.close();
    }
  }

  /** Steps taken so far (Adam's bias correction needs it). */
  int steps() {
    return 0;
  }

  List<float[]> state() {
    List<float[]> out = new ArrayList<>();
    for (NDArray a : stateArrays()) {
      out.add(a.toFloatArray());
    }
    return out;
  }

  /** Keras Adam: lr_t = lr sqrt(1-b2^t)/(1-b1^t); p -= lr_t m / (sqrt(v) + eps). */
  private static final class Adam extends ParameterUpdate {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private final NDArray mean;
    private final NDArray variance;
    private int t;

    Adam(NDArray flat, Architecture a, double[] l2, NDManager m, List<float[]> state, int steps) {
      super(flat, a, l2, m);
      mean = stateArray(m, flat, state, 0, 0f);
      variance = stateArray(m, flat, state, 1, 0f);
      t = steps;
    }

    @Override
    List<NDArray> stateArrays() {
      return List.of(mean, variance);
    }

    @Override
    int steps() {
      return t;
    }

    private double biasCorrection() {
      return Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
    }

    @Override
    void apply(NDArray flat, NDArray grad, float lr) {
      t++;
      double lrT = lr * biasCorrection();
      // PyTorch engine's fused native update (one JNI call); it also zeroes the gradient
      flat.getNDArrayInternal()
          .adamUpdate(
              new NDList(flat, grad, mean, variance),
              new NDList(flat),
              lr,
              (float) lrT,
              0f,
              1f,
              -1f,
              BETA1,
              BETA2,
              EPSILON,
              false,
              false);
    }

    /**
     * The fused native step takes one scalar rate, so a pack's step is written out: the same
     * formula in the native step's order (m and v first, then p -= (m lr_t) / (sqrt(v) + eps)), six
     * in-place operations over the whole matrix.
     */
    @Override
    void applyRows(NDArray flat, NDArray grad, NDArray lr) {
      t++;
      try (NDArray lrT = lr.mul((float) biasCorrection());
          NDArray g1 = grad.mul(1 - BETA1);
          NDArray g2 = grad.square()) {
        mean.muli(BETA1).addi(g1);
        variance.muli(BETA2).addi(g2.muli(1 - BETA2));
        try (NDArray step = mean.mul(lrT);
            NDArray denominator = variance.sqrt()) {
          flat.subi(step.divi(denominator.addi(EPSILON)));
        }
      }
      Mlp.zeroGradient(flat);
    }
  }

  /** Keras SGD with momentum 0.9: v = 0.9 v - lr g; p += v. */
  private static final class Sgd extends ParameterUpdate {
    private static final float MOMENTUM = 0.9f;
    private final NDArray velocity;

    Sgd(NDArray flat, Architecture a, double[] l2, NDManager m, List<float[]> state) {
      super(flat, a, l2, m);
      velocity = stateArray(m, flat, state, 0, 0f);
    }

    @Override
    List<NDArray> stateArrays() {
      return List.of(velocity);
    }

    @Override
    void apply(NDArray flat, NDArray grad, float lr) {
      descend(flat, grad, d -> d.muli(lr));
    }

    @Override
    void descend(NDArray flat, NDArray grad, UnaryOperator<NDArray> byLr) {
      velocity.muli(MOMENTUM).subi(byLr.apply(grad));
      flat.addi(velocity);
      Mlp.zeroGradient(flat);
    }
  }

  /** Keras RMSprop: a = 0.9 a + 0.1 g^2; p -= lr g / (sqrt(a) + eps). */
  private static final class RmsProp extends ParameterUpdate {
    private static final float RHO = 0.9f;
    private final NDArray meanSquare;

    RmsProp(NDArray flat, Architecture a, double[] l2, NDManager m, List<float[]> state) {
      super(flat, a, l2, m);
      meanSquare = stateArray(m, flat, state, 0, 0f);
    }

    @Override
    List<NDArray> stateArrays() {
      return List.of(meanSquare);
    }

    @Override
    void apply(NDArray flat, NDArray grad, float lr) {
      descend(flat, grad, d -> d.muli(lr));
    }

    @Override
    void descend(NDArray flat, NDArray grad, UnaryOperator<NDArray> byLr) {
      try (NDArray g2 = grad.square()) {
        meanSquare.muli(RHO).addi(g2.muli(1 - RHO));
      }
      try (NDArray denominator = meanSquare.sqrt()) {
        flat.subi(byLr.apply(grad).divi(denominator.addi(EPSILON)));
      }
      Mlp.zeroGradient(flat);
    }
  }

  /** Keras Adagrad: a += g^2 (a starts at 0.1); p -= lr g / (sqrt(a) + eps). */
  private static final class Adagrad extends ParameterUpdate {
    private static final float INITIAL_ACCUMULATOR = 0.1f;
    private final NDArray accumulator;

    Adagrad(NDArray flat, Architecture a, double[] l2, NDManager m, List<float[]> state) {
      super(flat, a, l2, m);
      accumulator = stateArray(m, flat, state, 0, INITIAL_ACCUMULATOR);
    }

    @Override
    List<NDArray> stateArrays() {
      return List.of(accumulator);
    }

    @Override
    void apply(NDArray flat, NDArray grad, float lr) {
      descend(flat, grad, d -> d.muli(lr));
    }

    @Override
    void descend(NDArray flat, NDArray grad, UnaryOperator<NDArray> byLr) {
      try (NDArray g2 = grad.square()) {
        accumulator.addi(g2);
      }
      try (NDArray denominator = accumulator.sqrt()) {
        flat.subi(byLr.apply(grad).divi(denominator.addi(EPSILON)));
      }
      Mlp.zeroGradient(flat);
    }
  }
}
