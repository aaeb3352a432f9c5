package hepscan.scan;

import hepscan.model.EpochStats;
import hepscan.model.Hyperparameters;
import hepscan.model.ModelInfo;
import hepscan.model.PackProbe;
import hepscan.model.PackedTrainer;
import hepscan.model.Trainer;
import hepscan.model.TrainingCheckpoint;
import hepscan.model.TrainingListener;
import hepscan.model.TrainingResult;
import hepscan.model.TrainingSettings;
import hepscan.model.TrainingStoppedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Runs a scan locally: every trial without a valid result is trained, one after another, and its
 * CSV row and model zip are written to the result folder (ranking them is the report's job).
 * Stopping (Ctrl-C) abandons the trial in progress; nothing half-written is left and re-running
 * resumes.
 */
public final class ScanRunner {
  private final ScanPlan plan;
  private final String dataHash;
  private final DataLoader loader;
  private ScanData data;

  /**
   * Prepares (or reads from the cache) the events the trials train on: called only when a trial is
   * left to train, at most once.
   */
  @FunctionalInterface
  public interface DataLoader {
    ScanData load() throws IOException;
  }

  private final ResultFolder folder;
  private final PrintWriter out;
  private final BooleanSupplier stopRequested;
  private final List<TrialSpec> trials;
  private final Set<String> trialIds;
  private final TrialJournal journal;
  private boolean firstBatchSeen;

  /** {@code pack: auto} on the CPU: the size measured for each pack key in this run. */
  private final Map<String, Integer> measuredSizes = new LinkedHashMap<>();

  /**
   * What a scan run did. {@code skipped}: trials another process was training (their claim was
   * live); {@code stopped}: it was interrupted before every trial had a result.
   */
  public record Summary(
      int trials, int reused, int trained, int failed, int skipped, boolean stopped) {}

  /** A runner of every trial of the plan's grid. */
  public ScanRunner(
      ScanPlan plan,
      ScanData data,
      ResultFolder folder,
      PrintWriter out,
      BooleanSupplier stopRequested) {
    this(
        plan,
        plan.grid().trials(),
        data.dataHash(),
        () -> data,
        folder,
        out,
        stopRequested,
        TrialJournal.NONE);
  }

  /**
   * A runner of {@code selection}, trials of the plan's grid (a SLURM array task's share), that
   * reports each trial to {@code journal}. Results count as done when they were trained on data of
   * {@code dataHash}; {@code loader} gives those data, and is called only when a trial is left to
   * train, so a finished scan reads no data at all.
   */
  public ScanRunner(
      ScanPlan plan,
      List<TrialSpec> selection,
      String dataHash,
      DataLoader loader,
      ResultFolder folder,
      PrintWriter out,
      BooleanSupplier stopRequested,
      TrialJournal journal) {
    this.plan = plan;
    this.dataHash = dataHash;
    this.loader = loader;
    this.folder = folder;
    this.out = out;
    this.stopRequested = stopRequested;
    this.trials = List.copyOf(selection);
    this.trialIds = plan.grid().trials().stream().map(TrialSpec::id).collect(Collectors.toSet());
    for (TrialSpec t : trials) {
      if (!trialIds.contains(t.id())) {
        throw new IllegalArgumentException(
            "trial " + t.id() + " (" + t.describe() + ") is not in the grid of " + plan.name());
      }
    }
    this.journal = journal;
  }

  /** Trains every trial that has no valid result yet. */
  public Summary run(ScanProgress progress) throws IOException {
    Files.createDirectories(folder.dir());
    int stale =
        hepscan.util.AtomicFiles.removeStaleTemporaries(
            folder.dir(), hepscan.util.AtomicFiles.STALE_TEMPORARY);
    if (stale > 0) {
      out.println(
          "scan " + plan.name() + ": removed " + stale + " temporary file(s) killed writers left");
    }
    List<TrialSpec> todo = new ArrayList<>();
    int reused = 0;
    for (TrialSpec t : trials) {
      if (reusable(t)) {
        reused++;
        journal.done(t, false);
      } else {
        todo.add(t);
      }
    }
    if (trials.size() == plan.grid().trials().size()) {
      out.printf(
          Locale.ROOT,
          "scan %s: %d trials (%d combinations x %d repetitions), %d already done, %d to train%n",
          plan.name(),
          trials.size(),
          plan.grid().combinations(),
          plan.grid().repetitions(),
          reused,
          todo.size());
    } else {
      out.printf(
          Locale.ROOT,
          "scan %s: %d of its %d trials here, %d already done, %d to train%n",
          plan.name(),
          trials.size(),
          plan.grid().trials().size(),
          reused,
          todo.size());
    }
    out.flush();
    if (!todo.isEmpty()) {
      data(); // prepared before the progress starts, and only when a trial is left to train
    }
    progress.planned(
        todo.stream().mapToLong(t -> Hyperparameters.fromMap(t.hyperparameters()).epochs()).sum());
    Tally tally = new Tally(reused);
    try {
      for (List<TrialSpec> unit : units(todo, progress)) {
        if (stopRequested.getAsBoolean() || trainUnit(unit, tally, progress)) {
          tally.stopped = true;
          break;
        }
      }
    } finally {
      progress.close();
    }
    return new Summary(
        trials.size(), tally.reused, tally.trained, tally.failed, tally.skipped, tally.stopped);
  }

  /** What the run did so far; {@code started} numbers the trials as they begin ("trial k/N"). */
  private static final class Tally {
    int reused;
    int trained;
    int failed;
    int skipped;
    int started;
    boolean stopped;

    Tally(int reused) {
      this.reused = reused;
    }

    int next() {
      return reused + ++started;
    }
  }

  /**
   * The trials to train, in units trained together: packs of trials of the same network shape
   * ({@link PackedTrainer#packKey}), as large as {@code pack} allows, in the order of {@code todo};
   * a trial with a checkpoint is a unit of its own, as it continues alone ({@link Trainer} resumes
   * it). With {@code pack: auto} on the CPU each group's size is measured first ({@link
   * PackProbe}).
   */
  private List<List<TrialSpec>> units(List<TrialSpec> todo, ScanProgress progress)
      throws IOException {
    Map<String, List<TrialSpec>> groups = new LinkedHashMap<>();
    List<List<TrialSpec>> units = new ArrayList<>();
    // packs that do not fit in memory: the trials alone do (ScanSetup's memory check said so)
    int size = !todo.isEmpty() && data().unpacked() ? 1 : plan.pack();
    boolean measure = false;
    if (!todo.isEmpty()
        && (size == ScanPlan.PACK_AUTO || data().input().streamBlockEvents() != 0)) {
      // a streamed training split is never packed, whatever pack: asks (autoSize says 1)
      measure = size == ScanPlan.PACK_AUTO && PackProbe.applies(data().input(), plan.device());
      size = PackedTrainer.autoSize(data().input(), plan.device());
    }
    for (TrialSpec t : todo) {
      if (size == 1 || journal.checkpoint(t).isPresent()) {
        units.add(List.of(t));
      } else {
        Hyperparameters hp = Hyperparameters.fromMap(t.hyperparameters());
        groups.computeIfAbsent(PackedTrainer.packKey(hp), k -> new ArrayList<>()).add(t);
      }
    }
    for (Map.Entry<String, List<TrialSpec>> e : groups.entrySet()) {
      List<TrialSpec> group = e.getValue();
      int groupSize =
          measure && group.size() > 1 ? measured(e.getKey(), group, size, progress) : size;
      for (int from = 0; from < group.size(); from += groupSize) {
        units.add(group.subList(from, Math.min(group.size(), from + groupSize)));
      }
    }
    return units;
  }

  /**
   * The pack size {@code pack: auto} takes on the CPU for the trials of one pack key: measured once
   * per key and run ({@link PackProbe}), at most {@code cap}; 1 when the probe fails (the trials
   * then fail or train alone as they would).
   */
  private int measured(String key, List<TrialSpec> group, int cap, ScanProgress progress)
      throws IOException {
    Integer known = measuredSizes.get(key);
    if (known != null) {
      return known;
    }
    List<Hyperparameters> hps = new ArrayList<>();
    for (TrialSpec t : group) {
      hps.add(Hyperparameters.fromMap(t.hyperparameters()));
    }
    int chosen;
    try {
      PackProbe.Result r = PackProbe.measure(data().input(), hps, plan.device(), cap);
      chosen = r.chosen();
      progress.message(r.describe(group.size(), PackProbe.shape(hps.get(0))));
    } catch (RuntimeException e) {
      chosen = 1;
      progress.message(
          "pack auto: "
              + group.size()
              + " trials of "
              + PackProbe.shape(hps.get(0))
              + " could not be measured ("
              + (e.getMessage() == null ? e.toString() : e.getMessage())
              + "): training them one after another");
    }
    measuredSizes.put(key, chosen);
    return chosen;
  }

  /**
   * Trains one unit: claims its trials (skipping those another process holds or has finished), then
   * trains them alone or as a pack. Returns whether the run was stopped.
   */
  private boolean trainUnit(List<TrialSpec> unit, Tally tally, ScanProgress progress)
      throws IOException {
    List<TrialSpec> specs = new ArrayList<>();
    List<TrialClaim> claims = new ArrayList<>();
    try {
      for (TrialSpec spec : unit) {
        TrialClaim.Attempt attempt = TrialClaim.take(folder.claimPath(spec.id()));
        if (attempt.claim().isEmpty()) {
          tally.skipped++;
          progress.message(
              "trial "
                  + spec.id()
                  + " is being trained by "
                  + attempt.heldBy().map(Object::toString).orElse("another process")
                  + ": left to it");
        } else if (reusable(spec)) { // finished by another process since this run looked
          attempt.claim().get().close();
          tally.reused++;
          journal.done(spec, false);
        } else {
          specs.add(spec);
          claims.add(attempt.claim().get());
        }
      }
      if (specs.size() == 1) {
        return trainAlone(specs.get(0), claims.get(0), tally, progress);
      }
      return !specs.isEmpty() && trainPack(specs, claims, tally, progress);
    } finally {
      for (TrialClaim c : claims) {
        c.close();
      }
    }
  }

  private boolean trainAlone(TrialSpec spec, TrialClaim claim, Tally tally, ScanProgress progress)
      throws IOException {
    try {
      trainOne(spec, tally.next(), trials.size(), progress, claim);
      tally.trained++;
      return false;
    } catch (TrainingStoppedException e) {
      stopped(spec, e.checkpoint(), progress);
      return true;
    } catch (RuntimeException e) {
      failed(spec, e, tally, progress);
      return false;
    }
  }

  /**
   * One trial that cannot be trained (a combination that does not fit the data, a native error)
   * fails alone: the others still train and everything done is ranked.
   */
  private void failed(TrialSpec spec, RuntimeException e, Tally tally, ScanProgress progress)
      throws IOException {
    tally.failed++;
    String why =
        e instanceof IllegalArgumentException || e instanceof IllegalStateException
            ? e.getMessage()
            : e.toString();
    journal.failed(spec, why);
    progress.message("trial " + spec.id() + " failed: " + why);
  }

  private void stopped(
      TrialSpec spec, Optional<TrainingCheckpoint> checkpoint, ScanProgress progress)
      throws IOException {
    journal.stopped(spec, checkpoint);
    progress.message(
        checkpoint
            .map(
                c ->
                    "trial "
                        + spec.id()
                        + " stopped after epoch "
                        + c.epochsDone()
                        + ": checkpoint saved, it continues from there when run again")
            .orElse(
                journal.keepsEpochCheckpoints()
                    ? "trial " + spec.id() + " interrupted: it continues from its last epoch"
                    : "trial " + spec.id() + " interrupted: nothing of it was kept"));
  }

  /**
   * Trains {@code specs} as one pack ({@link PackedTrainer}); each trial's zip and row are written
   * as soon as it finishes, exactly as for a trial trained alone. On a stop, every trial still
   * training is stopped as a solo trial would be, with its own checkpoint when one was asked for.
   * Returns whether the run was stopped.
   */
  private boolean trainPack(
      List<TrialSpec> specs, List<TrialClaim> claims, Tally tally, ScanProgress progress)
      throws IOException {
    List<PackedTrainer.Member> members = new ArrayList<>();
    int[] positions = new int[specs.size()];
    for (int i = 0; i < specs.size(); i++) {
      TrialSpec spec = specs.get(i);
      members.add(
          new PackedTrainer.Member(
              Hyperparameters.fromMap(spec.hyperparameters()), settings(spec)));
      positions[i] = tally.next();
      journal.started(spec, 0);
    }
    progress.packStarted(positions[0], trials.size(), specs);
    boolean[] finished = new boolean[specs.size()];
    double[] bestValLoss = new double[specs.size()];
    java.util.Arrays.fill(bestValLoss, Double.NaN);
    IOException[] writeError = {null};
    int[] reported = {0};
    PackedTrainer.Listener listener =
        new PackJournalListener() {
          @Override
          public void onMemberEpochEnd(int member, EpochStats s, int maxEpochs) {
            claims.get(member).touch();
            if (Double.isNaN(bestValLoss[member]) || s.valLoss() < bestValLoss[member]) {
              bestValLoss[member] = s.valLoss();
            }
            reported[0]++;
            int last = specs.size() - 1;
            while (finished[last]) {
              last--;
            }
            if (member == last) { // every member still training has reported this epoch
              progress.packEpochDone(
                  s.epoch(),
                  reported[0],
                  tally.reused + tally.trained + tally.failed,
                  trials.size(),
                  finished,
                  bestValLoss);
              reported[0] = 0;
            }
          }

          @Override
          public void onMemberDone(int member, TrainingResult r) {
            finished[member] = true;
            TrialSpec spec = specs.get(member);
            try {
              String summary = writeResult(spec, r);
              journal.done(spec, true);
              tally.trained++;
              progress.packTrialDone(
                  positions[member],
                  trials.size(),
                  spec,
                  Hyperparameters.fromMap(spec.hyperparameters()).epochs() - r.roundEpochs(),
                  summary);
              claims.get(member).close(); // the others still train: release it now
            } catch (IOException e) {
              writeError[0] = e;
            } catch (RuntimeException e) {
              try {
                failed(spec, e, tally, progress);
              } catch (IOException journalError) {
                writeError[0] = journalError;
              }
            }
          }

          @Override
          public boolean stopRequested() {
            return super.stopRequested() || writeError[0] != null;
          }

          @Override
          public void onMemberCheckpoint(int member, TrainingCheckpoint checkpoint) {
            keepCheckpoint(specs.get(member), checkpoint, progress);
          }
        };
    try {
      PackedTrainer.train(data().input(), members, listener);
      return false;
    } catch (TrainingStoppedException e) {
      if (writeError[0] != null) {
        throw writeError[0];
      }
      for (int i = 0; i < specs.size(); i++) {
        if (!finished[i]) {
          stopped(specs.get(i), Optional.ofNullable(e.memberCheckpoints().get(i)), progress);
        }
      }
      return true;
    } catch (RuntimeException e) {
      for (int i = 0; i < specs.size(); i++) {
        if (!finished[i]) {
          failed(specs.get(i), e, tally, progress);
        }
      }
      return false;
    }
  }

  /**
   * What a trial alone and a pack share: the run's first batch, its stop, the journal's
   * checkpoints.
   */
  private abstract class JournalListener implements TrainingListener {
    @Override
    public void onBatchEnd(int epoch, int batchesDone, int batchesInEpoch) {
      if (!firstBatchSeen) {
        firstBatchSeen = true;
        journal.firstBatch();
      }
    }

    @Override
    public boolean stopRequested() {
      return stopRequested.getAsBoolean();
    }

    @Override
    public boolean checkpointRequested() {
      return journal.checkpointRequested();
    }

    @Override
    public boolean wantsEpochCheckpoints() {
      return journal.keepsEpochCheckpoints();
    }
  }

  private abstract class PackJournalListener extends JournalListener
      implements PackedTrainer.Listener {}

  private void keepCheckpoint(
      TrialSpec spec, TrainingCheckpoint checkpoint, ScanProgress progress) {
    try {
      journal.epochDone(spec, checkpoint);
    } catch (IOException e) {
      // a checkpoint that cannot be written costs a restart, not the trial
      progress.message("trial " + spec.id() + ": checkpoint not saved: " + e.getMessage());
    }
  }

  private TrainingSettings settings(TrialSpec spec) {
    return new TrainingSettings(plan.earlyStopping(), plan.reduceLr(), spec.seed(), plan.device());
  }

  private boolean reusable(TrialSpec t) {
    return folder.validResult(t.id()).filter(this::isCurrent).isPresent();
  }

  /**
   * Whether a result row belongs to this scan as it is now: a trial of the grid, trained on the
   * same data with the same shared settings. Other rows in the folder (an earlier grid, another
   * cut) are neither reused nor ranked.
   */
  public boolean isCurrent(Map<String, String> row) {
    return trialIds.contains(row.get("trial_id"))
        && dataHash.equals(row.get("data_hash"))
        && plan.settingsHash().equals(row.get("params_hash"));
  }

  /** The training data, loaded on first use; they must be those {@code dataHash} names. */
  private ScanData data() throws IOException {
    if (data == null) {
      ScanData loaded = loader.load();
      if (!loaded.dataHash().equals(dataHash)) {
        throw new IllegalStateException(
            "the prepared data have hash "
                + loaded.dataHash()
                + ", the scan expected "
                + dataHash
                + ": a sample file changed while the scan started; run it again");
      }
      data = loaded;
    }
    return data;
  }

  private void trainOne(TrialSpec spec, int k, int n, ScanProgress progress, TrialClaim claim)
      throws IOException {
    Hyperparameters hp = Hyperparameters.fromMap(spec.hyperparameters());
    progress.trialStarted(k, n, spec, hp.epochs());
    TrainingSettings settings = settings(spec);
    Optional<TrainingCheckpoint> resume = journal.checkpoint(spec);
    if (resume.isPresent() && !Trainer.canResume(resume.get(), data().input(), hp, settings)) {
      progress.message("trial " + spec.id() + ": its checkpoint does not fit, starting over");
      resume = Optional.empty();
    }
    journal.started(spec, resume.map(TrainingCheckpoint::epochsDone).orElse(0));
    resume.ifPresent(
        c -> progress.message("trial " + spec.id() + " continues after epoch " + c.epochsDone()));
    TrainingListener listener =
        new JournalListener() {
          @Override
          public void onEpochEnd(EpochStats s, int maxEpochs) {
            claim.touch();
            progress.epochDone(s.epoch(), maxEpochs, s.loss(), s.valLoss(), s.valAcc());
          }

          @Override
          public void onCheckpoint(TrainingCheckpoint checkpoint) {
            keepCheckpoint(spec, checkpoint, progress);
          }
        };
    TrainingResult r = Trainer.train(data().input(), hp, settings, listener, resume.orElse(null));
    progress.trialDone(writeResult(spec, r));
    journal.done(spec, true);
  }

  /**
   * Writes a trained trial's zip, then its row (a row always has its model), and closes the model;
   * returns the one-line summary for the progress.
   */
  private String writeResult(TrialSpec spec, TrainingResult r) throws IOException {
    try (var model = r.model()) {
      Path zip = folder.zipPath(spec.id());
      model.save(zip, modelInfo(spec), r.metrics().roc());
      EpochStats best = r.best();
      TrialResult row =
          new TrialResult(
              spec.id(),
              spec.repetition(),
              spec.hyperparameters(),
              r.roundEpochs(),
              r.bestEpoch(),
              best.loss(),
              best.acc(),
              best.valLoss(),
              best.valAcc(),
              r.metrics().evalError(),
              r.metrics().f1(),
              r.metrics().auc(),
              r.metrics().ksPValue(),
              r.trainingSeconds(),
              r.eventsPerSecond(),
              r.metricsSeconds(),
              r.device(),
              plan.settingsHash(),
              dataHash,
              zip.getFileName().toString());
      folder.writeResult(row);
      return String.format(
          Locale.ROOT,
          "auc %.4f eval_error %.4f val_loss %.5f, best epoch %d of %d, %.1f s, %.0f events/s,"
              + " metrics %.1f s",
          r.metrics().auc(),
          r.metrics().evalError(),
          best.valLoss(),
          r.bestEpoch(),
          r.roundEpochs(),
          r.trainingSeconds(),
          r.eventsPerSecond(),
          r.metricsSeconds());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(folder.zipPath(spec.id()));
      throw e;
    }
  }

  private ModelInfo modelInfo(TrialSpec spec) throws IOException {
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("trial_id", spec.id());
    provenance.put("repetition", Integer.toString(spec.repetition()));
    provenance.put("seed", Long.toString(spec.seed()));
    provenance.put("scan", plan.name());
    provenance.put("params_hash", plan.settingsHash());
    provenance.put("data_hash", dataHash);
    return new ModelInfo(
        folder.trialName(spec.id()),
        data().featureNames(),
        data().inputExpressions(),
        data().oneHotCategories(),
        data().classNames(),
        provenance,
        data().recipe());
  }
}
