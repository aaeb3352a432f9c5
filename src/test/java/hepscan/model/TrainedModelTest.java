package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import hepscan.data.Scaler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inference against a forward pass written out by hand: layout, scaler, activations, outputs. */
class TrainedModelTest {

  // 2 inputs -> 2 relu -> 1 sigmoid; per layer W [out, in] row-major, then b
  private static final float[] PARAMETERS = {
    1,
    -1,
    0.5f,
    2, // W0
    0.1f,
    -0.2f, // b0
    1.5f,
    -0.5f, // W1
    0.3f // b1
  };

  private static TrainedModel model(OutputActivation out, int nOutputs, float[] parameters) {
    Architecture a = new Architecture(2, List.of(2), nOutputs, Activation.RELU, out, 0);
    // column 0 scaled by mean 10, std 4; column 1 one-hot, not scaled
    Scaler s = new Scaler(new double[] {10, 3}, new double[] {4, 7}, new boolean[] {true, false});
    Hyperparameters hp =
        out == OutputActivation.SIGMOID
            ? Hyperparameters.DEFAULTS
            : Toy.hp("loss_function", "categorical_crossentropy", "output_activation", "softmax");
    return new TrainedModel(
        a, hp, s, parameters, List.of(), 1, new float[] {10, 1}, null, Device.cpu());
  }

  @Test
  void sigmoidOutputIsTheProbabilityOfClassZero() {
    float[] raw = {14, 1, 6, 0};
    try (TrainedModel m = model(OutputActivation.SIGMOID, 1, PARAMETERS)) {
      float[] p = m.predict(raw, 2);
      for (int i = 0; i < 2; i++) {
        double x0 = (raw[2 * i] - 10) / 4.0;
        double x1 = raw[2 * i + 1];
        double h0 = Math.max(0, 1 * x0 - 1 * x1 + 0.1);
        double h1 = Math.max(0, 0.5 * x0 + 2 * x1 - 0.2);
        double z = 1.5 * h0 - 0.5 * h1 + 0.3;
        assertEquals(1 / (1 + Math.exp(-z)), p[i], 1e-6);
      }
    }
  }

  @Test
  void softmaxOutputsOnePerClass() {
    float[] parameters = {1, -1, 0.5f, 2, 0.1f, -0.2f, 1.5f, -0.5f, -1, 1, 0.3f, 0};
    try (TrainedModel m = model(OutputActivation.SOFTMAX, 2, parameters)) {
      float[] p = m.predict(new float[] {14, 1}, 1);
      double h0 = Math.max(0, 1 - 1 + 0.1);
      double h1 = Math.max(0, 0.5 + 2 - 0.2);
      double z0 = 1.5 * h0 - 0.5 * h1 + 0.3;
      double z1 = -h0 + h1;
      double e0 = Math.exp(z0);
      double e1 = Math.exp(z1);
      assertArrayEquals(new float[] {(float) (e0 / (e0 + e1)), (float) (e1 / (e0 + e1))}, p, 1e-6f);
    }
  }

  @Test
  void wrongInputSizeIsAClearError() {
    try (TrainedModel m = model(OutputActivation.SIGMOID, 1, PARAMETERS)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> m.predict(new float[3], 2));
      assertEquals("predict: 3 values are not 2 events x 2 features", e.getMessage());
    }
  }
}
