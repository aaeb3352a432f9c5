package hepscan.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SbatchScriptTest {

  /** The golden file, in the source tree (so that an update lands there, not in target/). */
  private static final Path GOLDEN = Path.of("src/test/resources/hepscan/slurm/demo.sbatch.golden");

  private static final String UPDATE = "hepscan.updateGolden";

  private static final Path BASH = Path.of("/bin/bash");

  private static SbatchOptions demoOptions() {
    return new SbatchOptions(
        Optional.of("gpu"),
        Optional.of("normal"),
        "04:00:00",
        "8G",
        4,
        1,
        20,
        List.of("--account=cms", "--constraint=v100"));
  }

  private static String demoText() {
    return SbatchScript.text(
        "demo",
        demoOptions(),
        new TaskProgram(
            "/opt/java/bin/java",
            "/p/slurm/demo/program/hepscan-abc.jar:/p/target/lib/*",
            List.of("-Dai.djl.offline=true")),
        new JobPaths(Path.of("/p"), "demo"));
  }

  /**
   * The script of fixed inputs, line by line as reviewed: the #SBATCH lines before any command,
   * {@code --signal=B:USR1@120} (a quarter of 4 h is above the 2 min cap), {@code --gres=gpu:1},
   * {@code -Xmx5734m} (70 % of 8192 MB = 5734.4, floored), the class path quoted for its {@code *}.
   *
   * <p>On an intended change: check the new text, then rewrite the golden file with {@code mvn -q
   * -B test -Dtest=SbatchScriptTest -Dhepscan.updateGolden=true} and review its diff.
   */
  @Test
  void golden() throws IOException {
    String actual = demoText();
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
      System.out.println("SbatchScriptTest: rewrote " + GOLDEN.toAbsolutePath());
    }
    assertTrue(
        Files.isRegularFile(GOLDEN),
        "no golden file "
            + GOLDEN.toAbsolutePath()
            + ": create it with -D"
            + UPDATE
            + "=true (working directory must be the project folder)");
    String expected = Files.readString(GOLDEN, StandardCharsets.UTF_8).replace("\r\n", "\n");
    if (!expected.equals(actual)) {
      fail(diffHint(expected, actual));
    }
  }

  /** The first differing line of the two texts, and how to regenerate the golden file. */
  private static String diffHint(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    int line = 0;
    while (line < e.size() && line < a.size() && e.get(line).equals(a.get(line))) {
      line++;
    }
    String golden = line < e.size() ? e.get(line) : "<end of file>";
    String now = line < a.size() ? a.get(line) : "<end of text>";
    if (line == e.size() && line == a.size()) { // same lines: a difference in the line ends
      golden = "(only the final newline or the line ends differ)";
      now = golden;
    }
    return "SbatchScript.text differs from "
        + GOLDEN
        + " first at line "
        + (line + 1)
        + ":\n  golden: "
        + golden
        + "\n  now:    "
        + now
        + "\n(golden "
        + e.size()
        + " lines, now "
        + a.size()
        + ")\nIf the change is intended, regenerate the golden file and review its diff:\n"
        + "  mvn -q -B test -Dtest=SbatchScriptTest -D"
        + UPDATE
        + "=true && git diff "
        + GOLDEN
        + "\n--- now ---\n"
        + actual;
  }

  @Test
  void directivesComeBeforeTheFirstCommand() {
    List<String> lines = demoText().lines().toList();
    assertEquals("#!/bin/bash", lines.get(0));
    int lastDirective = -1;
    int firstCommand = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("#SBATCH ")) {
        lastDirective = i;
      } else if (firstCommand < 0 && !l.isBlank() && !l.startsWith("#")) {
        firstCommand = i;
      }
    }
    // sbatch stops reading #SBATCH lines at the first command
    assertTrue(lastDirective < firstCommand, lastDirective + " >= " + firstCommand);
    assertEquals(
        12, lines.stream().filter(l -> l.startsWith("#SBATCH ")).count()); // 3 own + 9 options
  }

  private static Process start(List<String> command, Path dir, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  /** Runs a short command to its end; returns stdout, fails on a non-zero exit. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), command + " did not end");
    assertEquals(0, p.exitValue(), command + ": " + out);
    return out;
  }

  @Test
  void bashParsesTheScript(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(BASH), "no /bin/bash");
    Path script = dir.resolve("hepscan.sbatch");
    Files.writeString(script, demoText());
    run(List.of(BASH.toString(), "-n", script.toString())); // exit 0: no syntax error
  }

  @Test
  void arrayCommand() {
    // shard 4+2: array indices 0..1, spec offset 4
    assertEquals(
        List.of("sbatch", "--parsable", "--array=0-1%3", "/p/s.sbatch", "1", "4"),
        SbatchScript.arrayCommand(Path.of("/p/s.sbatch"), new Chunks.Shard(4, 2), 3, 1));
    // no throttle: no %
    assertEquals(
        List.of("sbatch", "--parsable", "--array=0-1000", "/p/s.sbatch", "0", "0"),
        SbatchScript.arrayCommand(Path.of("/p/s.sbatch"), new Chunks.Shard(0, 1001), 0, 0));
    // a single task
    assertEquals(
        List.of("sbatch", "--parsable", "--array=0-0%50", "/p/s.sbatch", "2", "9009"),
        SbatchScript.arrayCommand(Path.of("/p/s.sbatch"), new Chunks.Shard(9009, 1), 50, 2));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "java",
        "/opt/java/bin/java",
        "-Dai.djl.offline=true",
        "/p/lib/a.jar:/p/lib/b.jar",
        "a,b+c@d%e",
        "run-1_2"
      })
  void plainStringsAreNotQuoted(String s) {
    assertEquals(s, SbatchScript.quote(s));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "a b",
        "it's",
        "$HOME",
        "*",
        "",
        "'",
        "''",
        "a'b'c",
        "`date`",
        "$(date)",
        "x;y",
        "a\tb",
        "two\nlines",
        "!x",
        "~",
        "~/x",
        "{a,b}",
        "back\\slash",
        "\"quoted\"",
        "/p/target/lib/*",
        "a&b|c>d<e",
        "#not a comment",
        "x=y z"
      })
  void quotedStringsComeBackFromBash(String s) throws Exception {
    assumeTrue(Files.isExecutable(BASH), "no /bin/bash");
    String q = SbatchScript.quote(s);
    assertTrue(q.startsWith("'") && q.endsWith("'"), q);
    // what bash makes of the word is the original string
    assertEquals(s, run(List.of(BASH.toString(), "-c", "printf %s " + q)));
  }

  @Test
  void plainStringsComeBackFromBashToo() throws Exception {
    assumeTrue(Files.isExecutable(BASH), "no /bin/bash");
    for (String s : List.of("/opt/java/bin/java", "a,b+c@d%e:f=g", "-Dx=1")) {
      assertEquals(s, run(List.of(BASH.toString(), "-c", "printf %s " + SbatchScript.quote(s))));
    }
  }

  // --- the script run by bash, with a stand-in for java (no SLURM, no training) ---

  /**
   * A stand-in for java that writes its arguments and environment, then exits 3 (mode exit) or
   * waits for the walltime warning, "checkpoints" for 0.3 s and exits 7 (mode warn).
   */
  private static Path fakeJava(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("my java")); // a path bash must get quoted
    Path fake = bin.resolve("java");
    Files.writeString(
        fake,
        """
        #!/bin/bash
        out=${0%/*}
        printf '%s\\n' "$@" >"$out/args"
        echo "OMP_NUM_THREADS=$OMP_NUM_THREADS" >"$out/env"
        if [ "$FAKE_MODE" = exit ]; then exit 3; fi
        trap 'kill $sleeper; sleep 0.3; exit 7' USR1
        touch "$out/ready"
        sleep 60 &
        sleeper=$!
        wait $sleeper
        exit 99
        """);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    return fake;
  }

  private record Run(Path workDir, Path bin, Process process) {}

  private static Run startScript(Path dir, String mode) throws IOException {
    Path fake = fakeJava(dir);
    Path workDir = Files.createDirectories(dir.resolve("it's work")); // quoted with a '
    JobPaths paths = new JobPaths(workDir, "demo");
    String text =
        SbatchScript.text(
            "demo",
            new SbatchOptions(
                Optional.empty(), Optional.empty(), "10", "4G", 2, 0, 0, List.of("--x=a b")),
            new TaskProgram(fake.toString(), "/p/lib/*", List.of("-Dhello=a b")),
            paths);
    Path script = dir.resolve("hepscan.sbatch");
    Files.writeString(script, text);
    Process p =
        start(
            List.of(BASH.toString(), script.toString(), "1", "4"),
            dir,
            Map.of(
                "SLURM_ARRAY_JOB_ID", "777",
                "SLURM_ARRAY_TASK_ID", "2",
                "SLURM_JOB_ID", "779",
                "SLURM_CPUS_PER_TASK", "3",
                "FAKE_MODE", mode));
    return new Run(workDir, fake.getParent(), p);
  }

  private static int finish(Process p) throws Exception {
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the script did not end");
    }
    return p.exitValue();
  }

  private static String exitRecord(Path workDir) throws IOException {
    Path record = workDir.resolve("slurm/demo/tasks/777_2.exit");
    assertTrue(Files.isRegularFile(record), "no exit record " + record);
    assertTrue(Files.notExists(workDir.resolve("slurm/demo/tasks/777_2.exit.tmp")));
    // the clock's fields vary: checked by pattern
    return Files.readString(record)
        .replaceFirst(" start=\\d{10,} ", " start=T ")
        .replaceFirst(" seconds=\\d+ ", " seconds=S ");
  }

  @Test
  void runsTheProgramAndRecordsItsExit(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(BASH), "no /bin/bash");
    Run r = startScript(dir, "exit");
    assertEquals(3, finish(r.process()), "the script exits with the program's code");
    // spec index = offset 4 + array task 2
    assertEquals("exit=3 signal=none start=T seconds=S round=1 index=6\n", exitRecord(r.workDir()));
    List<String> args = Files.readAllLines(r.bin().resolve("args"));
    List<String> expected = new ArrayList<>();
    // no SLURM_MEM_* here: the submitted 4096 MB; 32 + (4096 - 592) x 33 / 100 = 32 + 1156
    assertEquals(1188, hepscan.data.MemoryNeed.heapMegabytes(4096));
    expected.add("-Xmx1188m");
    expected.addAll(hepscan.data.MemoryNeed.jvmOptions()); // the launcher's too (LauncherTest)
    expected.add("-Dhepscan.memoryMegabytes=4096");
    expected.add("-XX:ActiveProcessorCount=3"); // SLURM_CPUS_PER_TASK, not the 2 of the options
    expected.add("-Dai.djl.pytorch.num_threads=3");
    expected.add("-Dai.djl.pytorch.num_interop_threads=1");
    expected.add("-Dhello=a b");
    expected.add("-cp");
    expected.add("/p/lib/*"); // not expanded by bash: java reads the wildcard
    expected.addAll(List.of("hepscan.cli.Main", "-C", r.workDir().toString()));
    expected.addAll(List.of("--worker", "demo", "--round", "1", "--index", "6"));
    assertEquals(expected, args);
    assertEquals(List.of("OMP_NUM_THREADS=3"), Files.readAllLines(r.bin().resolve("env")));
  }

  @Test
  void passesTheWalltimeWarningOnAndWaitsForTheProgram(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(BASH), "no /bin/bash");
    Path proc = Path.of("/proc/self/status");
    assumeTrue(Files.isReadable(proc), "no /proc: cannot tell when bash traps USR1");
    Run r = startScript(dir, "warn");
    long pid = r.process().pid();
    // USR1 only once the stand-in listens and bash has installed its trap (SigCgt bit 9 = USR1)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!(Files.exists(r.bin().resolve("ready")) && catchesUsr1(pid))) {
      if (System.nanoTime() > deadline || !r.process().isAlive()) {
        r.process().destroyForcibly();
        fail("the script never got ready to take USR1");
      }
      Thread.sleep(10);
    }
    run(List.of("kill", "-USR1", Long.toString(pid)));
    // the program's own exit code, not wait's 128+10 of the interrupted wait
    assertEquals(7, finish(r.process()));
    assertEquals("exit=7 signal=USR1 start=T seconds=S round=1 index=6\n", exitRecord(r.workDir()));
  }

  private static boolean catchesUsr1(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigCgt:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigCgt:".length()).strip(), 16);
        return (mask & (1L << (10 - 1))) != 0; // SIGUSR1 is 10 on Linux
      }
    }
    return false;
  }
}
