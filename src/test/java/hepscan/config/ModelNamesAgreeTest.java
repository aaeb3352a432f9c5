package hepscan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.model.Activation;
import hepscan.model.Hyperparameters;
import hepscan.model.LossFunction;
import hepscan.model.OptimizerKind;
import hepscan.model.OutputActivation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hepscan.config may not depend on hepscan.model, so it keeps its own lists of scan keys and names;
 * this test keeps them equal to what the model reads.
 */
class ModelNamesAgreeTest {
  @Test
  void scanKeysAndNamesMatchTheModel() {
    assertEquals(Hyperparameters.KEYS, Parameters.SCAN_KEYS);
    assertEquals(keys(Activation.values()), ParametersLoader.SCAN_NAMES.get("activation"));
    assertEquals(keys(OptimizerKind.values()), ParametersLoader.SCAN_NAMES.get("optimizer"));
    assertEquals(keys(LossFunction.values()), ParametersLoader.SCAN_NAMES.get("loss_function"));
    assertEquals(
        keys(OutputActivation.values()), ParametersLoader.SCAN_NAMES.get("output_activation"));
  }

  private static List<String> keys(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList();
  }
}
