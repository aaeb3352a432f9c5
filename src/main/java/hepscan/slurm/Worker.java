package hepscan.slurm;

import hepscan.config.ConfigException;
import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.model.DeviceChoice;
import hepscan.model.Trainer;
import hepscan.scan.ResultFolder;
import hepscan.scan.ScanPlan;
import hepscan.scan.ScanProgress;
import hepscan.scan.ScanRunner;
import hepscan.scan.TrialClaim;
import hepscan.scan.TrialSpec;
import hepscan.util.Hashing;
import hepscan.util.WriterOutputStream;
import hepscan.workflow.ScanSetup;
import hepscan.workflow.WorkflowException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One SLURM array task ({@code hepscan --worker NAME --round R --index I}, run by the batch
 * script): reads its spec, checks that the parameters and the data are those of the submission, and
 * trains its trials with the local scan's code into {@code slurm/NAME/output/}, leaving a marker
 * per trial and a checkpoint after every epoch. On the walltime warning the running trial is
 * checkpointed after its current epoch and the task ends; the next submission continues it.
 */
public final class Worker {
  private Worker() {}

  /** What a task's run ended with. */
  public record Outcome(int trials, int done, int failed, boolean stopped) {}

  /**
   * Runs spec {@code index} of round {@code round}.
   *
   * @param walltime set by the USR1 handler: checkpoint the running trial and stop
   * @param stop set on SIGTERM: stop after the current batch
   * @param env the process environment (SLURM_* and CUDA_VISIBLE_DEVICES)
   */
  public static Outcome run(
      Path workDir,
      String name,
      int round,
      int index,
      java.util.function.BooleanSupplier walltime,
      java.util.function.BooleanSupplier stop,
      Map<String, String> env,
      PrintWriter out)
      throws IOException {
    JobPaths paths = new JobPaths(workDir, name);
    Path specFile = paths.spec(round, index);
    if (!Files.isRegularFile(specFile)) {
      throw new WorkflowException(
          true, "no job spec " + specFile + ": was round " + round + " of " + name + " submitted?");
    }
    JobSpec spec = Json.read(specFile, JobSpec.class);
    Path snapshot = workDir.resolve(spec.parametersSnapshot());
    String sha = Hashing.sha256Hex(Files.readAllBytes(snapshot));
    if (!sha.equals(spec.parametersSha256())) {
      throw new WorkflowException(
          false,
          snapshot
              + " changed since the submission (sha256 "
              + sha
              + ", the spec says "
              + spec.parametersSha256()
              + "): resubmit");
    }
    Parameters params;
    try {
      params = ParametersLoader.load(snapshot, workDir);
    } catch (ConfigException e) {
      throw new WorkflowException(
          true, "invalid configuration:\n" + e.getMessage().indent(2).stripTrailing(), e);
    }
    DeviceChoice device = DeviceChoice.parse(spec.device());
    ScanPlan plan = ScanSetup.plan(name, params, device);
    Map<String, TrialSpec> byId =
        plan.grid().trials().stream().collect(Collectors.toMap(TrialSpec::id, Function.identity()));
    List<TrialSpec> mine = new ArrayList<>();
    for (String id : spec.trialIds()) {
      TrialSpec t = byId.get(id);
      if (t == null) {
        throw new WorkflowException(
            false, specFile + ": trial " + id + " is not in the grid of " + snapshot);
      }
      mine.add(t);
    }

    String cuda = env.getOrDefault("CUDA_VISIBLE_DEVICES", "");
    String chosen;
    try {
      chosen = Trainer.device(device).toString();
    } catch (IllegalStateException | hepscan.model.EngineStartException e) {
      throw new WorkflowException(false, "on " + TrialClaim.hostName() + ": " + e.getMessage(), e);
    }
    out.printf(
        Locale.ROOT,
        "worker: %s round %d task %d: %d trial(s); device %s (asked %s, CUDA_VISIBLE_DEVICES=%s);"
            + " %d CPU(s) for the JVM%n",
        name,
        round,
        index,
        mine.size(),
        chosen,
        spec.device(),
        cuda.isEmpty() ? "unset" : cuda,
        Runtime.getRuntime().availableProcessors());
    if (!cuda.isEmpty() && chosen.startsWith("cpu")) {
      out.println(
          "worker: warning: the job has GPU(s) "
              + cuda
              + " but the PyTorch engine sees none: training on the CPU (point"
              + " PYTORCH_LIBRARY_PATH at a CUDA build of libtorch 2.7.1, see README)");
    }
    out.flush();

    // checked from the files' fingerprints; the data are read only if a trial is left to train
    String dataHash = ScanSetup.dataHash(params);
    if (!dataHash.equals(spec.dataHash())) {
      throw new WorkflowException(
          false,
          "the data differ from those of the submission (data hash "
              + dataHash
              + ", submitted "
              + spec.dataHash()
              + "): an input file changed; resubmit with --force to train on the new data");
    }
    if (!plan.settingsHash().equals(spec.settingsHash())) {
      throw new WorkflowException(
          false, "the training settings differ from those of the submission: resubmit");
    }

    String job = env.getOrDefault("SLURM_ARRAY_JOB_ID", env.getOrDefault("SLURM_JOB_ID", "local"));
    String task = env.getOrDefault("SLURM_ARRAY_TASK_ID", "");
    SlurmJournal journal =
        new SlurmJournal(
            paths,
            spec,
            job,
            task,
            TrialClaim.hostName(),
            chosen,
            cuda,
            walltime,
            line -> {
              out.println(line);
              out.flush();
            });
    ResultFolder folder = new ResultFolder(paths.output(), name);
    PrintStream log = new PrintStream(new WriterOutputStream(out), true);
    ScanRunner runner =
        new ScanRunner(
            plan,
            mine,
            dataHash,
            () -> ScanSetup.prepare(params, workDir, log),
            folder,
            out,
            stop,
            journal);
    ScanRunner.Summary s = runner.run(new ScanProgress.Lines(out));
    out.printf(
        Locale.ROOT,
        "worker: %d trial(s): %d reused, %d trained, %d failed, %d left to another process%s%n",
        s.trials(),
        s.reused(),
        s.trained(),
        s.failed(),
        s.skipped(),
        s.stopped() ? "; stopped before the end (resubmit continues it)" : "");
    out.flush();
    // a trial another live process trains is not this task's failure
    return new Outcome(s.trials(), s.reused() + s.trained() + s.skipped(), s.failed(), s.stopped());
  }
}
