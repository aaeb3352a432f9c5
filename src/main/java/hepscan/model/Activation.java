package hepscan.model;

import ai.djl.ndarray.NDArray;

/** Hidden-layer activations, named as in Keras. */
public enum Activation {
  RELU,
  ELU,
  SELU,
  TANH,
  /** {@code tf.nn.leaky_relu}'s slope, 0.2, which Keras' {@code activation="leaky_relu"} uses. */
  LEAKY_RELU,
  SIGMOID;

  static final float LEAKY_RELU_SLOPE = 0.2f;

  NDArray apply(NDArray x) {
    return switch (this) {
      case RELU -> ai.djl.nn.Activation.relu(x);
      case ELU -> ai.djl.nn.Activation.elu(x, 1f);
      case SELU -> ai.djl.nn.Activation.selu(x);
      case TANH -> ai.djl.nn.Activation.tanh(x);
      case LEAKY_RELU -> ai.djl.nn.Activation.leakyRelu(x, LEAKY_RELU_SLOPE);
      case SIGMOID -> ai.djl.nn.Activation.sigmoid(x);
    };
  }

  /** The Keras name, e.g. {@code leaky_relu}. */
  public String key() {
    return Names.key(this);
  }

  public static Activation parse(String name) {
    return Names.parse(Activation.class, values(), name, "activation");
  }
}
