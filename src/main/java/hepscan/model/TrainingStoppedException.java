package hepscan.model;

import java.util.Map;
import java.util.Optional;

/**
 * Training was stopped on request of its {@link TrainingListener}; there is no result, but there is
 * a {@link #checkpoint()} when the stop was a checkpoint request.
 */
public final class TrainingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient TrainingCheckpoint checkpoint;
  private final transient Map<Integer, TrainingCheckpoint> memberCheckpoints;

  TrainingStoppedException(int epoch) {
    super("training stopped on request during epoch " + epoch);
    checkpoint = null;
    memberCheckpoints = Map.of();
  }

  TrainingStoppedException(TrainingCheckpoint checkpoint) {
    super("training stopped for a checkpoint after epoch " + checkpoint.epochsDone());
    this.checkpoint = checkpoint;
    memberCheckpoints = Map.of();
  }

  /** A pack stopped for checkpoints: one per member still training, by its index in the pack. */
  TrainingStoppedException(Map<Integer, TrainingCheckpoint> members, int epoch) {
    super("training of a pack stopped for a checkpoint after epoch " + epoch);
    checkpoint = null;
    memberCheckpoints = Map.copyOf(members);
  }

  /**
   * The checkpoints of a {@link PackedTrainer} pack's members still training when it stopped for
   * checkpoints, by member index (each in the format of a trial trained alone); empty otherwise.
   */
  public Map<Integer, TrainingCheckpoint> memberCheckpoints() {
    return memberCheckpoints;
  }

  /** The state to continue from, when the listener asked for a checkpoint. */
  public Optional<TrainingCheckpoint> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }
}
