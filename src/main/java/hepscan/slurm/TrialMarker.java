package hepscan.slurm;

/**
 * {@code slurm/NAME/trials/<id>.json}: the last word of the task that ran a trial. Written only by
 * that task.
 *
 * @param state started, done, failed, checkpointed (stopped on the walltime warning) or interrupted
 *     (SIGTERM, scancel)
 * @param reason why it failed or stopped; empty otherwise
 * @param epoch epochs the trial had when the marker was written (a checkpoint's, or the resumed
 *     one's)
 * @param device where it trained ({@code cpu()}, {@code gpu(0)})
 */
public record TrialMarker(
    String trial,
    String state,
    String reason,
    int epoch,
    String job,
    String task,
    int round,
    int index,
    String host,
    String device,
    String cudaVisibleDevices,
    String time) {

  public static final String STARTED = "started";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String CHECKPOINTED = "checkpointed";
  public static final String INTERRUPTED = "interrupted";
}
