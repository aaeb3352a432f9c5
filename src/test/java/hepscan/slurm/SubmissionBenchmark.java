package hepscan.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.data.demo.DemoProject;
import hepscan.model.DeviceChoice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the submission figures of issue 9 on the local cluster: a 10,000-trial grid submitted with
 * --split 1 (hepscan's own time, and the sbatch calls apart), --status on it, and a task's start to
 * its first trained batch with the data from the cache. Run: {@code mvn -B -Pbench test
 * -Dtest=SubmissionBenchmark} (as root with the local cluster started with a real cluster's limits:
 * {@code SLURM_LOCAL_MAX_ARRAY_SIZE=1001 SLURM_LOCAL_MAX_JOB_COUNT=50000}; see bench/README.md).
 */
@Tag("bench")
class SubmissionBenchmark {
  @TempDir Path project;

  @Test
  void submitStatusAndTaskStart() throws Exception {
    Assumptions.assumeTrue(SlurmCommands.available(), "no sbatch on the PATH");
    String demo = DemoProject.create(project, 20_000);
    String lrs =
        IntStream.range(0, 100)
            .mapToObj(i -> String.format(Locale.ROOT, "%.6f", 0.0001 * (i + 1)))
            .collect(Collectors.joining(", "));
    String neurons =
        IntStream.range(0, 100)
            .mapToObj(i -> Integer.toString(8 + i))
            .collect(Collectors.joining(", "));
    Path big = project.resolve("parameters/big.yaml");
    Files.writeString(
        big,
        demo.replaceAll("(?m)^  lr: .*$", "  lr: [" + lrs + "]")
                .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [" + neurons + "]")
            // held: nothing of the 10,000 tasks runs; they are cancelled at the end
            + "slurm: {time: \"00:10:00\", mem: 2G, cpus: 1, additional_options: [--hold]}\n");
    Path one = project.resolve("parameters/one.yaml");
    Files.writeString(
        one,
        demo.replaceAll("(?m)^  lr: .*$", "  lr: [0.003]")
                .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [16]")
            + "slurm: {time: \"00:10:00\", mem: 2G, cpus: 1}\n");
    Parameters bigParams = ParametersLoader.load(big, project);
    Parameters oneParams = ParametersLoader.load(one, project);
    StringWriter log = new StringWriter();
    PrintWriter out = new PrintWriter(log);

    // the data once into the cache, as a first submission leaves it (not counted)
    new Submitter(new SlurmCommands()).submit(request("warm", oneParams, 1), out);
    waitUntilEnded("warm");

    // a task's start to its first trained batch, data from the cache
    new Submitter(new SlurmCommands()).submit(request("first", oneParams, 1), out);
    waitUntilEnded("first");
    String firstBatch = grep(project.resolve("slurm/first/logs"), "first batch trained");

    List<String> figures = new ArrayList<>();
    for (int split : List.of(1, 10)) {
      SlurmCommands slurm = new SlurmCommands();
      String name = "big" + split;
      long t0 = System.nanoTime();
      int code = new Submitter(slurm).submit(request(name, bigParams, split), out);
      double total = (System.nanoTime() - t0) / 1e9;
      assertEquals(0, code, log.toString());
      SlurmCommands.SbatchUse use = slurm.sbatchUse();
      int tasks = (10_000 + split - 1) / split;
      int max = slurm.maxArraySize().orElseThrow();
      assertEquals((tasks + max - 1) / max, use.calls(), "one sbatch call per array");

      long s0 = System.nanoTime();
      List<StatusReport.TrialState> states =
          new StatusReport(new SlurmCommands()).print(new JobPaths(project, name), null, out);
      double status = (System.nanoTime() - s0) / 1e9;
      assertEquals(10_000, states.size());
      // held: squeue lists every task as pending, and --status counts them all
      assertEquals(
          10_000, states.stream().filter(t -> t.state() == StatusReport.State.PENDING).count());
      figures.add(
          String.format(
              Locale.ROOT,
              "submit 10000 trials --split %d: %.2f s in all, %d sbatch call(s) (MaxArraySize %d)"
                  + " taking %.2f s, hepscan's own time %.2f s; --status %.2f s",
              split,
              total,
              use.calls(),
              max,
              use.seconds(),
              total - use.seconds(),
              status));
      cancel(project.resolve("slurm/" + name + "/submission.json"));
    }
    System.out.println("SubmissionBenchmark:");
    figures.forEach(f -> System.out.println("  " + f));
    System.out.println("  task start to first batch: " + firstBatch);
    assertTrue(firstBatch.contains("first batch trained"), firstBatch);
  }

  private Submitter.Request request(String name, Parameters p, int split) {
    return new Submitter.Request(
        name,
        p,
        project,
        split,
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        DeviceChoice.AUTO);
  }

  private void waitUntilEnded(String name) throws Exception {
    StatusReport report = new StatusReport(new SlurmCommands());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < end) {
      if (report.states(new JobPaths(project, name)).stream()
          .noneMatch(
              s ->
                  s.state() == StatusReport.State.PENDING
                      || s.state() == StatusReport.State.RUNNING)) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError(name + " did not end");
  }

  private static String grep(Path dir, String text) throws Exception {
    try (Stream<Path> logs = Files.list(dir)) {
      for (Path log : logs.toList()) {
        for (String line : Files.readAllLines(log)) {
          if (line.contains(text)) {
            return line;
          }
        }
      }
    }
    return "(no line with '" + text + "')";
  }

  private static void cancel(Path submission) throws Exception {
    List<String> command = new ArrayList<>(List.of("scancel"));
    command.addAll(Json.read(submission, Submission.class).jobIds());
    new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(120, TimeUnit.SECONDS);
  }
}
