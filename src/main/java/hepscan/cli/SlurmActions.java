package hepscan.cli;

import hepscan.config.Parameters;
import hepscan.model.DeviceChoice;
import hepscan.slurm.JobPaths;
import hepscan.slurm.SlurmCommands;
import hepscan.slurm.StatusReport;
import hepscan.slurm.Submitter;
import hepscan.slurm.Worker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code --submit}, {@code --status} and the hidden {@code --worker} of the SLURM path. */
final class SlurmActions {
  private SlurmActions() {}

  static int submit(Submitter.Request request, PrintWriter out) throws IOException {
    return new Submitter(new SlurmCommands()).submit(request, out);
  }

  static int status(Path workDir, String name, Path parametersArg, PrintWriter out)
      throws IOException {
    new StatusReport(new SlurmCommands())
        .print(
            new JobPaths(workDir, name),
            parametersArg == null ? null : parametersArg.toString(),
            out);
    return ExitCodes.OK;
  }

  /**
   * One array task. USR1 (SLURM's walltime warning, passed on by the batch script) checkpoints the
   * running trial after its epoch; SIGTERM stops after the current batch, the last epoch's
   * checkpoint kept.
   */
  @SuppressWarnings("removal")
  static int worker(Path workDir, String name, int round, int index, PrintWriter out)
      throws IOException {
    AtomicBoolean walltime = new AtomicBoolean();
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("USR1"),
          s -> {
            walltime.set(true);
            out.println("worker: USR1 (walltime warning): checkpoint after the current epoch");
            out.flush();
          });
    } catch (IllegalArgumentException e) {
      out.println("worker: warning: cannot catch USR1 here: " + e.getMessage());
    }
    // SIGTERM: stop after the current batch; the journal writes its markers before the JVM goes
    try (ShutdownStop stop = new ShutdownStop("hepscan-worker-stop", 20)) {
      Worker.Outcome o =
          Worker.run(
              workDir, name, round, index, walltime::get, stop::requested, System.getenv(), out);
      return o.done() == o.trials() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }

  static Submitter.Request request(
      String name,
      Parameters params,
      Path workDir,
      Integer split,
      boolean dryRun,
      Path resubmit,
      String time,
      String mem,
      boolean collect,
      boolean force,
      DeviceChoice device) {
    if (split == null) {
      throw new UserError(
          ExitCodes.USAGE, "--submit needs --split N: the number of trials per array task");
    }
    return new Submitter.Request(
        name,
        params,
        workDir,
        split,
        dryRun,
        Optional.ofNullable(resubmit),
        Optional.ofNullable(time),
        Optional.ofNullable(mem),
        collect,
        force,
        device);
  }
}
