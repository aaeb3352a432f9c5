package hepscan.model;

/**
 * Optimizers with Keras' defaults: Adam (beta1 0.9, beta2 0.999, epsilon 1e-7), SGD with momentum
 * 0.9, RMSprop (rho 0.9, epsilon 1e-7) and Adagrad (initial accumulator 0.1, epsilon 1e-7).
 */
public enum OptimizerKind {
  ADAM,
  SGD,
  RMSPROP,
  ADAGRAD;

  public String key() {
    return Names.key(this);
  }

  public static OptimizerKind parse(String name) {
    return Names.parse(OptimizerKind.class, values(), name, "optimizer");
  }
}
