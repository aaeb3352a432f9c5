package hepscan.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.slurm.StatusReport.State;
import hepscan.slurm.StatusReport.TaskExit;
import hepscan.slurm.StatusReport.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Why a trial has no result: the pure part of --status. */
class StatusReportFailureTest {

  private static final String CANCELLED =
      "cancelled: terminated by SIGTERM (scancel, walltime or node failure)";

  private static TrialMarker marker(String state, String reason) {
    return new TrialMarker(
        "t1", state, reason, 3, "135", "2", 0, 2, "node7", "gpu(0)", "0", "2025-03-14T10:21:07Z");
  }

  /** An exit record; start and seconds play no part in the reasons. */
  private static TaskExit exit(int code, String signal) {
    return new TaskExit(code, signal, 1_741_947_667L, 60);
  }

  @Test
  void parseTheExitRecord() {
    TaskExit e = TaskExit.parse("exit=137 signal=none seconds=12 round=0 index=3\n");
    assertEquals(137, e.exitCode());
    assertEquals("none", e.signal());
    assertEquals(12, e.seconds());
    assertEquals(0, e.start()); // a record without start (an older script's)
    assertEquals(
        new TaskExit(143, "TERM", 1741947667, 7200),
        TaskExit.parse("exit=143 signal=TERM start=1741947667 seconds=7200 round=1 index=0"));
    // in any order; fields it lacks take their defaults
    assertEquals(new TaskExit(1, "none", 0, 3), TaskExit.parse("seconds=3 exit=1"));
    assertEquals(new TaskExit(-1, "none", 0, 0), TaskExit.parse(""));
  }

  /** The queue state (when SLURM still knows the task) first, then the record's signal and code. */
  @ParameterizedTest(name = "exit {0} signal {1} queue {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "0, none, TIMEOUT, walltime: the task reached its time limit",
        "143, TERM, TIMEOUT, walltime: the task reached its time limit",
        "0, none, OUT_OF_MEMORY, out of memory: killed (exit 0)",
        "137, none, null, out of memory: killed (exit 137)",
        "137, USR1, null, out of memory: killed (exit 137)",
        // SIGKILL after SIGTERM: scancel's, not the OOM killer's
        "137, TERM, null, '" + CANCELLED + "'",
        "0, TERM, null, '" + CANCELLED + "'",
        "143, none, null, '" + CANCELLED + "'",
        "143, none, COMPLETED, '" + CANCELLED + "'",
        "0, USR1, null, 'walltime: warning received, the task ended (exit 0)'",
        "1, none, null, task failed: exit 1",
        "1, none, FAILED, task failed: exit 1",
        "0, none, null, null",
        "0, none, COMPLETED, null"
      })
  void reason(int code, String signal, String queueState, String reason) {
    assertEquals(reason, exit(code, signal).reason(queueState));
  }

  @Test
  void startsWithWalltimeForTimeoutsAndOutOfMemoryForOom() {
    // print() hints at --time and --mem by these prefixes
    assertTrue(exit(0, "none").reason("TIMEOUT").startsWith("walltime"));
    assertTrue(exit(9, "USR1").reason(null).startsWith("walltime"));
    assertTrue(exit(0, "none").reason("OUT_OF_MEMORY").startsWith("out of memory"));
  }

  @Test
  void failedMarkerGivesTheExceptionsFirstLine() {
    TrialState s =
        StatusReport.failure(
            "t1",
            marker(TrialMarker.FAILED, "java.lang.IllegalStateException: NaN loss\n\tat x.y(Z)"),
            exit(0, "none"),
            null);
    assertEquals(
        new TrialState("t1", State.FAILED, "exception: java.lang.IllegalStateException: NaN loss"),
        s);
  }

  @Test
  void longExceptionLinesAreCut() {
    String line = "x".repeat(200);
    TrialState s = StatusReport.failure("t1", marker(TrialMarker.FAILED, line), null, "COMPLETED");
    // 157 characters and "...": 160 in all
    assertEquals("exception: " + "x".repeat(157) + "...", s.reason());
  }

  @Test
  void checkpointedMarkerIsAWalltimeStop() {
    TrialState s =
        StatusReport.failure(
            "t1",
            marker(TrialMarker.CHECKPOINTED, "walltime warning"),
            exit(0, "USR1"),
            "COMPLETED");
    // the epoch is the marker's (3)
    assertEquals(new TrialState("t1", State.FAILED, "walltime: checkpoint saved after epoch 3"), s);
  }

  @Test
  void startedMarkerAndTermIsCancelledDuringTheTrial() {
    TrialState s =
        StatusReport.failure("t1", marker(TrialMarker.STARTED, ""), exit(143, "TERM"), null);
    assertEquals(new TrialState("t1", State.FAILED, CANCELLED + " (during the trial)"), s);
  }

  @Test
  void interruptedMarkerIsTreatedLikeAStartedOne() {
    TrialState s =
        StatusReport.failure(
            "t1", marker(TrialMarker.INTERRUPTED, "SIGTERM"), exit(137, "none"), null);
    assertEquals(
        new TrialState("t1", State.FAILED, "out of memory: killed (exit 137) (during the trial)"),
        s);
  }

  @Test
  void startedMarkerWithoutExitRecordUsesTheQueueState() {
    assertEquals(
        new TrialState("t1", State.FAILED, "cancelled (during the trial)"),
        StatusReport.failure("t1", marker(TrialMarker.STARTED, ""), null, "CANCELLED"));
    assertEquals(
        new TrialState("t1", State.FAILED, "task ended (during the trial)"),
        StatusReport.failure("t1", marker(TrialMarker.STARTED, ""), null, null));
    // an exit record that says nothing went wrong: the queue state speaks
    assertEquals(
        new TrialState("t1", State.FAILED, "node_fail (during the trial)"),
        StatusReport.failure("t1", marker(TrialMarker.STARTED, ""), exit(0, "none"), "NODE_FAIL"));
  }

  @Test
  void noMarkerAndAFailedTaskIsBeforeTheTrialStarted() {
    TrialState s = StatusReport.failure("t1", null, exit(1, "none"), null);
    assertEquals(
        new TrialState("t1", State.FAILED, "task failed: exit 1 (before the trial started)"), s);
  }

  @Test
  void noRecordButAQueueState() {
    assertEquals(
        new TrialState("t1", State.FAILED, "failed (no record of the task)"),
        StatusReport.failure("t1", null, null, "FAILED"));
  }

  @Test
  void nothingKnownIsMissing() {
    assertEquals(
        new TrialState("t1", State.MISSING, ""), StatusReport.failure("t1", null, null, null));
    assertNull(exit(0, "none").reason(null));
    assertEquals(
        new TrialState("t1", State.MISSING, ""),
        StatusReport.failure("t1", null, exit(0, "none"), null));
  }
}
