package hepscan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * One optimizer step on the flat parameter array, with Keras' update rules and defaults, as a few
 * in-place native operations over all parameters at once. Leaves the gradient zeroed. State arrays
 * live on the manager given at construction.
 */
abstract class ParameterUpdate {
  static final float EPSILON = 1e-7f;

  private final NDArray l2Gradient;

  private ParameterUpdate(NDArray flat, Architecture a, double l2, NDManager m) {
    if (l2 > 0) {
      // d(l2 * sum W^2)/dW = 2 * l2 * W, biases untouched
      float[] mask = a.weightMask();
      for (int i = 0; i < mask.length; i++) {
        mask[i] *= (float) (2 * l2);
      }
      l2Gradient = m.create(mask);
    } else {
      l2Gradient = null;
    }
  }

  static ParameterUpdate create(
      OptimizerKind kind, NDArray flat, Architecture a, double l2, NDManager m) {
    return switch (kind) {
      case ADAM -> new Adam(flat, a, l2, m);
      case SGD -> new Sgd(flat, a, l2, m);
      case RMSPROP -> new RmsProp(flat, a, l2, m);
      case ADAGRAD -> new Adagrad(flat, a, l2, m);
    };
  }

  /** Applies one step with learning rate {@code lr}; {@code grad} is the parameters' gradient. */
  final void step(NDArray flat, NDArray grad, float lr) {
    if (l2Gradient != null) {
      try (NDArray penalty = flat.mul(l2Gradient)) {
        grad.addi(penalty);
      }
    }
    apply(flat, grad, lr);
  }

  abstract void apply(NDArray flat, NDArray grad, float lr);

  /** Keras Adam: lr_t = lr sqrt(1-b2^t)/(1-b1^t); p -= lr_t m / (sqrt(v) + eps). */
  private static final class Adam extends ParameterUpdate {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private final NDArray mean;
    private final NDArray variance;
    private int t;

    Adam(NDArray flat, Architecture a, double l2, NDManager m) {
      super(flat, a, l2, m);
      mean = m.zeros(flat.getShape());
      variance = m.zeros(flat.getShape());
    }

    @Override
    void apply(NDArray flat, NDArray grad, float lr) {
      t++;
      double lrT = lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
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
  }

  /** Keras SGD with momentum 0.9: v = 0.9 v - lr g; p += v. */
  private static final class Sgd extends ParameterUpdate {
    private static final float MOMENTUM = 0.9f;
    private final NDArray velocity;

    Sgd(NDArray flat, Architecture a, double l2, NDManager m) {
      super(flat, a, l2, m);
      velocity = m.zeros(flat.getShape());
    }

    @Override
    void apply(NDArray flat, NDArray grad, float lr) {
      velocity.muli(MOMENTUM).subi(grad.muli(lr));
      flat.addi(velocity);
      Mlp.zeroGradient(flat);
    }
  }

  /** Keras RMSprop: a = 0.9 a + 0.1 g^2; p -= lr g / (sqrt(a) + eps). */
  private static final class RmsProp extends ParameterUpdate {
    private static final float RHO = 0.9f;
    private final NDArray meanSquare;

    RmsProp(NDArray flat, Architecture a, double l2, NDManager m) {
      super(flat, a, l2, m);
      meanSquare = m.zeros(flat.getShape());
    }

    @Override
    void apply(NDArray flat, NDArray grad, float lr) {
      try (NDArray g2 = grad.square()) {
        meanSquare.muli(RHO).addi(g2.muli(1 - RHO));
      }
      try (NDArray denominator = meanSquare.sqrt()) {
        flat.subi(grad.muli(lr).divi(denominator.addi(EPSILON)));
      }
      Mlp.zeroGradient(flat);
    }
  }

  /** Keras Adagrad: a += g^2 (a starts at 0.1); p -= lr g / (sqrt(a) + eps). */
  private static final class Adagrad extends ParameterUpdate {
    private static final float INITIAL_ACCUMULATOR = 0.1f;
    private final NDArray accumulator;

    Adagrad(NDArray flat, Architecture a, double l2, NDManager m) {
      super(flat, a, l2, m);
      accumulator = m.full(flat.getShape(), INITIAL_ACCUMULATOR);
    }

    @Override
    void apply(NDArray flat, NDArray grad, float lr) {
      try (NDArray g2 = grad.square()) {
        accumulator.addi(g2);
      }
      try (NDArray denominator = accumulator.sqrt()) {
        flat.subi(grad.muli(lr).divi(denominator.addi(EPSILON)));
      }
      Mlp.zeroGradient(flat);
    }
  }
}
