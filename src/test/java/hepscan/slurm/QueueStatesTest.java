package hepscan.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueStatesTest {

  /** squeue's long state names (squeue(1), JOB STATE CODES): pending, running or finished. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "PENDING, true, false",
    "REQUEUED, true, false",
    "REQUEUE_HOLD, true, false",
    "RESV_DEL_HOLD, true, false",
    "RUNNING, false, true",
    "CONFIGURING, false, true",
    "COMPLETING, false, true",
    "SUSPENDED, false, true",
    "STAGE_OUT, false, true",
    "SIGNALING, false, true",
    "RESIZING, false, true",
    "COMPLETED, false, false",
    "FAILED, false, false",
    "CANCELLED, false, false",
    "TIMEOUT, false, false",
    "OUT_OF_MEMORY, false, false",
    "NODE_FAIL, false, false",
    "BOOT_FAIL, false, false",
    "DEADLINE, false, false",
    "PREEMPTED, false, false",
    "running, false, false" // squeue prints upper case; nothing else is a state
  })
  void classify(String state, boolean pending, boolean running) {
    assertEquals(pending, QueueStates.pending(state));
    assertEquals(running, QueueStates.running(state));
    assertEquals(pending || running, QueueStates.active(state));
  }
}
