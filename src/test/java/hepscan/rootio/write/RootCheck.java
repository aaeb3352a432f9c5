package hepscan.rootio.write;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code tools/rootcheck/rootcheck.mjs} (CERN's JSROOT in Node.js): the independent oracle for
 * "ROOT can read the files we write".
 */
public final class RootCheck {
  private static final Path SCRIPT =
      Path.of("tools", "rootcheck", "rootcheck.mjs").toAbsolutePath();
  private static final Path JSROOT =
      Path.of("tools", "rootcheck", "node_modules", "jsroot").toAbsolutePath();

  /** rootcheck's exit code, its JSON (null unless it exited 0) and its stderr. */
  public record Result(int exitCode, JsonNode json, String stderr) {}

  private RootCheck() {}

  /** Checked once per test run: node answers and JSROOT is installed. */
  private static final class Availability {
    static final boolean AVAILABLE = Files.isDirectory(JSROOT) && nodeRuns();
  }

  public static void assumeAvailable() {
    assumeTrue(
        Availability.AVAILABLE, "node/JSROOT not installed: run `npm ci` in tools/rootcheck");
  }

  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public static Result run(Path file) throws IOException, InterruptedException {
    Path err = Files.createTempFile("rootcheck", ".err");
    try {
      Process p =
          new ProcessBuilder("node", SCRIPT.toString(), file.toString(), "--first", "5")
              .redirectError(err.toFile())
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("rootcheck did not finish on " + file);
      }
      String stderr = Files.readString(err);
      JsonNode json =
          p.exitValue() == 0
              ? new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8))
              : null;
      return new Result(p.exitValue(), json, stderr);
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** The JSON of a file JSROOT must read; fails the test with rootcheck's message otherwise. */
  public static JsonNode read(Path file) throws IOException, InterruptedException {
    Result r = run(file);
    if (r.exitCode() != 0) {
      throw new AssertionError(
          "JSROOT cannot read " + file + " (exit " + r.exitCode() + "): " + r.stderr());
    }
    return r.json();
  }
}
