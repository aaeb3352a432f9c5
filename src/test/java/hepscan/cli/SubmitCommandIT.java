package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.config.ParametersLoader;
import hepscan.data.demo.DemoProject;
import hepscan.model.DeviceChoice;
import hepscan.scan.ResultFolder;
import hepscan.scan.TrialSpec;
import hepscan.slurm.JobPaths;
import hepscan.slurm.SlurmCommands;
import hepscan.slurm.StatusReport;
import hepscan.workflow.ScanSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM path end to end on a real cluster (the project's one-node cluster, started by
 * ./run-tests): submissions with --split 1 and 4, MaxArraySize sharding, fake GPUs, concurrent
 * tasks, a task forced to fail and one cancelled mid-trial with their reasons in --status, the
 * resubmission of exactly the missing trials, and a trial checkpointed on the walltime warning that
 * ends with the numbers of an uninterrupted one.
 */
@Tag("slurm")
class SubmitCommandIT {
  private static final long WAIT_SECONDS = 300;

  @TempDir static Path project;

  @BeforeAll
  static void clusterAndProject() throws Exception {
    Assumptions.assumeTrue(
        clusterAnswers(),
        "no SLURM cluster answers (no sinfo, or no controller): run slurm/start-local-slurm.sh as"
            + " root (./run-tests does) to run these tests");
    String demo = DemoProject.create(project, 4_000);
    // 3 x 2 = 6 short trials; the tasks ask for one fake GPU each
    write(
        "grid6.yaml",
        demo.replaceAll("(?m)^  lr: .*$", "  lr: [0.003, 0.01, 0.03]")
                .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [8, 16]")
                .replaceAll("(?m)^  epochs: .*$", "  epochs: [2]")
                .replaceAll("(?m)^  batch_size: .*$", "  batch_size: [256]")
            + "slurm: {time: \"00:10:00\", mem: 2G, cpus: 1, gpus: 1, array_throttle: 4}\n");
    // trials of some seconds (many small batches), no early stopping, with dropout: long enough
    // to be cancelled or checkpointed mid-trial
    String slow =
        demo.replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [16]")
            .replaceAll("(?m)^  epochs: .*$", "  epochs: [12]")
            .replaceAll("(?m)^  batch_size: .*$", "  batch_size: [8]")
            .replaceAll("(?m)^  dropout: .*$", "  dropout: [0.1]")
            .replaceAll("(?m)^early_stopping: .*\\n", "")
            .replaceAll("(?m)^reduce_lr: .*\\n", "");
    write(
        "slow1.yaml",
        slow.replaceAll("(?m)^  lr: .*$", "  lr: [0.003]")
            + "slurm: {time: \"00:10:00\", mem: 2G, cpus: 1}\n");
    // held at submission, so that the test can damage one task's spec before it runs
    write(
        "slow3.yaml",
        slow.replaceAll("(?m)^  lr: .*$", "  lr: [0.001, 0.003, 0.01]")
            + "slurm: {time: \"00:10:00\", mem: 2G, cpus: 1, additional_options: [--hold]}\n");
  }

