package hepscan.slurm;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code --status NAME}: the state of every trial of a submission, from the queue (while SLURM
 * remembers the tasks) and the files the tasks left (always): results, trial markers, task exit
 * records. Failures are grouped by reason, and the next command is printed.
 */
public final class StatusReport {
  private final SlurmCommands slurm;

  public StatusReport(SlurmCommands slurm) {
    this.slurm = slurm;
  }

  /** The state of a trial. */
  public enum State {
    DONE,
    RUNNING,
    PENDING,
    FAILED,
    MISSING
  }

  /** One trial's state and, when it failed, why. */
  public record TrialState(String trial, State state, String reason) {}

  /** Every trial of the submission, in submission order. */
  public List<TrialState> states(JobPaths paths) throws IOException {
    Submission sub = read(paths);
    // the latest assignment of each trial: (round, array job, array task)
    Map<String, String[]> assignment = new LinkedHashMap<>();
    for (Submission.Round round : sub.rounds()) {
      for (Submission.ArrayJob a : round.arrays()) {
        for (int i = 0; i < a.count(); i++) {
          int spec = a.offset() + i;
          if (spec >= round.tasks().size()) {
            continue;
          }
          for (String trial : round.tasks().get(spec)) {
            assignment.put(
                trial,
                new String[] {a.jobId(), Integer.toString(i), Integer.toString(round.round())});
          }
        }
      }
    }
    Map<String, String> queueState = new HashMap<>();
    if (SlurmCommands.available()) {
      for (SlurmCommands.QueueEntry e : slurm.queue(sub.jobIds())) {
        queueState.put(e.arrayJobId() + "_" + e.taskId(), e.state());
      }
    }
    Set<String> outputs = names(paths.output());
    if (SlurmCommands.available()
        && assignment.values().stream().anyMatch(a -> !queueState.containsKey(a[0] + "_" + a[1]))) {
      // tasks squeue forgot: the accounting database remembers them, where the cluster has one
      slurm.accountedStates(sub.jobIds()).forEach(queueState::putIfAbsent);
    }
    Map<String, TaskExit> exits = taskExits(paths.taskRecords());
    List<TrialState> states = new ArrayList<>();
    for (Map.Entry<String, String[]> a : assignment.entrySet()) {
      String trial = a.getKey();
      String task = a.getValue()[0] + "_" + a.getValue()[1];
      String prefix = paths.name() + "_" + trial;
      if (outputs.contains(prefix + ".csv") && outputs.contains(prefix + ".zip")) {
        states.add(new TrialState(trial, State.DONE, ""));
        continue;
      }
      String q = queueState.get(task);
      if (q != null && QueueStates.pending(q)) {
        states.add(new TrialState(trial, State.PENDING, ""));
        continue;
      }
      if (q != null && QueueStates.running(q)) {
        states.add(new TrialState(trial, State.RUNNING, ""));
        continue;
      }
      TrialMarker marker = marker(paths.trialMarker(trial));
      if (marker != null && marker.round() != Integer.parseInt(a.getValue()[2])) {
        marker = null; // an earlier round's word says nothing of this round's task
      }
      TaskExit exit = exits.get(task);
      TrialState state = failure(trial, marker, exit, q);
      if (state.reason().startsWith("task failed")) {
        String why = lastLine(paths.logs().resolve(task + ".err"));
        if (!why.isEmpty()) {
          state = new TrialState(trial, state.state(), state.reason() + ": " + why);
        }
      }
      states.add(state);
    }
    return states;
  }

  /** Why a trial that is neither done nor queued has no result. */
  static TrialState failure(String trial, TrialMarker marker, TaskExit exit, String queueState) {
    if (marker != null && TrialMarker.FAILED.equals(marker.state())) {
      return new TrialState(trial, State.FAILED, "exception: " + firstLine(marker.reason()));
    }
    if (marker != null && TrialMarker.CHECKPOINTED.equals(marker.state())) {
      return new TrialState(
          trial, State.FAILED, "walltime: checkpoint saved after epoch " + marker.epoch());
    }
    String taskWhy = exit == null ? null : exit.reason(queueState);
    if (marker != null
        && (TrialMarker.STARTED.equals(marker.state())
            || TrialMarker.INTERRUPTED.equals(marker.state()))) {
      String why =
          taskWhy != null ? taskWhy : queueState != null ? queueWhy(queueState) : "task ended";
      return new TrialState(trial, State.FAILED, why + " (during the trial)");
    }
    if (taskWhy != null) {
      return new TrialState(trial, State.FAILED, taskWhy + " (before the trial started)");
    }
    if (queueState != null) { // finished, still known to SLURM, but left no record
      return new TrialState(trial, State.FAILED, queueWhy(queueState) + " (no record of the task)");
    }
    return new TrialState(trial, State.MISSING, "");
  }

  /** A finished task's state, as a reason that --status groups and gives hints for. */
  private static String queueWhy(String q) {
    return switch (q) {
      case "TIMEOUT" -> "walltime: the task reached its time limit";
      case "OUT_OF_MEMORY" -> "out of memory: killed";
      default -> q.toLowerCase(Locale.ROOT);
    };
  }

