package hepscan.model;

/**
 * Follows a training run (progress bars) and may stop it (Ctrl-C). Called on the training thread.
 */
public interface TrainingListener {

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * After each batch (keep it cheap: it runs hundreds of times per epoch), for progress within an
   * epoch.
   *
   * @param batchesDone batches of this epoch trained so far
   */
  default void onBatchEnd(int epoch, int batchesDone, int batchesInEpoch) {}

  /** After each epoch, with the maximum number of epochs. */
  default void onEpochEnd(EpochStats stats, int maxEpochs) {}

  /**
   * Polled after every epoch but the last; {@code true} makes {@link Trainer#train} throw {@link
   * TrainingStoppedException} carrying a {@link TrainingCheckpoint} from which the trial continues
   * (e.g. on SLURM's walltime warning).
   */
  default boolean checkpointRequested() {
    return false;
  }

  /**
   * Whether {@link #onCheckpoint} should receive the trial's state after every epoch but the last,
   * so that a trial killed without warning continues from its last epoch.
   */
  default boolean wantsEpochCheckpoints() {
    return false;
  }

  /** The state after an epoch, when {@link #wantsEpochCheckpoints()}; store it quickly. */
  default void onCheckpoint(TrainingCheckpoint checkpoint) {}

  /**
   * Polled after every batch; {@code true} makes {@link Trainer#train} throw {@link
   * TrainingStoppedException} after releasing its native memory.
   */
  default boolean stopRequested() {
    return false;
  }
}
