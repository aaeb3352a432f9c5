package hepscan.slurm;

import hepscan.model.TrainingCheckpoint;
import hepscan.scan.TrialJournal;
import hepscan.scan.TrialSpec;
import hepscan.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * An array task's journal: a marker per trial and a checkpoint after every epoch, each file written
 * atomically and owned by the task that runs the trial.
 */
final class SlurmJournal implements TrialJournal {
  private final JobPaths paths;
  private final JobSpec spec;
  private final String job;
  private final String task;
  private final String host;
  private final String device;
  private final String cudaVisibleDevices;
  private final BooleanSupplier walltimeWarning;
  private final java.util.function.Consumer<String> log;

  SlurmJournal(
      JobPaths paths,
      JobSpec spec,
      String job,
      String task,
      String host,
      String device,
      String cudaVisibleDevices,
      BooleanSupplier walltimeWarning,
      java.util.function.Consumer<String> log) {
    this.paths = paths;
    this.spec = spec;
    this.job = job;
    this.task = task;
    this.host = host;
    this.device = device;
    this.cudaVisibleDevices = cudaVisibleDevices;
    this.walltimeWarning = walltimeWarning;
    this.log = log;
  }

  @Override
  public Optional<TrainingCheckpoint> checkpoint(TrialSpec trial) throws IOException {
    Path file = paths.checkpoint(trial.id());
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(TrainingCheckpoint.fromBytes(Files.readAllBytes(file)));
    } catch (IOException e) {
      // a damaged checkpoint costs a restart from the first epoch, not the trial
      Files.deleteIfExists(file);
      return Optional.empty();
    }
  }

  @Override
  public boolean keepsEpochCheckpoints() {
    return true;
  }

  @Override
  public boolean checkpointRequested() {
    return walltimeWarning.getAsBoolean();
  }

  @Override
  public void started(TrialSpec trial, int resumedAfterEpoch) throws IOException {
    mark(trial, TrialMarker.STARTED, "", resumedAfterEpoch);
  }

  @Override
  public void firstBatch() {
    long startMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    log.accept(
        String.format(
            java.util.Locale.ROOT,
            "worker: first batch trained %.2f s after the task's JVM started",
            (System.currentTimeMillis() - startMillis) / 1e3));
  }

  @Override
  public void epochDone(TrialSpec trial, TrainingCheckpoint checkpoint) throws IOException {
    Files.createDirectories(paths.checkpoints());
    AtomicFiles.writeBytes(paths.checkpoint(trial.id()), checkpoint.toBytes());
  }

  @Override
  public void done(TrialSpec trial, boolean trainedNow) throws IOException {
    mark(trial, TrialMarker.DONE, trainedNow ? "" : "found done", 0);
    Files.deleteIfExists(paths.checkpoint(trial.id()));
  }

  @Override
  public void failed(TrialSpec trial, String reason) throws IOException {
    mark(trial, TrialMarker.FAILED, reason, 0);
  }

  @Override
  public void stopped(TrialSpec trial, Optional<TrainingCheckpoint> checkpoint) throws IOException {
    if (checkpoint.isPresent()) {
      TrainingCheckpoint c = checkpoint.get();
      epochDone(trial, c);
      mark(
          trial,
          TrialMarker.CHECKPOINTED,
          "walltime warning: checkpoint saved after epoch " + c.epochsDone(),
          c.epochsDone());
    } else {
      mark(trial, TrialMarker.INTERRUPTED, "terminated (SIGTERM: walltime, scancel or node)", 0);
    }
  }

  private void mark(TrialSpec trial, String state, String reason, int epoch) throws IOException {
    Files.createDirectories(paths.trialMarkers());
    TrialMarker m =
        new TrialMarker(
            trial.id(),
            state,
            reason,
            epoch,
            job,
            task,
            spec.round(),
            spec.index(),
            host,
            device,
            cudaVisibleDevices,
            Instant.now().toString());
    AtomicFiles.writeString(paths.trialMarker(trial.id()), Json.write(m));
  }
}