  /** A failed test leaves no task running in the folder JUnit deletes. */
  @AfterAll
  static void cancelWhatIsLeft() throws Exception {
    if (!Files.isDirectory(project.resolve("slurm"))) {
      return;
    }
    List<String> jobs = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(project.resolve("slurm"))) {
      for (Path d : dirs.toList()) {
        Path sub = d.resolve("submission.json");
        if (Files.isRegularFile(sub)) {
          json(sub).findValuesAsText("job_id").forEach(jobs::add);
        }
      }
    }
    if (jobs.isEmpty()) {
      return;
    }
    List<String> scancel = new ArrayList<>(List.of("scancel"));
    scancel.addAll(jobs);
    new ProcessBuilder(scancel).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      Process p =
          new ProcessBuilder("squeue", "-h", "-j", String.join(",", jobs), "-o", "%i")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      if (out.isBlank() || p.exitValue() != 0) {
        return;
      }
      Thread.sleep(500);
    }
  }

  @Test
  void everyTrialExactlyOnceWithSplitOneAndFour() throws Exception {
    CliRunner one = submit("s1", "grid6.yaml", "--split", "1");
    assertEquals(0, one.exitCode(), one.out() + one.err());
    CliRunner four = submit("s4", "grid6.yaml", "--split", "4", "--collect");
    assertEquals(0, four.exitCode(), four.out() + four.err());
    assertTrue(four.out().contains("6 trial(s) in 2 array task(s)"), four.out());

    // MaxArraySize: 6 tasks of one trial need ceil(6 / max) arrays
    int max = new SlurmCommands().maxArraySize().orElseThrow();
    JsonNode s1 = json(project.resolve("slurm/s1/submission.json"));
    assertEquals((6 + max - 1) / max, s1.at("/rounds/0/arrays").size(), s1.toString());
    assertEquals(6, s1.at("/rounds/0/tasks").size());
    assertEquals(2, json(project.resolve("slurm/s4/submission.json")).at("/rounds/0/tasks").size());
    assertEquals(List.of(4, 2), taskSizes("s4"));

    waitUntilEnded("s1");
    waitUntilEnded("s4");
    // --collect: a job after the arrays ranks the results into model/s4.csv
    assertTrue(four.out().contains("; collect job "), four.out());
    waitFor(project.resolve("model/s4.csv"));
    assertEquals(6, ResultFolder.readRows(project.resolve("model/s4.csv")).size());
    Set<String> grid = gridIds("grid6.yaml", "s1");
    for (String name : List.of("s1", "s4")) {
      assertEquals(grid, resultIds(name), name);
      // trained once each: one "done:" line per trial over all logs of the submission
      assertEquals(6, countInLogs(name, " done: auc "), name);
      CliRunner status = CliRunner.run("--status", name, "-C", project.toString());
      assertEquals(0, status.exitCode(), status.err());
      assertTrue(
          status.out().contains("done 6  running 0  pending 0  failed 0  missing 0"), status.out());
      assertTrue(status.out().contains("next: ./hepscan --csv slurm/" + name + "/output/"));
      // the fake GPUs: each task had one, and the CPU build of libtorch trained on the CPU
      for (String id : grid) {
        JsonNode marker = json(project.resolve("slurm/" + name + "/trials/" + id + ".json"));
        assertEquals("done", marker.get("state").asText());
        assertEquals("cpu()", marker.get("device").asText());
        assertTrue(
            Set.of("0", "1").contains(marker.get("cuda_visible_devices").asText()),
            marker.toString());
      }
    }
    // the six one-trial tasks ran at the same time, each writing only its own files
    assertTrue(maxConcurrentTasks("s1") >= 2, "tasks never overlapped: " + taskRecords("s1"));
    assertEquals(6, taskRecords("s1").size());

    CliRunner csv =
        CliRunner.run(
            "--csv",
            project.resolve("slurm/s1/output").toString(),
            "-C",
            project.toString(),
            "-p",
            project.resolve("parameters/grid6.yaml").toString());
    assertEquals(0, csv.exitCode(), csv.err());
    assertEquals(6, ResultFolder.readRows(project.resolve("model/s1.csv")).size());

    // the same name again is refused, and so is the name with another grid
    CliRunner again = submit("s1", "grid6.yaml", "--split", "1");
    assertEquals(2, again.exitCode());
    assertTrue(again.err().contains("is submitted already"), again.err());
    CliRunner other = submit("s1", "slow1.yaml", "--split", "1");
    assertEquals(2, other.exitCode());
    assertTrue(other.err().contains("another grid"), other.err());
    CliRunner nothing =
        submit(
            "s1",
            "grid6.yaml",
            "--split",
            "1",
            "--resubmit",
            project.resolve("slurm/s1/output").toString());
    assertEquals(0, nothing.exitCode(), nothing.err());
    assertTrue(nothing.out().contains("nothing to submit"), nothing.out());
  }

  /**
   * A {@code --split 2} task with {@code pack: 2} trains its two trials as one pack; each result is
   * the one a task of that trial alone gives, within the packing tolerance (no dropout).
   */
  @Test
  void aSplitTaskPacksItsTrials() throws Exception {
    String grid =
        Files.readString(project.resolve("parameters/grid6.yaml"))
            .replaceAll("(?m)^  lr: .*$", "  lr: [0.001, 0.003]")
            .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [16]");
    assertTrue(grid.contains("  dropout: [0.0]"), "dropout off, for exact figures");
    write("packed.yaml", grid + "pack: 2\n");
    write("solo.yaml", grid + "pack: off\n");
    CliRunner packed = submit("pk", "packed.yaml", "--split", "2");
    assertEquals(0, packed.exitCode(), packed.out() + packed.err());
    CliRunner solo = submit("so", "solo.yaml", "--split", "1");
    assertEquals(0, solo.exitCode(), solo.out() + solo.err());
    assertEquals(List.of(2), taskSizes("pk"));
    waitUntilEnded("pk");
    waitUntilEnded("so");

    assertEquals(1, countInLogs("pk", "train as one pack of 2"), "the task packed its trials");
    assertEquals(0, countInLogs("so", "pack of"));
    Set<String> grid2 = gridIds("packed.yaml", "pk");
    assertEquals(2, grid2.size());
    assertEquals(grid2, resultIds("pk"));
    assertEquals(grid2, resultIds("so"));
    for (String id : grid2) {
      Map<String, String> p = row("pk", id);
      Map<String, String> a = row("so", id);
      assertEquals(a.get("round_epochs"), p.get("round_epochs"), id);
      for (String key : List.of("loss", "val_loss", "auc", "f1")) {
        assertEquals(
            Double.parseDouble(a.get(key)),
            Double.parseDouble(p.get(key)),
            hepscan.model.PackedTrainer.TOLERANCE,
            key + " of " + id + ": " + a + " vs " + p);
      }
      assertTrue(Files.isRegularFile(zip("pk", id)), id);
    }
  }

  @Test
  void anUnknownPartitionIsRefusedBeforeAnythingIsSubmitted() throws Exception {
    String text = Files.readString(project.resolve("parameters/grid6.yaml"));
    write("nopart.yaml", text.replace("slurm: {", "slurm: {partition: nosuch, "));
    CliRunner r = submit("np", "nopart.yaml", "--split", "2");
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(
        r.err()
            .contains("slurm.partition 'nosuch' is not a partition of this cluster; sinfo knows:"),
        r.err());
    assertFalse(Files.exists(project.resolve("split/np")));
    assertFalse(Files.exists(project.resolve("slurm/np")));
  }

  /**
   * The real walltime path, without scancel's help: a two-minute limit, SLURM's own USR1 warning
   * (30 s before the limit here, a quarter of it), the checkpoint after the current epoch, and the
   * task ending on its own before SLURM kills it. Slow: SLURM checks time limits about once a
   * minute.
   */
  @Test
  void theRealTimeLimitSendsTheWarningAndTheTrialIsCheckpointed() throws Exception {
    String slow = Files.readString(project.resolve("parameters/slow1.yaml"));
    write(
        "wall.yaml",
        slow.replaceAll("(?m)^  epochs: .*$", "  epochs: [1000]")
            .replace("time: \"00:10:00\"", "time: \"2\""));
    CliRunner r = submit("wall", "wall.yaml", "--split", "1");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(
        Files.readString(project.resolve("slurm/wall/hepscan.sbatch"))
            .contains(
                "#SBATCH --time=2\n#SBATCH --mem=2G\n#SBATCH --cpus-per-task=1\n"
                    + "#SBATCH --signal=B:USR1@30\n"));
    waitUntilEnded("wall");
    String trial = only(gridIds("wall.yaml", "wall"));
    JsonNode marker = json(project.resolve("slurm/wall/trials/" + trial + ".json"));
    assertEquals("checkpointed", marker.get("state").asText(), marker.toString());
    assertTrue(Files.isRegularFile(project.resolve("slurm/wall/checkpoints/" + trial + ".ckpt")));
    String record = only(new TreeSet<>(taskRecords("wall")));
    assertTrue(record.contains("signal=USR1"), record);
    long seconds = Long.parseLong(record.replaceAll(".*seconds=(\\d+).*", "$1"));
    assertTrue(seconds < 120, "the task was not ended before its limit: " + record);
    CliRunner status = CliRunner.run("--status", "wall", "-C", project.toString());
    assertTrue(status.out().contains("1 x walltime: checkpoint saved after epoch "), status.out());
  }

  @Test
  void failedAndCancelledTasksAreReportedAndExactlyTheMissingResubmitted() throws Exception {
    CliRunner held = submit("f", "slow3.yaml", "--split", "1");
    assertEquals(0, held.exitCode(), held.out() + held.err());
    String job =
        json(project.resolve("slurm/f/submission.json")).at("/rounds/0/arrays/0/job_id").asText();
    // task 2 is forced to fail: its spec names a trial that is not in the grid
    Path spec2 = project.resolve("split/f/round0/task2.json");
    JsonNode spec = json(spec2);
    String lost = spec.at("/trials/0/id").asText();
    Files.writeString(spec2, Files.readString(spec2).replace(lost, "000000000000"));
    run("scontrol", "release", job);

    // task 0 is cancelled mid-trial, after its first epoch checkpoint
    String first = json(project.resolve("split/f/round0/task0.json")).at("/trials/0/id").asText();
    waitFor(project.resolve("slurm/f/checkpoints/" + first + ".ckpt"));
    run("scancel", job + "_0");
    waitUntilEnded("f");

    CliRunner status = CliRunner.run("--status", "f", "-C", project.toString());
    assertEquals(0, status.exitCode(), status.err());
    String out = status.out();
    assertTrue(out.contains("done 1  running 0  pending 0  failed 2  missing 0"), out);
    assertTrue(out.contains("cancelled") && out.contains("(during the trial)"), out);
    assertTrue(
        out.contains("task failed: exit 1 (before the trial started)")
            && out.contains("000000000000 is not in the grid"),
        out);
    assertTrue(
        out.contains(
            "next: ./hepscan --submit f --split 1 -p parameters/slow3.yaml --resubmit"
                + " slurm/f/output/"),
        out);

    // the resubmission trains exactly the two trials without a result, into the same folder
    String done = only(resultIds("f"));
    FileTime doneTime = Files.getLastModifiedTime(zip("f", done));
    Files.writeString(
        project.resolve("parameters/slow3.yaml"),
        Files.readString(project.resolve("parameters/slow3.yaml"))
            .replace(", additional_options: [--hold]", ""));
    CliRunner resubmit =
        submit(
            "f",
            "slow3.yaml",
            "--split",
            "1",
            "--resubmit",
            project.resolve("slurm/f/output").toString());
    assertEquals(0, resubmit.exitCode(), resubmit.out() + resubmit.err());
    assertTrue(resubmit.out().contains("submitted 2 trial(s) in 2 array task(s)"), resubmit.out());
    assertEquals(Set.of(first, lost), roundTrials("f", 1));
    waitUntilEnded("f");
    assertEquals(gridIds("slow3.yaml", "f"), resultIds("f"));
    assertEquals(doneTime, Files.getLastModifiedTime(zip("f", done)), "a done trial was redone");
    // the cancelled trial continued from its last epoch checkpoint, not from the start
    assertTrue(countInLogs("f", "trial " + first + " continues after epoch") == 1);
    CliRunner end = CliRunner.run("--status", "f", "-C", project.toString());
    assertTrue(end.out().contains("done 3  running 0  pending 0  failed 0  missing 0"), end.out());
  }

  @Test
  void aTrialCheckpointedOnTheWalltimeWarningEndsAsAnUninterruptedOne() throws Exception {
    CliRunner ref = submit("wref", "slow1.yaml", "--split", "1");
    assertEquals(0, ref.exitCode(), ref.out() + ref.err());
    CliRunner cut = submit("wcut", "slow1.yaml", "--split", "1");
    assertEquals(0, cut.exitCode(), cut.out() + cut.err());
    String trial = only(gridIds("slow1.yaml", "wcut"));
    String job =
        json(project.resolve("slurm/wcut/submission.json"))
            .at("/rounds/0/arrays/0/job_id")
            .asText();
    waitFor(project.resolve("slurm/wcut/checkpoints/" + trial + ".ckpt"));
    // what SLURM sends before the time limit (--signal=B:USR1@...), on demand
    run("scancel", "--signal=USR1", "--batch", job);
    waitUntilEnded("wcut");
    assertEquals(Set.of(), resultIds("wcut"));
    JsonNode marker = json(project.resolve("slurm/wcut/trials/" + trial + ".json"));
    assertEquals("checkpointed", marker.get("state").asText());
    int epoch = marker.get("epoch").asInt();
    assertTrue(epoch >= 1 && epoch < 12, marker.toString());
    CliRunner status = CliRunner.run("--status", "wcut", "-C", project.toString());
    assertTrue(
        status.out().contains("1 x walltime: checkpoint saved after epoch " + epoch), status.out());
    assertTrue(status.out().contains("(add --time to give the tasks more time)"), status.out());

    CliRunner resubmit =
        submit(
            "wcut",
            "slow1.yaml",
            "--split",
            "1",
            "--resubmit",
            project.resolve("slurm/wcut/output").toString(),
            "--time",
            "20");
    assertEquals(0, resubmit.exitCode(), resubmit.out() + resubmit.err());
    assertTrue(
        Files.readString(project.resolve("slurm/wcut/hepscan.sbatch")).contains("--time=20\n"));
    waitUntilEnded("wcut");
    waitUntilEnded("wref");
    assertEquals(1, countInLogs("wcut", "trial " + trial + " continues after epoch " + epoch));
    Map<String, String> a = row("wref", trial);
    Map<String, String> b = row("wcut", trial);
    List<String> columns = new ArrayList<>(List.of("round_epochs", "best_epoch"));
    columns.addAll(hepscan.scan.TrialResult.QUALITY_COLUMNS);
    for (String column : columns) {
      assertEquals(a.get(column), b.get(column), column + ": " + a + " vs " + b);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static CliRunner submit(String name, String parameters, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--submit",
                name,
                "-C",
                project.toString(),
                "-p",
                project.resolve("parameters").resolve(parameters).toString()));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static void write(String name, String text) throws IOException {
    Files.writeString(project.resolve("parameters").resolve(name), text);
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  private static Set<String> gridIds(String parameters, String name) throws Exception {
    var params = ParametersLoader.load(project.resolve("parameters").resolve(parameters), project);
    return ScanSetup.plan(name, params, DeviceChoice.CPU).grid().trials().stream()
        .map(TrialSpec::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> resultIds(String name) throws IOException {
    ResultFolder folder = new ResultFolder(project.resolve("slurm/" + name + "/output"), name);
    Set<String> ids = new TreeSet<>();
    try (Stream<Path> files = Files.list(folder.dir())) {
      for (Path csv : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
        String id = ResultFolder.readRows(csv).get(0).get("trial_id");
        assertTrue(folder.validResult(id).isPresent(), "invalid result " + csv);
        ids.add(id);
      }
    }
    return ids;
  }

  private static Map<String, String> row(String name, String trial) throws IOException {
    return new ResultFolder(project.resolve("slurm/" + name + "/output"), name)
        .validResult(trial)
        .orElseThrow();
  }

  private static Path zip(String name, String trial) {
    return new ResultFolder(project.resolve("slurm/" + name + "/output"), name).zipPath(trial);
  }

  private static List<Integer> taskSizes(String name) throws IOException {
    List<Integer> sizes = new ArrayList<>();
    for (JsonNode t :
        json(project.resolve("slurm/" + name + "/submission.json")).at("/rounds/0/tasks")) {
      sizes.add(t.size());
    }
    return sizes;
  }

  private static Set<String> roundTrials(String name, int round) {
    Set<String> ids = new HashSet<>();
    try {
      for (JsonNode t :
          json(project.resolve("slurm/" + name + "/submission.json"))
              .at("/rounds/" + round + "/tasks")) {
        t.forEach(id -> ids.add(id.asText()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return ids;
  }

  private static long countInLogs(String name, String text) throws IOException {
    long n = 0;
    try (Stream<Path> logs = Files.list(project.resolve("slurm/" + name + "/logs"))) {
      for (Path log : logs.filter(f -> f.toString().endsWith(".out")).toList()) {
        n += Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
      }
    }
    return n;
  }

  private static List<String> taskRecords(String name) throws IOException {
    try (Stream<Path> records = Files.list(project.resolve("slurm/" + name + "/tasks"))) {
      List<String> lines = new ArrayList<>();
      for (Path r : records.filter(f -> f.toString().endsWith(".exit")).toList()) {
        lines.add(Files.readString(r).strip());
      }
      return lines;
    }
  }

  /** The most tasks whose [start, start + seconds] intervals overlap. */
  private static int maxConcurrentTasks(String name) throws IOException {
    List<long[]> events = new ArrayList<>();
    for (String line : taskRecords(name)) {
      Map<String, String> kv =
          Stream.of(line.split(" "))
              .map(f -> f.split("=", 2))
              .collect(Collectors.toMap(f -> f[0], f -> f[1]));
      long start = Long.parseLong(kv.get("start"));
      events.add(new long[] {start, 1});
      events.add(new long[] {start + Long.parseLong(kv.get("seconds")), -1});
    }
    events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    int now = 0;
    int max = 0;
    for (long[] e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  private static String only(Set<String> ids) {
    assertEquals(1, ids.size(), ids.toString());
    return ids.iterator().next();
  }

  private static void waitUntilEnded(String name) throws Exception {
    JobPaths paths = new JobPaths(project, name);
    StatusReport report = new StatusReport(new SlurmCommands());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < end) {
      boolean active =
          report.states(paths).stream()
              .anyMatch(
                  s ->
                      s.state() == StatusReport.State.PENDING
                          || s.state() == StatusReport.State.RUNNING);
      if (!active) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        name + " still has pending or running tasks after " + WAIT_SECONDS + " s");
  }

  private static void waitFor(Path file) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < end) {
      if (Files.isRegularFile(file)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(file + " did not appear within " + WAIT_SECONDS + " s");
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " hangs");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }

  private static boolean clusterAnswers() {
    if (!SlurmCommands.available()) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