  /** Prints the counts, the grouped failures and the next command; returns the states. */
  public List<TrialState> print(JobPaths paths, String parametersArg, PrintWriter out)
      throws IOException {
    Submission sub = read(paths);
    List<TrialState> states = states(paths);
    Map<State, Integer> counts = new EnumMap<>(State.class);
    for (State s : State.values()) {
      counts.put(s, 0);
    }
    Map<String, List<String>> reasons = new TreeMap<>();
    for (TrialState t : states) {
      counts.merge(t.state(), 1, Integer::sum);
      if (t.state() == State.FAILED) {
        reasons.computeIfAbsent(t.reason(), k -> new ArrayList<>()).add(t.trial());
      }
    }
    out.printf(
        Locale.ROOT,
        "%s: %d trial(s) submitted in %d round(s), array job(s) %s%n",
        sub.name(),
        states.size(),
        sub.rounds().size(),
        String.join(", ", sub.jobIds()));
    out.printf(
        Locale.ROOT,
        "  done %d  running %d  pending %d  failed %d  missing %d%n",
        counts.get(State.DONE),
        counts.get(State.RUNNING),
        counts.get(State.PENDING),
        counts.get(State.FAILED),
        counts.get(State.MISSING));
    if (!reasons.isEmpty()) {
      out.println("failures:");
      reasons.entrySet().stream()
          .sorted((a, b) -> b.getValue().size() - a.getValue().size())
          .forEach(
              e ->
                  out.printf(
                      Locale.ROOT,
                      "  %d x %s  [%s]%n",
                      e.getValue().size(),
                      e.getKey(),
                      String.join(" ", e.getValue().subList(0, Math.min(5, e.getValue().size())))
                          + (e.getValue().size() > 5 ? " ..." : "")));
    }
    if (counts.get(State.MISSING) > 0) {
      out.println(
          "missing: no result and no record: cancelled while pending, or lost with the job"
              + " records (SLURM forgets finished jobs after MinJobAge)");
    }
    int lastSplit = sub.rounds().get(sub.rounds().size() - 1).split();
    String p = " -p " + (parametersArg != null ? parametersArg : sub.parametersFile());
    if (counts.get(State.RUNNING) + counts.get(State.PENDING) > 0) {
      out.println("next: wait, then ./hepscan --status " + sub.name() + p);
    } else if (counts.get(State.FAILED) + counts.get(State.MISSING) > 0) {
      out.println(
          "next: ./hepscan --submit "
              + sub.name()
              + " --split "
              + lastSplit
              + p
              + " --resubmit "
              + paths.outputArgument()
              + (reasons.keySet().stream().anyMatch(r -> r.startsWith("walltime"))
                  ? "   (add --time to give the tasks more time)"
                  : "")
              + (reasons.keySet().stream().anyMatch(r -> r.startsWith("out of memory"))
                  ? "   (add --mem to give the tasks more memory)"
                  : ""));
    } else {
      out.println("next: ./hepscan --csv " + paths.outputArgument() + p);
    }
    out.flush();
    return states;
  }

  private static Submission read(JobPaths paths) throws IOException {
    if (!Files.isRegularFile(paths.submission())) {
      throw new hepscan.workflow.WorkflowException(
          true,
          "nothing was submitted under "
              + paths.name()
              + ": no "
              + paths.workDir().relativize(paths.submission()));
    }
    return Json.read(paths.submission(), Submission.class);
  }

  private static Set<String> names(Path dir) throws IOException {
    Set<String> names = new HashSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.forEach(f -> names.add(f.getFileName().toString()));
      }
    }
    return names;
  }

  private static TrialMarker marker(Path file) {
    try {
      return Files.isRegularFile(file) ? Json.read(file, TrialMarker.class) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A task's exit record, {@code tasks/JOB_TASK.exit}, written by the batch script. */
  record TaskExit(int exitCode, String signal, long start, long seconds) {

    static TaskExit parse(String line) {
      Map<String, String> kv = new HashMap<>();
      for (String field : line.strip().split("\\s+")) {
        String[] p = field.split("=", 2);
        if (p.length == 2) {
          kv.put(p[0], p[1]);
        }
      }
      return new TaskExit(
          Integer.parseInt(kv.getOrDefault("exit", "-1")),
          kv.getOrDefault("signal", "none"),
          Long.parseLong(kv.getOrDefault("start", "0")),
          Long.parseLong(kv.getOrDefault("seconds", "0")));
    }

    /** Why the task ended, or null when it ended normally. */
    String reason(String queueState) {
      if ("TIMEOUT".equals(queueState)) {
        return "walltime: the task reached its time limit";
      }
      if ("OUT_OF_MEMORY".equals(queueState) || exitCode == 137 && !"TERM".equals(signal)) {
        return "out of memory: killed (exit " + exitCode + ")";
      }
      if ("USR1".equals(signal)) {
        return "walltime: warning received, the task ended (exit " + exitCode + ")";
      }
      if ("TERM".equals(signal) || exitCode == 143) {
        return "cancelled: terminated by SIGTERM (scancel, walltime or node failure)";
      }
      if (exitCode != 0) {
        return "task failed: exit " + exitCode;
      }
      return null;
    }
  }

  private static Map<String, TaskExit> taskExits(Path dir) throws IOException {
    Map<String, TaskExit> exits = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return exits;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".exit")) {
          try {
            exits.put(
                name.substring(0, name.length() - ".exit".length()),
                TaskExit.parse(Files.readString(f)));
          } catch (IOException | NumberFormatException e) {
            // a record being written: the task counts as not ended
          }
        }
      }
    }
    return exits;
  }

  /** The last non-empty line of a task's error log (its last 4 kB), or "". */
  private static String lastLine(Path log) {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, f.length() - 4096);
      byte[] tail = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(tail);
      List<String> lines =
          new String(tail, java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank())
              .toList();
      return lines.isEmpty() ? "" : firstLine(lines.get(lines.size() - 1).strip());
    } catch (IOException e) {
      return "";
    }
  }

  private static String firstLine(String s) {
    String line = s == null ? "" : s.lines().findFirst().orElse("");
    return line.length() > 160 ? line.substring(0, 157) + "..." : line;
  }
}
