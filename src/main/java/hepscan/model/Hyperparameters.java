package hepscan.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial's network and optimisation settings, named by the scan keys of the parameters file.
 *
 * <p>The network is {@code hidden_layers} fully connected layers of {@code first_neuron} units each
 * (activation, then dropout when {@code dropout > 0}), then the output layer. {@code l2} is Keras'
 * {@code kernel_regularizer=l2(l2)}: the penalty {@code l2 * sum(W^2)} on every layer's weights
 * (not biases), applied as its gradient {@code 2 * l2 * W} in the optimizer step.
 *
 * @param lr learning rate (initial; {@link ReduceLr} may lower it)
 * @param firstNeuron units per hidden layer
 * @param hiddenLayers number of hidden layers
 * @param activation hidden-layer activation
 * @param dropout dropout rate after each hidden layer, in [0, 1)
 * @param l2 L2 penalty factor on weights, >= 0
 * @param optimizer optimizer
 * @param epochs maximum number of epochs
 * @param batchSize events per batch
 * @param lossFunction loss
 * @param outputActivation output activation (must match the loss)
 */
public record Hyperparameters(
    double lr,
    int firstNeuron,
    int hiddenLayers,
    Activation activation,
    double dropout,
    double l2,
    OptimizerKind optimizer,
    int epochs,
    int batchSize,
    LossFunction lossFunction,
    OutputActivation outputActivation) {

  /** The scan keys this record reads, in the order of its components. */
  public static final List<String> KEYS =
      List.of(
          "lr",
          "first_neuron",
          "hidden_layers",
          "activation",
          "dropout",
          "l2",
          "optimizer",
          "epochs",
          "batch_size",
          "loss_function",
          "output_activation");

  /**
   * Values used by {@link #fromMap} for absent keys: lr 0.001, first_neuron 32, hidden_layers 2,
   * relu, dropout 0, l2 0, adam, epochs 50, batch_size 256, binary_crossentropy, sigmoid.
   */
  public static final Hyperparameters DEFAULTS =
      new Hyperparameters(
          1e-3,
          32,
          2,
          Activation.RELU,
          0,
          0,
          OptimizerKind.ADAM,
          50,
          256,
          LossFunction.BINARY_CROSSENTROPY,
          OutputActivation.SIGMOID);

  public Hyperparameters {
    check(lr > 0 && Double.isFinite(lr), "lr", lr, "a positive number");
    check(firstNeuron >= 1, "first_neuron", firstNeuron, "an integer >= 1");
    check(hiddenLayers >= 1, "hidden_layers", hiddenLayers, "an integer >= 1");
    check(dropout >= 0 && dropout < 1, "dropout", dropout, "a number in [0, 1)");
    check(l2 >= 0 && Double.isFinite(l2), "l2", l2, "a number >= 0");
    check(epochs >= 1, "epochs", epochs, "an integer >= 1");
    check(batchSize >= 1, "batch_size", batchSize, "an integer >= 1");
    if (activation == null
        || optimizer == null
        || lossFunction == null
        || outputActivation == null) {
      throw new IllegalArgumentException(
          "activation, optimizer, loss_function and output_activation must be set");
    }
    boolean binary = lossFunction == LossFunction.BINARY_CROSSENTROPY;
    if (binary != (outputActivation == OutputActivation.SIGMOID)) {
      throw new IllegalArgumentException(
          "loss_function "
              + lossFunction.key()
              + " does not go with output_activation "
              + outputActivation.key()
              + ": use binary_crossentropy with sigmoid, or categorical_crossentropy with softmax");
    }
  }

  /**
   * Reads the scan keys of one grid combination. Absent keys take the values of {@link #DEFAULTS};
   * numbers may be given as numbers or numeric strings ({@code "1e-3"}); names are
   * case-insensitive.
   *
   * @throws IllegalArgumentException naming the key, the value and what is expected, also for keys
   *     that are not in {@link #KEYS}
   */
  public static Hyperparameters fromMap(Map<String, ?> map) {
    for (String key : map.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown hyperparameter '" + key + "'; the model reads " + String.join(", ", KEYS));
      }
    }
    Hyperparameters d = DEFAULTS;
    return new Hyperparameters(
        number(map, "lr", d.lr),
        integer(map, "first_neuron", d.firstNeuron),
        integer(map, "hidden_layers", d.hiddenLayers),
        map.containsKey("activation") ? Activation.parse(text(map, "activation")) : d.activation,
        number(map, "dropout", d.dropout),
        number(map, "l2", d.l2),
        map.containsKey("optimizer") ? OptimizerKind.parse(text(map, "optimizer")) : d.optimizer,
        integer(map, "epochs", d.epochs),
        integer(map, "batch_size", d.batchSize),
        map.containsKey("loss_function")
            ? LossFunction.parse(text(map, "loss_function"))
            : d.lossFunction,
        map.containsKey("output_activation")
            ? OutputActivation.parse(text(map, "output_activation"))
            : d.outputActivation);
  }

  /**
   * The canonical form: every key of {@link #KEYS}, numbers as numbers, names in Keras spelling.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lr", lr);
    m.put("first_neuron", firstNeuron);
    m.put("hidden_layers", hiddenLayers);
    m.put("activation", activation.key());
    m.put("dropout", dropout);
    m.put("l2", l2);
    m.put("optimizer", optimizer.key());
    m.put("epochs", epochs);
    m.put("batch_size", batchSize);
    m.put("loss_function", lossFunction.key());
    m.put("output_activation", outputActivation.key());
    return m;
  }

  /** A copy with another number of epochs (benchmarks and tests). */
  public Hyperparameters withEpochs(int n) {
    return new Hyperparameters(
        lr,
        firstNeuron,
        hiddenLayers,
        activation,
        dropout,
        l2,
        optimizer,
        n,
        batchSize,
        lossFunction,
        outputActivation);
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + " is invalid: expected " + expected);
    }
  }

  private static String text(Map<String, ?> map, String key) {
    Object v = map.get(key);
    if (v instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(
        key
            + " = "
            + v
            + " ("
            + typeName(v)
            + ") is invalid: expected a name, e.g. "
            + switch (key) {
              case "activation" -> "relu";
              case "optimizer" -> "adam";
              case "loss_function" -> "binary_crossentropy";
              default -> "sigmoid";
            });
  }

  private static double number(Map<String, ?> map, String key, double fallback) {
    if (!map.containsKey(key)) {
      return fallback;
    }
    Object v = map.get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        key + " = " + v + " (" + typeName(v) + ") is invalid: expected a number");
  }

  private static int integer(Map<String, ?> map, String key, int fallback) {
    if (!map.containsKey(key)) {
      return fallback;
    }
    Object v = map.get(key);
    double d;
    try {
      d = number(map, key, fallback);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + " = " + v + " (" + typeName(v) + ") is invalid: expected an integer", e);
    }
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " = " + v + " is invalid: expected an integer");
    }
    return (int) d;
  }

  private static String typeName(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName();
  }
}
