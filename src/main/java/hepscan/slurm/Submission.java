package hepscan.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code slurm/NAME/submission.json}: what was submitted under a name, round by round. Written only
 * by {@code --submit}, never by a task. {@code --status} reads the trial assignment from it (no
 * spec file is read), and {@code --resubmit} compares its hashes with the present ones.
 *
 * @param gridHash hash of the sorted trial ids of the grid
 * @param parametersSha256 of the parameters file at the first submission
 */
public record Submission(
    String name,
    String parametersFile,
    String parametersSha256,
    String gridHash,
    String settingsHash,
    String dataHash,
    int gridTrials,
    List<Round> rounds) {

  public Submission {
    rounds = List.copyOf(rounds);
  }

  /**
   * One {@code --submit} or {@code --resubmit}.
   *
   * @param tasks the trial ids of each array task (spec index = list index)
   * @param arrays the array jobs, each covering spec indices offset..offset+count-1
   * @param collectJob the job id of the {@code --collect} job, or null
   */
  public record Round(
      int round,
      String submittedAt,
      int split,
      String time,
      String mem,
      List<List<String>> tasks,
      List<ArrayJob> arrays,
      String collectJob) {

    public Round {
      tasks = tasks.stream().map(List::copyOf).toList();
      arrays = List.copyOf(arrays);
    }
  }

  /** One sbatch call: array job {@code jobId} runs spec indices offset..offset+count-1. */
  public record ArrayJob(String jobId, int offset, int count) {}

  Submission withRound(Round r) {
    List<Round> all = new ArrayList<>(rounds);
    all.add(r);
    return new Submission(
        name, parametersFile, parametersSha256, gridHash, settingsHash, dataHash, gridTrials, all);
  }

  List<String> jobIds() {
    return rounds.stream().flatMap(r -> r.arrays().stream()).map(ArrayJob::jobId).toList();
  }
}
