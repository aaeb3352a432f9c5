package hepscan.slurm;

import java.nio.file.Path;

/**
 * Every file and folder name of a submission, in one place (submitit's habit): {@code
 * split/NAME/round<R>/} holds the job specs of submission round R, {@code slurm/NAME/} the script,
 * the submission record, the logs, the results ({@code output/}), per-trial markers ({@code
 * trials/}), per-task exit records ({@code tasks/}), checkpoints and the frozen program.
 */
public record JobPaths(Path workDir, String name) {

  public Path splitDir() {
    return workDir.resolve("split").resolve(name);
  }

  public Path roundDir(int round) {
    return splitDir().resolve("round" + round);
  }

  public Path spec(int round, int index) {
    return roundDir(round).resolve("task" + index + ".json");
  }

  /** The parameters file as it was when round {@code round} was submitted. */
  public Path parametersSnapshot(int round) {
    return roundDir(round).resolve("parameters.yaml");
  }

  public Path slurmDir() {
    return workDir.resolve("slurm").resolve(name);
  }

  public Path script() {
    return slurmDir().resolve("hepscan.sbatch");
  }

  public Path submission() {
    return slurmDir().resolve("submission.json");
  }

  public Path logs() {
    return slurmDir().resolve("logs");
  }

  public Path output() {
    return slurmDir().resolve("output");
  }

  public Path trialMarkers() {
    return slurmDir().resolve("trials");
  }

  public Path trialMarker(String trialId) {
    return trialMarkers().resolve(trialId + ".json");
  }

  public Path taskRecords() {
    return slurmDir().resolve("tasks");
  }

  public Path checkpoints() {
    return slurmDir().resolve("checkpoints");
  }

  public Path checkpoint(String trialId) {
    return checkpoints().resolve(trialId + ".ckpt");
  }

  /** Copies of the hepscan jar that tasks run, so that a rebuild never changes a queued task. */
  public Path programDir() {
    return slurmDir().resolve("program");
  }

  /** What the user types for the results folder: {@code slurm/NAME/output/}. */
  public String outputArgument() {
    return "slurm/" + name + "/output/";
  }
}
