package hepscan.model;

import java.util.Objects;

/**
 * How a trial is trained, apart from its hyperparameters.
 *
 * @param earlyStopping null: train all epochs
 * @param reduceLr null: constant learning rate
 * @param seed seeds weight initialisation, shuffling and dropout: same seed, same numbers (same
 *     machine, same device)
 * @param device where to train
 */
public record TrainingSettings(
    EarlyStopping earlyStopping, ReduceLr reduceLr, long seed, DeviceChoice device) {

  public TrainingSettings {
    Objects.requireNonNull(device, "device");
  }

  /** No early stopping, no LR reduction, automatic device. */
  public static TrainingSettings plain(long seed) {
    return new TrainingSettings(null, null, seed, DeviceChoice.AUTO);
  }
}
