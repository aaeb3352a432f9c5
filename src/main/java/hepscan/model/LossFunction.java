package hepscan.model;

/** The training loss, weighted per event. */
public enum LossFunction {
  /** Two classes, one sigmoid output: the probability of class 0 (the signal). */
  BINARY_CROSSENTROPY,
  /** K classes, K softmax outputs. */
  CATEGORICAL_CROSSENTROPY;

  public String key() {
    return Names.key(this);
  }

  public static LossFunction parse(String name) {
    return Names.parse(LossFunction.class, values(), name, "loss_function");
  }
}
