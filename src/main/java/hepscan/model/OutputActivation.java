package hepscan.model;

/**
 * The output layer's activation; must match the loss (sigmoid with binary, softmax with
 * categorical).
 */
public enum OutputActivation {
  SIGMOID,
  SOFTMAX;

  public String key() {
    return Names.key(this);
  }

  public static OutputActivation parse(String name) {
    return Names.parse(OutputActivation.class, values(), name, "output_activation");
  }
}
