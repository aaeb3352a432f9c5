package hepscan.slurm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * SLURM's command-line clients ({@code sbatch}, {@code squeue}, {@code scontrol}, {@code sinfo},
 * {@code sacctmgr}), with their output parsed by small pure functions. No {@code sacct}: many
 * clusters (and the test cluster) have no accounting database, so durable state is in files.
 */
public final class SlurmCommands {
  private static final long TIMEOUT_SECONDS = 60;

  private int sbatchCalls;
  private long sbatchNanos;

  /** sbatch calls made by this instance, and the time spent in them (for benchmarks). */
  public record SbatchUse(int calls, double seconds) {}

  public SbatchUse sbatchUse() {
    return new SbatchUse(sbatchCalls, sbatchNanos / 1e9);
  }

  /** The result of one command. */
  record Result(int exitCode, String out, String err) {}

  /** Whether {@code sbatch} is on the PATH. */
  public static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "sbatch"))) {
        return true;
      }
    }
    return false;
  }

  Result run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectInput(new File("/dev/null")).start();
    // both pipes drained while the command runs: squeue prints a line per array task, far more
    // than a pipe holds
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(
            String.join(" ", command) + " did not answer within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } catch (ExecutionException e) {
      throw new IOException("reading the output of " + command.get(0) + " failed", e.getCause());
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(e);
              }
            },
            "hepscan-slurm-output");
    t.setDaemon(true);
    t.start();
    return text;
  }

  /**
   * Submits; returns the job id.
   *
   * @throws IOException with sbatch's own message when it refuses
   */
  public String submit(List<String> command) throws IOException {
    long t0 = System.nanoTime();
    Result r;
    try {
      r = run(command);
    } catch (IOException e) {
      // sbatch retries silently while slurmctld refuses jobs for its job count limits
      throw new IOException(
          e.getMessage()
              + ": the controller may have reached its job limit (MaxJobCount, or your"
              + " MaxSubmitJobs; every array task counts): give a larger --split, or wait for"
              + " other jobs to end",
          e);
    }
    sbatchCalls++;
    sbatchNanos += System.nanoTime() - t0;
    if (r.exitCode() != 0) {
      throw new IOException(
          "sbatch refused the job (exit " + r.exitCode() + "): " + r.err().strip());
    }
    return parseJobId(r.out());
  }

  /** {@code sbatch --parsable} prints {@code JOBID} or {@code JOBID;CLUSTER}. */
  static String parseJobId(String out) throws IOException {
    String line = out.strip();
    int semicolon = line.indexOf(';');
    String id = semicolon < 0 ? line : line.substring(0, semicolon);
    if (!id.matches("\\d+")) {
      throw new IOException("sbatch --parsable printed '" + line + "', not a job id");
    }
    return id;
  }

  /** The cluster's MaxArraySize, from {@code scontrol show config}; empty when unknown. */
  public OptionalInt maxArraySize() throws IOException {
    Result r = run(List.of("scontrol", "show", "config"));
    return r.exitCode() == 0 ? parseMaxArraySize(r.out()) : OptionalInt.empty();
  }

  static OptionalInt parseMaxArraySize(String config) {
    for (String line : config.split("\n")) {
      String[] kv = line.split("=", 2);
      if (kv.length == 2 && kv[0].strip().equals("MaxArraySize")) {
        try {
          return OptionalInt.of(Integer.parseInt(kv[1].strip()));
        } catch (NumberFormatException e) {
          return OptionalInt.empty();
        }
      }
    }
    return OptionalInt.empty();
  }

  /** The partitions {@code sinfo} knows; empty when sinfo fails. */
  public Optional<Set<String>> partitions() throws IOException {
    Result r = run(List.of("sinfo", "-h", "-o", "%R"));
    return r.exitCode() == 0 ? Optional.of(lines(r.out())) : Optional.empty();
  }

  /** The QOS names, where an accounting database answers; empty otherwise. */
  public Optional<Set<String>> qosNames() throws IOException {
    try {
      Result r = run(List.of("sacctmgr", "-n", "-P", "show", "qos", "format=name"));
      return r.exitCode() == 0 ? Optional.of(lines(r.out())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // no sacctmgr on this machine
    }
  }

  private static Set<String> lines(String out) {
    Set<String> s = new HashSet<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        s.add(line.strip());
      }
    }
    return s;
  }

  /** One array task as squeue sees it. */
  public record QueueEntry(String arrayJobId, String taskId, String state, String reason) {}

  /**
   * The tasks of {@code arrayJobIds} that squeue still knows: pending and running ones, and
   * finished ones for MinJobAge seconds. Jobs it forgot are simply absent.
   */
  public List<QueueEntry> queue(Collection<String> arrayJobIds) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("squeue", "-h", "-r", "--states=all", "-o", "%F|%K|%T|%r"));
    String user = System.getProperty("user.name");
    if (user != null) {
      command.add("-u");
      command.add(user);
    }
    Result r = run(command);
    if (r.exitCode() != 0) {
      throw new IOException("squeue failed (exit " + r.exitCode() + "): " + r.err().strip());
    }
    Set<String> wanted = new HashSet<>(arrayJobIds);
    return parseQueue(r.out()).stream().filter(e -> wanted.contains(e.arrayJobId())).toList();
  }

  /**
   * The states that the accounting database keeps for the tasks of {@code arrayJobIds}, keyed
   * {@code JOB_TASK}: what is left of tasks squeue has forgotten (after MinJobAge). Empty where the
   * cluster has no accounting ({@code sacct} missing or refusing).
   */
  public Map<String, String> accountedStates(Collection<String> arrayJobIds) {
    if (arrayJobIds.isEmpty()) {
      return Map.of();
    }
    try {
      Result r =
          run(
              List.of(
                  "sacct",
                  "-n",
                  "-P",
                  "-X",
                  "-j",
                  String.join(",", arrayJobIds),
                  "-o",
                  "JobID,State"));
      return r.exitCode() == 0 ? parseAccounting(r.out()) : Map.of();
    } catch (IOException e) {
      return Map.of(); // no sacct on this machine
    }
  }

  /**
   * Parses {@code sacct -n -P -X -o JobID,State}: {@code 123_4|CANCELLED by 0} gives {@code 123_4
   * -> CANCELLED}; lines of whole arrays ({@code 123_[5-9]}) and of plain jobs are skipped.
   */
  static Map<String, String> parseAccounting(String out) {
    Map<String, String> states = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length >= 2 && f[0].matches("\\d+_\\d+") && !f[1].isBlank()) {
        states.put(f[0], f[1].strip().split("\\s+")[0]);
      }
    }
    return states;
  }

  /** Parses {@code squeue -h -r -o '%F|%K|%T|%r'}. */
  static List<QueueEntry> parseQueue(String out) {
    List<QueueEntry> entries = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length == 4 && f[0].matches("\\d+")) {
        entries.add(new QueueEntry(f[0], f[1], f[2], f[3]));
      }
    }
    return entries;
  }
}
