package hepscan.model;

import hepscan.data.Scaler;
import hepscan.data.SplitArrays;
import java.util.Objects;

/**
 * The data of one trial.
 *
 * @param training events the network learns from (unscaled features)
 * @param evaluation events for validation, early stopping, LR reduction and the trial's metrics
 * @param scaler fitted on {@code training}; becomes the model's first layer
 * @param nClasses number of classes; class index 0 is the signal
 * @param streamBlockEvents 0: the training split is copied to the device whole; else it stays where
 *     it is (the cache file) and each epoch reads it in blocks of this many consecutive events, the
 *     blocks in a shuffled order and the events of each block shuffled: for data larger than the
 *     memory
 */
public record TrainingInput(
    SplitArrays training,
    SplitArrays evaluation,
    Scaler scaler,
    int nClasses,
    int streamBlockEvents) {

  /** The training split resident on the device. */
  public TrainingInput(SplitArrays training, SplitArrays evaluation, Scaler scaler, int nClasses) {
    this(training, evaluation, scaler, nClasses, 0);
  }

  public TrainingInput {
    if (streamBlockEvents < 0) {
      throw new IllegalArgumentException("streamBlockEvents = " + streamBlockEvents + " < 0");
    }
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(scaler, "scaler");
    if (nClasses < 2) {
      throw new IllegalArgumentException("nClasses = " + nClasses + ": need at least 2 classes");
    }
    if (training.nFeatures() != scaler.nFeatures()
        || evaluation.nFeatures() != scaler.nFeatures()) {
      throw new IllegalArgumentException(
          "feature counts differ: training "
              + training.nFeatures()
              + ", evaluation "
              + evaluation.nFeatures()
              + ", scaler "
              + scaler.nFeatures());
    }
    if (training.nEvents() == 0 || evaluation.nEvents() == 0) {
      throw new IllegalArgumentException(
          "empty split: training has "
              + training.nEvents()
              + " events, evaluation "
              + evaluation.nEvents()
              + "; check the cut and the ratios");
    }
    checkLabels("training", training, nClasses);
    checkLabels("evaluation", evaluation, nClasses);
  }

  private static void checkLabels(String split, SplitArrays a, int nClasses) {
    int[] labels = a.labels();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= nClasses) {
        throw new IllegalArgumentException(
            split
                + " event "
                + i
                + " has class index "
                + labels[i]
                + ", outside [0, "
                + nClasses
                + ")");
      }
    }
  }
}
