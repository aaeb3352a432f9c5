package hepscan.scan;

import hepscan.model.TrainingCheckpoint;
import java.io.IOException;
import java.util.Optional;

/**
 * What a scan runner tells the outside about each trial, and the checkpoints it keeps for it. The
 * local scan needs none of it ({@link #NONE}); a SLURM array task records per-trial markers and
 * checkpoints, so that {@code --status} can say what happened and a killed trial continues from its
 * last epoch.
 */
public interface TrialJournal {

  /** Records nothing and keeps no checkpoint. */
  TrialJournal NONE = new TrialJournal() {};

  /** The checkpoint a trial continues from, if one was kept. */
  default Optional<TrainingCheckpoint> checkpoint(TrialSpec trial) throws IOException {
    return Optional.empty();
  }

  /** Whether the trial's state is handed to {@link #epochDone} after every epoch. */
  default boolean keepsEpochCheckpoints() {
    return false;
  }

  /**
   * Polled after every epoch: {@code true} stops the trial with a checkpoint (walltime warning).
   */
  default boolean checkpointRequested() {
    return false;
  }

  /**
   * Training of the trial begins.
   *
   * @param resumedAfterEpoch epochs restored from a checkpoint (0: from the start)
   */
  default void started(TrialSpec trial, int resumedAfterEpoch) throws IOException {}

  /** The first batch of the run has been trained (a task's start-up time ends here). */
  default void firstBatch() {}

  /** The trial's state after an epoch, when {@link #keepsEpochCheckpoints()}. */
  default void epochDone(TrialSpec trial, TrainingCheckpoint checkpoint) throws IOException {}

  /** The trial has a valid result (it was trained now or found done). */
  default void done(TrialSpec trial, boolean trainedNow) throws IOException {}

  /** The trial failed; the scan goes on with the next. */
  default void failed(TrialSpec trial, String reason) throws IOException {}

  /**
   * The trial was stopped on request; {@code checkpoint} is present when it was stopped for one
   * (the walltime warning), absent when it was interrupted (its last epoch checkpoint stays).
   */
  default void stopped(TrialSpec trial, Optional<TrainingCheckpoint> checkpoint)
      throws IOException {}
}
