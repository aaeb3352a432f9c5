package hepscan.slurm;

import hepscan.config.Parameters;
import hepscan.data.MemoryNeed;
import hepscan.model.DeviceChoice;
import hepscan.scan.ResultFolder;
import hepscan.scan.ScanData;
import hepscan.scan.ScanPlan;
import hepscan.scan.TrialSpec;
import hepscan.util.AtomicFiles;
import hepscan.util.Hashing;
import hepscan.util.WriterOutputStream;
import hepscan.workflow.ScanSetup;
import hepscan.workflow.WorkflowException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code --submit NAME --split N [--resubmit slurm/NAME/output/]}: prepares the data once, cuts the
 * trials to run into job specs of N trials, writes the batch script and submits one array job per
 * MaxArraySize shard. Everything is checked before the first sbatch call.
 */
public final class Submitter {
  private final SlurmCommands slurm;

  public Submitter(SlurmCommands slurm) {
    this.slurm = slurm;
  }

  /**
   * What to submit.
   *
   * @param resubmit the output folder given to {@code --resubmit}; empty for a first submission
   * @param time overrides {@code slurm.time}
   * @param mem overrides {@code slurm.mem}
   */
  public record Request(
      String name,
      Parameters params,
      Path workDir,
      int split,
      boolean dryRun,
      Optional<Path> resubmit,
      Optional<String> time,
      Optional<String> mem,
      boolean collect,
      boolean force,
      DeviceChoice device) {}

  /** Returns the exit code. */
  public int submit(Request r, PrintWriter out) throws IOException {
    ScanSetup.checkName(r.name());
    if (r.split() < 1) {
      throw bad(
          "--split " + r.split() + ": each array task trains at least one trial; give N >= 1");
    }
    SbatchOptions options;
    try {
      options = SbatchOptions.of(r.params().slurm(), r.time(), r.mem());
    } catch (IllegalArgumentException e) {
      throw bad(r.params().file() + ": slurm: " + e.getMessage());
    }
    ScanPlan plan = ScanSetup.plan(r.name(), r.params(), r.device());
    ScanSetup.checkTaskMemory(r.params(), r.workDir(), options.memoryMegabytes())
        .ifPresent(out::println);
    List<TrialSpec> grid = plan.grid().trials();
    String gridHash = gridHash(grid);
    JobPaths paths = new JobPaths(r.workDir(), r.name());
    boolean cluster = SlurmCommands.available();
    if (!r.dryRun() && !cluster) {
      throw bad(
          "no sbatch on the PATH: this machine cannot submit to SLURM. Train here with"
              + " ./hepscan --scan "
              + r.name()
              + " -p "
              + r.params().file()
              + ", or start a local test cluster with slurm/start-local-slurm.sh (slurm/README.md)");
    }
    if (cluster) {
      checkPartitionAndQos(options);
    }
    Optional<Submission> previous =
        Files.isRegularFile(paths.submission())
            ? Optional.of(Json.read(paths.submission(), Submission.class))
            : Optional.empty();
    checkAgainstPrevious(r, paths, previous, gridHash);

    int maxArraySize = cluster ? slurm.maxArraySize().orElse(1001) : 1001;
    if (r.dryRun()) {
      return dryRun(r, paths, options, grid, maxArraySize, previous, out);
    }

    ScanSetup.requireWritable(paths.splitDir(), "the job specs");
    ScanSetup.requireWritable(paths.slurmDir(), "the script, logs and results");
    ScanData data =
        ScanSetup.prepare(
            r.params(), r.workDir(), new PrintStream(new WriterOutputStream(out), true));
    List<TrialSpec> todo = grid;
    if (previous.isPresent()) {
      Submission p = previous.get();
      List<String> changed = new ArrayList<>();
      if (!p.gridHash().equals(gridHash)) {
        changed.add("the grid");
      }
      if (!p.dataHash().equals(data.dataHash())) {
        changed.add("the data (files, cut, variables, weights or split)");
      }
      if (!p.settingsHash().equals(plan.settingsHash())) {
        changed.add("the shared training settings (early stopping, LR reduction, seed)");
      }
      if (!changed.isEmpty() && !r.force()) {
        throw bad(
            String.join(" and ", changed)
                + " changed since "
                + r.name()
                + " was submitted: its results would not belong together. Submit under a new"
                + " name, or add --force to train every trial without a result of the present"
                + " grid and data into the same folder");
      }
      Set<String> queued = queuedTrials(p);
      todo = withoutResult(grid, paths, data, plan, queued);
      if (!queued.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "%d trial(s) are still pending or running in the queue: not submitted again%n",
            queued.size());
      }
    }
    if (todo.isEmpty()) {
      out.println(
          "nothing to submit: every trial of "
              + r.name()
              + " has a result in "
              + paths.outputArgument()
              + " or is in the queue");
      out.flush();
      return 0;
    }

