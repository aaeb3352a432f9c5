package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {

  @Test
  void absentKeysTakeTheDefaults() {
    assertEquals(Hyperparameters.DEFAULTS, Hyperparameters.fromMap(Map.of()));
  }

  @Test
  void readsNumbersNamesAndNumericStrings() {
    Map<String, Object> m = new HashMap<>();
    m.put("lr", "1e-3");
    m.put("first_neuron", 64L);
    m.put("hidden_layers", 3.0);
    m.put("activation", "Leaky_ReLU");
    m.put("dropout", 0.25);
    m.put("l2", 0);
    m.put("optimizer", "RMSprop");
    m.put("epochs", "20");
    m.put("batch_size", 512);
    m.put("loss_function", "categorical_crossentropy");
    m.put("output_activation", "softmax");
    Hyperparameters h = Hyperparameters.fromMap(m);
    assertEquals(
        new Hyperparameters(
            1e-3,
            64,
            3,
            Activation.LEAKY_RELU,
            0.25,
            0,
            OptimizerKind.RMSPROP,
            20,
            512,
            LossFunction.CATEGORICAL_CROSSENTROPY,
            OutputActivation.SOFTMAX),
        h);
    assertEquals(h, Hyperparameters.fromMap(h.toMap()));
    assertEquals(Hyperparameters.KEYS, java.util.List.copyOf(h.toMap().keySet()));
  }

  @Test
  void badValuesNameTheKey() {
    assertMessage(Map.of("lr", "fast"), "lr = fast (String) is invalid: expected a number");
    assertMessage(Map.of("lr", -1), "lr = -1.0 is invalid");
    assertMessage(
        Map.of("first_neuron", 1.5), "first_neuron = 1.5 is invalid: expected an integer");
    assertMessage(Map.of("epochs", true), "epochs = true (Boolean) is invalid");
    assertMessage(Map.of("dropout", 1), "dropout = 1.0 is invalid: expected a number in [0, 1)");
    assertMessage(
        Map.of("activation", "swish"),
        "activation: unknown value 'swish'; use one of relu, elu, selu, tanh, leaky_relu, sigmoid");
    assertMessage(Map.of("activation", 3), "activation = 3 (Integer) is invalid: expected a name");
    assertMessage(Map.of("optimizer", "nadam"), "use one of adam, sgd, rmsprop, adagrad");
    assertMessage(
        Map.of("loss_function", "categorical_crossentropy"),
        "does not go with output_activation sigmoid");
    assertMessage(
        Map.of("neurons", 3), "unknown hyperparameter 'neurons'; the model reads lr, first_neuron");
  }

  private static void assertMessage(Map<String, ?> map, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Hyperparameters.fromMap(map));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
