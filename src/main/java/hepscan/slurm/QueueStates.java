package hepscan.slurm;

import java.util.Set;

/** SLURM job states, as squeue prints them. */
final class QueueStates {
  private QueueStates() {}

  private static final Set<String> PENDING =
      Set.of("PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD");
  private static final Set<String> RUNNING =
      Set.of(
          "RUNNING",
          "CONFIGURING",
          "COMPLETING",
          "SUSPENDED",
          "STAGE_OUT",
          "SIGNALING",
          "RESIZING");

  static boolean pending(String state) {
    return PENDING.contains(state);
  }

  static boolean running(String state) {
    return RUNNING.contains(state);
  }

  /** Not finished: the task will still run or is running. */
  static boolean active(String state) {
    return pending(state) || running(state);
  }
}