    int round = previous.map(p -> p.rounds().size()).orElse(0);
    List<List<TrialSpec>> tasks = Chunks.of(todo, r.split());
    List<Chunks.Shard> shards = Chunks.shards(tasks.size(), maxArraySize);
    TaskProgram program = Programs.freeze(paths);
    writeSpecs(r, paths, plan, data, round, tasks);
    for (Path dir :
        List.of(paths.logs(), paths.output(), paths.trialMarkers(), paths.taskRecords())) {
      Files.createDirectories(dir);
    }
    AtomicFiles.writeString(paths.script(), SbatchScript.text(r.name(), options, program, paths));

    Submission record =
        previous
            .map(
                p ->
                    new Submission(
                        p.name(),
                        p.parametersFile(),
                        p.parametersSha256(),
                        gridHash,
                        plan.settingsHash(),
                        data.dataHash(),
                        grid.size(),
                        p.rounds()))
            .orElse(
                new Submission(
                    r.name(),
                    shown(r.workDir(), r.params().file()),
                    Hashing.sha256Hex(Files.readAllBytes(r.params().file())),
                    gridHash,
                    plan.settingsHash(),
                    data.dataHash(),
                    grid.size(),
                    List.of()));
    List<Submission.ArrayJob> arrays = new ArrayList<>();
    String collectJob = null;
    try {
      for (Chunks.Shard shard : shards) {
        String id =
            slurm.submit(
                SbatchScript.arrayCommand(paths.script(), shard, options.throttle(), round));
        arrays.add(new Submission.ArrayJob(id, shard.offset(), shard.count()));
      }
      if (r.collect()) {
        collectJob = slurm.submit(collectCommand(paths, options, program, round, arrays));
      }
    } finally {
      // what was submitted is recorded even when a later sbatch call failed
      if (!arrays.isEmpty()) {
        Submission.Round done =
            new Submission.Round(
                round,
                Instant.now().toString(),
                r.split(),
                options.time(),
                options.mem(),
                tasks.stream()
                    .limit(
                        arrays.get(arrays.size() - 1).offset()
                            + arrays.get(arrays.size() - 1).count())
                    .map(t -> t.stream().map(TrialSpec::id).toList())
                    .toList(),
                arrays,
                collectJob);
        AtomicFiles.writeString(paths.submission(), Json.write(record.withRound(done)));
      }
    }
    out.printf(
        Locale.ROOT,
        "%s: submitted %d trial(s) in %d array task(s) of %d trial(s) at most, round %d, as array"
            + " job(s) %s%s%n",
        r.name(),
        todo.size(),
        tasks.size(),
        r.split(),
        round,
        arrays.stream().map(Submission.ArrayJob::jobId).collect(Collectors.joining(", ")),
        collectJob == null ? "" : "; collect job " + collectJob);
    out.println("  specs:   " + r.workDir().relativize(paths.roundDir(round)) + "/");
    out.println("  logs:    " + r.workDir().relativize(paths.logs()) + "/");
    out.println("  results: " + paths.outputArgument());
    out.println(
        "next: ./hepscan --status " + r.name() + "   (then --csv " + paths.outputArgument() + ")");
    out.flush();
    return 0;
  }

  private int dryRun(
      Request r,
      JobPaths paths,
      SbatchOptions options,
      List<TrialSpec> grid,
      int maxArraySize,
      Optional<Submission> previous,
      PrintWriter out) {
    List<TrialSpec> todo =
        previous.isEmpty()
            ? grid
            : grid.stream()
                .filter(
                    t -> new ResultFolder(paths.output(), r.name()).validResult(t.id()).isEmpty())
                .toList();
    int round = previous.map(p -> p.rounds().size()).orElse(0);
    List<List<TrialSpec>> tasks = Chunks.of(todo, r.split());
    out.print(SbatchScript.text(r.name(), options, Programs.describe(paths), paths));
    out.println();
    out.printf(
        Locale.ROOT,
        "# %d trial(s) in %d array task(s); MaxArraySize %d: %d sbatch call(s)%n",
        todo.size(),
        tasks.size(),
        maxArraySize,
        Chunks.shards(tasks.size(), maxArraySize).size());
    for (Chunks.Shard shard : Chunks.shards(tasks.size(), maxArraySize)) {
      out.println(
          String.join(
              " ", SbatchScript.arrayCommand(paths.script(), shard, options.throttle(), round)));
    }
    out.println("# dry run: nothing written, nothing submitted");
    out.flush();
    return 0;
  }

  private void checkAgainstPrevious(
      Request r, JobPaths paths, Optional<Submission> previous, String gridHash) {
    if (r.resubmit().isEmpty()) {
      if (previous.isPresent() && !r.dryRun()) {
        Submission p = previous.get();
        if (!p.gridHash().equals(gridHash)) {
          throw bad(
              r.name()
                  + " was submitted before with another grid ("
                  + p.gridTrials()
                  + " trials, from "
                  + p.parametersFile()
                  + "): submit under another name");
        }
        throw bad(
            r.name()
                + " is submitted already (array job(s) "
                + String.join(", ", p.jobIds())
                + "): see ./hepscan --status "
                + r.name()
                + "; to submit the trials without a result: --resubmit "
                + paths.outputArgument());
      }
      return;
    }
    if (previous.isEmpty()) {
      throw bad(
          "--resubmit: nothing was submitted under "
              + r.name()
              + " (no "
              + r.workDir().relativize(paths.submission())
              + "): submit it first without --resubmit");
    }
    Path given = r.resubmit().get().toAbsolutePath().normalize();
    if (!given.equals(paths.output().toAbsolutePath().normalize())) {
      throw bad(
          "--resubmit "
              + r.resubmit().get()
              + ": the results of "
              + r.name()
              + " are in "
              + paths.outputArgument()
              + "; resubmitted trials go there too");
    }
  }

  private void checkPartitionAndQos(SbatchOptions options) throws IOException {
    if (options.partition().isPresent()) {
      Optional<Set<String>> known = slurm.partitions();
      String p = options.partition().get();
      if (known.isPresent() && known.get().stream().noneMatch(k -> k.equals(p))) {
        throw bad(
            "slurm.partition '"
                + p
                + "' is not a partition of this cluster; sinfo knows: "
                + known.get().stream().sorted().collect(Collectors.joining(", ")));
      }
    }
    if (options.qos().isPresent()) {
      Optional<Set<String>> known = slurm.qosNames();
      String q = options.qos().get();
      if (known.isPresent() && !known.get().contains(q)) {
        throw bad(
            "slurm.qos '"
                + q
                + "' is not a QOS of this cluster; sacctmgr knows: "
                + known.get().stream().sorted().collect(Collectors.joining(", ")));
      }
    }
  }

  /** The trials of tasks that are still pending or running. */
  private Set<String> queuedTrials(Submission p) throws IOException {
    Set<String> queued = new HashSet<>();
    Map<String, Submission.Round> roundOfJob = new java.util.HashMap<>();
    Map<String, Submission.ArrayJob> arrayOfJob = new java.util.HashMap<>();
    for (Submission.Round round : p.rounds()) {
      for (Submission.ArrayJob a : round.arrays()) {
        roundOfJob.put(a.jobId(), round);
        arrayOfJob.put(a.jobId(), a);
      }
    }
    for (SlurmCommands.QueueEntry e : slurm.queue(roundOfJob.keySet())) {
      if (!QueueStates.active(e.state()) || !e.taskId().matches("\\d+")) {
        continue;
      }
      int spec = arrayOfJob.get(e.arrayJobId()).offset() + Integer.parseInt(e.taskId());
      List<List<String>> tasks = roundOfJob.get(e.arrayJobId()).tasks();
      if (spec < tasks.size()) {
        queued.addAll(tasks.get(spec));
      }
    }
    return queued;
  }

  private static List<TrialSpec> withoutResult(
      List<TrialSpec> grid, JobPaths paths, ScanData data, ScanPlan plan, Set<String> queued) {
    ResultFolder folder = new ResultFolder(paths.output(), plan.name());
    return grid.stream()
        .filter(t -> !queued.contains(t.id()))
        .filter(
            t ->
                folder
                    .validResult(t.id())
                    .filter(row -> data.dataHash().equals(row.get("data_hash")))
                    .filter(row -> plan.settingsHash().equals(row.get("params_hash")))
                    .isEmpty())
        .toList();
  }

  private static void writeSpecs(
      Request r,
      JobPaths paths,
      ScanPlan plan,
      ScanData data,
      int round,
      List<List<TrialSpec>> tasks)
      throws IOException {
    Path dir = paths.roundDir(round);
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    deleteTree(tmp);
    deleteTree(dir); // a round dir without a submission record: an earlier attempt that failed
    Files.createDirectories(tmp);
    byte[] parameters = Files.readAllBytes(r.params().file());
    Files.write(tmp.resolve(paths.parametersSnapshot(round).getFileName()), parameters);
    String snapshot = r.workDir().relativize(paths.parametersSnapshot(round)).toString();
    String sha = Hashing.sha256Hex(parameters);
    List<java.util.concurrent.Callable<Void>> writes = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      List<JobSpec.Trial> trials =
          tasks.get(i).stream()
              .map(t -> new JobSpec.Trial(t.id(), t.repetition(), t.seed(), t.hyperparameters()))
              .toList();
      JobSpec spec =
          new JobSpec(
              r.name(),
              round,
              i,
              shown(r.workDir(), r.params().file()),
              snapshot,
              sha,
              plan.settingsHash(),
              data.dataHash(),
              r.device().name().toLowerCase(Locale.ROOT),
              trials);
      Path file = tmp.resolve(paths.spec(round, i).getFileName());
      String text = Json.write(spec);
      writes.add(
          () -> {
            Files.writeString(file, text);
            return null;
          });
    }
    // plain writes into a fresh folder that appears whole by one rename; in parallel, as creating
    // a file costs a file system round trip (10,000 specs: 4.3 s one by one, 0.8 s on 8 threads)
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (java.util.concurrent.Future<Void> f : pool.invokeAll(writes)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the job specs", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io
          ? io
          : new IOException("writing the job specs failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The sbatch command of the collect job: after every array job of the round, {@code --csv} over
   * the submission's output, in a JVM with 1 GB of heap and the launcher's JVM options (the same
   * garbage collector settings and JIT as every other hepscan command).
   */
  static List<String> collectCommand(
      JobPaths paths,
      SbatchOptions options,
      TaskProgram program,
      int round,
      List<Submission.ArrayJob> arrays) {
    List<String> c = new ArrayList<>(List.of("sbatch", "--parsable"));
    c.add("--job-name=hepscan-" + paths.name() + "-collect");
    // afterany: afterok would wait forever once one task failed
    c.add(
        "--dependency=afterany:"
            + arrays.stream().map(Submission.ArrayJob::jobId).collect(Collectors.joining(":")));
    c.add("--output=" + paths.logs().resolve("collect_%j.out"));
    options.partition().ifPresent(p -> c.add("--partition=" + p));
    options.qos().ifPresent(q -> c.add("--qos=" + q));
    c.add("--time=" + options.time());
    c.add("--mem=2G");
    c.add("--cpus-per-task=1");
    List<String> java = new ArrayList<>();
    java.add(SbatchScript.quote(program.java()));
    java.add("-Xmx1g");
    MemoryNeed.jvmOptions().forEach(o -> java.add(SbatchScript.quote(o)));
    program.jvmOptions().forEach(o -> java.add(SbatchScript.quote(o)));
    java.addAll(
        List.of(
            "-cp",
            SbatchScript.quote(program.classPath()),
            "hepscan.cli.Main",
            "-C",
            SbatchScript.quote(paths.workDir().toString()),
            "--csv",
            SbatchScript.quote(paths.output().toString()),
            "-p",
            SbatchScript.quote(paths.parametersSnapshot(round).toString())));
    c.add("--wrap=" + String.join(" ", java));
    return c;
  }

  /** A path as the user gives it from the project directory: relative inside it. */
  private static String shown(Path workDir, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(workDir) ? workDir.relativize(abs).toString() : abs.toString();
  }

  static String gridHash(List<TrialSpec> grid) {
    return Hashing.sha256Hex(
            grid.stream().map(TrialSpec::id).sorted().collect(Collectors.joining(",")))
        .substring(0, 16);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static WorkflowException bad(String message) {
    return new WorkflowException(true, message);
  }
}
