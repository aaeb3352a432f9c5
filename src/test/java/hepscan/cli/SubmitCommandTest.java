package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hepscan.data.demo.DemoProject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --submit's checks and --dry-run, which need no cluster: every bad input gets one line and exit
 * code 2 before anything is written or submitted.
 */
class SubmitCommandTest {
  private static final Path GOLDEN = Path.of("src/test/resources/hepscan/cli/dry-run.golden");

  @TempDir static Path project;

  @BeforeAll
  static void smallProject() throws Exception {
    String demo = DemoProject.create(project, 1_000);
    Files.writeString(
        project.resolve("parameters/grid6.yaml"),
        demo.replaceAll("(?m)^  lr: .*$", "  lr: [0.003, 0.01, 0.03]")
                .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [8, 16]")
            + "slurm: {time: \"02:00:00\", mem: 8G, cpus: 2, gpus: 1, array_throttle: 10,"
            + " additional_options: [--account=hh]}\n");
  }

  private static CliRunner submit(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--submit",
                "g",
                "-C",
                project.toString(),
                "-p",
                project.resolve("parameters/grid6.yaml").toString()));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void dryRunPrintsTheScriptAndTheCommandsAndWritesNothing() throws Exception {
    CliRunner dry = submit("--split", "4", "--dry-run");
    assertEquals(0, dry.exitCode(), dry.err());
    assertFalse(Files.exists(project.resolve("split")), "a dry run wrote split/");
    assertFalse(Files.exists(project.resolve("slurm")), "a dry run wrote slurm/");
    // the parts that depend on the machine (project folder, Java, class path, the cluster's
    // MaxArraySize) are replaced; the rest must equal the reviewed golden text
    String normalized =
        dry.out()
            .replace(project.toString(), "/PROJECT")
            .replaceAll("(?m)^\\S*/bin/java \\\\$", "JAVA \\\\")
            .replaceAll("(?m)^  -cp .* \\\\$", "  -cp CLASSPATH \\\\")
            .replaceAll("MaxArraySize \\d+", "MaxArraySize N");
    if (Boolean.getBoolean("hepscan.updateGolden")) {
      Files.writeString(GOLDEN, normalized, StandardCharsets.UTF_8);
    }
    String expected = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    if (!expected.equals(normalized)) {
      fail(
          "the --dry-run output differs from "
              + GOLDEN
              + " (if intended, review and rewrite it with -Dhepscan.updateGolden=true):\n"
              + normalized);
    }
  }

  @Test
  void badSplitsAreUsageErrors() {
    CliRunner zero = submit("--split", "0");
    assertEquals(2, zero.exitCode());
    assertEquals(
        "hepscan: --split 0: each array task trains at least one trial; give N >= 1\n", zero.err());
    CliRunner none = submit();
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("--submit needs --split N"), none.err());
    assertFalse(Files.exists(project.resolve("split")));
  }

  @Test
  void badResourcesAreUsageErrors() {
    CliRunner time = submit("--split", "1", "--dry-run", "--time", "soon");
    assertEquals(2, time.exitCode());
    assertTrue(time.err().contains("time 'soon' is not a SLURM time"), time.err());
    CliRunner mem = submit("--split", "1", "--dry-run", "--mem", "lots");
    assertEquals(2, mem.exitCode());
    assertTrue(mem.err().contains("mem 'lots' is not a SLURM memory size"), mem.err());
  }

  /**
   * Tasks whose mem cannot hold the data are refused at submission. The demo's 3,000 events make
   * arrays of a fraction of a MB, but the JVM and libtorch need 32 + 560 MB: 300M is too little.
   */
  @Test
  void aTaskMemoryTooSmallForTheDataIsRefusedAtSubmission() {
    CliRunner small = submit("--split", "1", "--dry-run", "--mem", "300M");
    assertEquals(2, small.exitCode(), small.out() + small.err());
    assertTrue(
        small.err().contains("each array task's memory (slurm.mem or --mem, 300M) is too small")
            && small.err().contains("mem of at least"),
        small.err());
    assertEquals(1, small.err().strip().lines().count(), small.err());
    CliRunner enough = submit("--split", "1", "--dry-run", "--mem", "2G");
    assertEquals(0, enough.exitCode(), enough.out() + enough.err());
  }

  /** A machine without SLURM: one line that says how to train locally instead. */
  @Test
  void noSbatchOnThePath() throws Exception {
    Path emptyBin = Files.createDirectories(project.resolve("empty-bin"));
    ProcessBuilder pb =
        hepscan.TestFiles.hepscanProcess(
            java.util.List.of(),
            "--submit",
            "g",
            "--split",
            "1",
            "-C",
            project.toString(),
            "-p",
            project.resolve("parameters/grid6.yaml").toString());
    pb.environment().put("PATH", emptyBin.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), out);
    assertTrue(
        out.startsWith("hepscan: no sbatch on the PATH")
            && out.contains("./hepscan --scan g -p ")
            && out.lines().count() == 1,
        out);
    assertFalse(Files.exists(project.resolve("split")));
    assertTrue(File.pathSeparator.length() == 1);
  }
}
