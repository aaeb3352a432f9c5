package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.TestFiles;
import hepscan.data.MemoryNeed;
import hepscan.data.demo.DemoProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a timed test: events/s of {@code --model M --test} (inference plus ROOT writing, issue 12) on
 * the demo at about 1M events, as users run it and warm. A one-trial, one-epoch demo scan makes the
 * model; then, alternated so that both see the same load: {@code --test} in a JVM of its own with
 * the launcher's options (what a user's command costs, the JIT's warm-up included), and {@code
 * --test} again in this JVM, whose JIT is the default one with C2 (its first run pays the warm-up
 * of the writing code; the later ones show the steady rate C2 reaches). Prints each run's breakdown
 * line.
 *
 * <p>Run: {@code mvn -B -o -Pbench test -Dtest=ModelTestBenchmark}, with {@code
 * -Dbench.perSample=333334} (events per demo sample, 3 samples), {@code -Dbench.runs=3} and {@code
 * -Dbench.keep=DIR} (keeps the project).
 */
@Tag("bench")
class ModelTestBenchmark {
  /** The end of {@code --test}'s breakdown line: the figure the target measures. */
  private static final Pattern WITHOUT_SUMMARY =
      Pattern.compile("without the summary ([0-9]+) events/s");

  @TempDir Path dir;

  @Test
  void testOutputsOfOneMillionEvents() throws Exception {
    int perSample = Integer.getInteger("bench.perSample", 333_334);
    int runs = Integer.getInteger("bench.runs", 3);
    String keep = System.getProperty("bench.keep");
    Path project = keep == null ? dir : Path.of(keep);
    Files.createDirectories(project);
    String parameters =
        DemoProject.create(project, perSample)
            .replace("lr: [0.001, 0.003]", "lr: [0.003]")
            .replace("first_neuron: [32, 64]", "first_neuron: [32]")
            .replace("epochs: [8]", "epochs: [1]");
    Files.writeString(project.resolve("parameters/demo.yaml"), parameters);
    String p = project.toString();
    CliRunner scan = CliRunner.run("-C", p, "--scan", "demo");
    assertEquals(0, scan.exitCode(), scan.err());
    Path zip;
    try (Stream<Path> s = Files.list(project.resolve("model/demo"))) {
      zip = s.filter(f -> f.toString().endsWith(".zip")).findFirst().orElseThrow();
    }
    CliRunner copy =
        CliRunner.run(
            "-C", p, "--zip", zip.toString(), project.resolve("model/demo_best.zip").toString());
    assertEquals(0, copy.exitCode(), copy.err());

    System.out.printf(
        Locale.ROOT,
        "ModelTestBenchmark: --model demo_best --test, %d events per demo sample, %d cores%n",
        perSample,
        Runtime.getRuntime().availableProcessors());
    String[] test = {"-C", p, "--model", "demo_best", "--test", "--force"};
    List<Long> fresh = new ArrayList<>();
    List<Long> inProcess = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      fresh.add(report("own JVM   ", run, freshJvm(test)));
      CliRunner again = CliRunner.run(test);
      assertEquals(0, again.exitCode(), again.err());
      inProcess.add(report("this JVM  ", run, again.out()));
    }
    System.out.printf(
        Locale.ROOT,
        "events/s without the summary: own JVM %s, this JVM %s (the first run here warms the"
            + " writing code)%n",
        fresh,
        inProcess);
  }

  /**
   * {@code --test} in a JVM of its own with the options the launcher gives ({@link
   * MemoryNeed#jvmOptions}, the JIT's included) and a 2 GB heap; returns its output.
   */
  private static String freshJvm(String[] args) throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(MemoryNeed.jvmOptions());
    options.add("-Xmx2g");
    options.add("-Djava.awt.headless=true");
    ProcessBuilder pb = TestFiles.hepscanProcess(options, args).redirectErrorStream(true);
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    return out;
  }

  /** Prints the run's breakdown line and returns its events/s without the summary. */
  private static long report(String where, int run, String output) {
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("test outputs:") && l.contains("events/s"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no breakdown line in:\n" + output));
    Matcher m = WITHOUT_SUMMARY.matcher(line);
    assertTrue(m.find(), line);
    System.out.printf(Locale.ROOT, "%s run %d: %s%n", where, run, line);
    return Long.parseLong(m.group(1));
  }
}
