package hepscan.model;

import java.util.Optional;

/**
 * Training was stopped on request of its {@link TrainingListener}; there is no result, but there is
 * a {@link #checkpoint()} when the stop was a checkpoint request.
 */
public final class TrainingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient TrainingCheckpoint checkpoint;

  TrainingStoppedException(int epoch) {
    super("training stopped on request during epoch " + epoch);
    checkpoint = null;
  }

  TrainingStoppedException(TrainingCheckpoint checkpoint) {
    super("training stopped for a checkpoint after epoch " + checkpoint.epochsDone());
    this.checkpoint = checkpoint;
  }

  /** The state to continue from, when the listener asked for a checkpoint. */
  public Optional<TrainingCheckpoint> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }
}
