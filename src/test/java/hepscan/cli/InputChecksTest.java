package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.demo.DemoProject;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is said in one line with exit code 2 (or 1 for the machine), before any work. */
class InputChecksTest {
  @TempDir static Path project;
  @TempDir static Path elsewhere;

  @BeforeAll
  static void demo() throws Exception {
    String demo = DemoProject.create(project, 200);
    Files.writeString(project.resolve("parameters/demo.yaml"), demo);
  }

  private static CliRunner scan(String name, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "--scan",
                name,
                "-C",
                project.toString(),
                "-p",
                project.resolve("parameters/demo.yaml").toString()));
    args.addAll(java.util.List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void namesThatCannotBeFileNamesAreRefusedWithTheRule() {
    for (String name : new String[] {"_x", "a".repeat(101), "a/b"}) {
      CliRunner r = scan(name);
      assertEquals(2, r.exitCode(), name);
      assertTrue(!r.out().contains("data:"), "work was done before the check: " + r.out());
      assertTrue(
          r.err().contains("must start with a letter or a digit")
              && r.err().contains("at most 100 characters"),
          r.err());
    }
  }

  @Test
  void aRelativeParametersFileIsLookedUpInTheCurrentDirectoryAndTheMessageSaysSo() {
    CliRunner r =
        CliRunner.run("--scan", "x", "-C", project.toString(), "-p", "parameters/nothere.yaml");
    assertEquals(2, r.exitCode());
    assertTrue(
        r.err().contains("a relative -p is taken from the current directory")
            && r.err().contains("not from -C " + project),
        r.err());
  }

  /** {@code n} learning rates that stay distinct once canonicalised (1e-5, 2e-5, ...). */
  private static String distinctLearningRates(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> String.format(java.util.Locale.ROOT, "%.5f", (i + 1) * 1e-5))
        .collect(Collectors.joining(", "));
  }

  @Test
  void aGridOfMoreThanAMillionTrialsIsAConfigurationErrorNamingItsSizes() throws Exception {
    String lrs = distinctLearningRates(1001);
    String neurons =
        IntStream.range(0, 1000)
            .mapToObj(i -> Integer.toString(i + 1))
            .collect(Collectors.joining(", "));
    Path big = project.resolve("parameters/big.yaml");
    Files.writeString(
        big,
        Files.readString(project.resolve("parameters/demo.yaml"))
            .replaceAll("(?m)^  lr: .*$", "  lr: [" + lrs + "]")
            .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [" + neurons + "]"));
    CliRunner r = CliRunner.run("--scan", "big", "-C", project.toString(), "-p", big.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(
        r.err().contains("the scan grid has 1001000 trials (")
            && r.err().contains("first_neuron 1000 x")
            && r.err().contains("lr 1001 x")
            && r.err().contains("more than 1000000"),
        r.err());
  }

  /**
   * A scan NAME of 1,001 trials, with {@code extra} appended to the demo's parameters, stopped by a
   * missing branch after the large-grid warning, before any training.
   */
  private CliRunner largeGrid(String name, String extra) throws Exception {
    Path large = project.resolve("parameters/" + name + ".yaml");
    Files.writeString(
        large,
        Files.readString(project.resolve("parameters/demo.yaml"))
                .replaceAll("(?m)^  lr: .*$", "  lr: [" + distinctLearningRates(1001) + "]")
                .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [8]")
                .replace("inputs:", "inputs:\n  - no_such_branch")
            + extra);
    CliRunner r = CliRunner.run("--scan", name, "-C", project.toString(), "-p", large.toString());
    assertEquals(2, r.exitCode(), r.err());
    return r;
  }

  /** A grid too large to scan locally in good time: a warning that points to --submit. */
  @Test
  void aLargeLocalGridIsWarnedAbout() throws Exception {
    CliRunner r = largeGrid("large", "");
    assertTrue(
        r.out().contains("warning: 1001 trials: a local scan trains them one after another"),
        r.out());
    assertTrue(r.out().contains("--submit large --split N"), r.out());
  }

  /** With pack: the warning says the trials train a pack at a time, still on this machine. */
  @Test
  void aLargePackedLocalGridIsWarnedAboutWithItsPacks() throws Exception {
    CliRunner r = largeGrid("large-packed", "\npack: 4\n");
    assertTrue(
        r.out()
            .contains(
                "warning: 1001 trials: a local scan trains them up to 4 at a time (pack: 4), on"
                    + " this machine only; on a cluster, --submit large-packed --split N"),
        r.out());
  }

  @Test
  void anUnwritableResultsFolderIsSaidBeforeTheData() throws Exception {
    Path p = elsewhere.resolve("p");
    Files.createDirectories(p.resolve("parameters"));
    Files.writeString(p.resolve("model"), "a file where the folder should be");
    hepscan.TestFiles.copyTree(project.resolve("samples"), p.resolve("samples"));
    String text = Files.readString(project.resolve("parameters/demo.yaml"));
    Files.writeString(p.resolve("parameters/demo.yaml"), text);
    CliRunner r =
        CliRunner.run(
            "--scan", "x", "-C", p.toString(), "-p", p.resolve("parameters/demo.yaml").toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("cannot create " + p.resolve("model/x")), r.err());
    assertTrue(!r.out().contains("data:"), "the data were read first: " + r.out());
  }

  @Test
  void inspectRefusesWhatIsNotARegularFile() throws Exception {
    Path fifo = elsewhere.resolve("pipe.root");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0);
    CliRunner r = CliRunner.run("--inspect", fifo.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("is not a regular file"), r.err());
    CliRunner none = CliRunner.run("--inspect", elsewhere.resolve("none.root").toString());
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("does not exist"), none.err());
  }

  /** A tree whose entry counts were made 2^60: one line naming what lacks entries, exit 1. */
  @Test
  void inspectOfATreeClaimingTwoToTheSixtyEntries() throws Exception {
    byte[] real =
        Files.readAllBytes(Path.of("src/test/resources/root/uproot-HZZ-uncompressed.root"));
    byte[] count = ByteBuffer.allocate(8).putLong(2421).array();
    byte[] huge = ByteBuffer.allocate(8).putLong(1L << 60).array();
    // the first 2421 in the file is the first branch's fEntries; then every one of them
    byte[] first = real.clone();
    int at = indexOf(first, count, 0);
    System.arraycopy(huge, 0, first, at, 8);
    byte[] all = real.clone();
    for (int i = indexOf(all, count, 0); i >= 0; i = indexOf(all, count, i + 8)) {
      System.arraycopy(huge, 0, all, i, 8);
    }
    for (byte[] damaged : List.of(first, all)) {
      Path f = Files.write(elsewhere.resolve("huge.root"), damaged);
      CliRunner r = CliRunner.run("--inspect", f.toString());
      assertEquals(1, r.exitCode(), r.out() + r.err()); // a damaged file, as any other
      assertTrue(r.err().startsWith("hepscan: cannot read " + f + ": tree 'events'"), r.err());
      assertTrue(r.err().contains("1152921504606846976"), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertFalse(r.err().contains("internal error"), r.err());
    }
  }

  private static int indexOf(byte[] in, byte[] what, int from) {
    outer:
    for (int i = from; i <= in.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (in[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** libtorch that cannot be unpacked: one line with DJL's cause and the folder, exit 1. */
  @Test
  void anEngineThatCannotStartIsSaidWithItsCauseAndFolder() throws Exception {
    Path blocked = Files.writeString(elsewhere.resolve("not-a-folder"), "x");
    Path cacheDir = blocked.resolve("djl");
    ProcessBuilder pb =
        hepscan.TestFiles.hepscanProcess(
            java.util.List.of(),
            "--scan",
            "x",
            "-C",
            project.toString(),
            "-p",
            project.resolve("parameters/demo.yaml").toString(),
            "--device",
            "cpu");
    pb.environment().put("ENGINE_CACHE_DIR", cacheDir.toString());
    pb.environment().put("DJL_CACHE_DIR", cacheDir.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), out);
    assertTrue(
        out.contains("hepscan: the PyTorch engine did not start: ")
            && out.contains("DJL unpacks libtorch into " + cacheDir)
            && !out.contains("internal error"),
        out);
  }

  /**
   * A heap too small for the data is refused before the data are read: one line with the figure and
   * the fixes, exit 2.
   */
  @Test
  void dataThatCannotFitAreRefusedUpFront() throws Exception {
    String out = runInSmallHeap(java.util.List.of("-Xmx32m"), 2);
    assertTrue(
        out.contains("the data do not fit: up to 600,000 events")
            && out.contains("this run's heap is 32 MB")
            && out.contains("HEPSCAN_JAVA_OPTS=-Xmx")
            && out.contains("a tighter cut, fewer inputs")
            && !out.contains("data: ")
            && !out.contains("\tat "),
        out);
  }

  /**
   * An OutOfMemoryError the check did not foresee (check off here): one line with the fix, exit 1.
   */
  @Test
  void outOfMemoryIsOneLineWithTheFix() throws Exception {
    String out = runInSmallHeap(java.util.List.of("-Xmx32m", "-Dhepscan.memoryCheck=off"), 1);
    assertTrue(
        java.util.regex.Pattern.compile(
                    "hepscan: out of memory: the Java heap of \\d+ MB is too small")
                .matcher(out)
                .find()
            && out.contains("HEPSCAN_JAVA_OPTS=-Xmx")
            && !out.contains("\tat "),
        out);
  }

  private String runInSmallHeap(java.util.List<String> jvmOptions, int exitCode) throws Exception {
    Path bigger = elsewhere.resolve("oom-" + exitCode);
    // 600,000 events of 14 float features alone are 34 MB: more than the 32 MB heap
    String demo = DemoProject.create(bigger, 200_000);
    Files.writeString(
        bigger.resolve("parameters/demo.yaml"), demo.replace("cache: true", "cache: false"));
    ProcessBuilder pb =
        hepscan.TestFiles.hepscanProcess(
            jvmOptions,
            "--scan",
            "x",
            "-C",
            bigger.toString(),
            "-p",
            bigger.resolve("parameters/demo.yaml").toString(),
            "--device",
            "cpu");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS));
    assertEquals(exitCode, p.exitValue(), out);
    return out;
  }
}
