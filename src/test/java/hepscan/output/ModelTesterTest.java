package hepscan.output;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.workflow.WorkflowException;
import org.junit.jupiter.api.Test;

class ModelTesterTest {
  private static final long MB = 1 << 20;

  /**
   * The 9.7M-event demo scores 7,289,801 training and test events: it ran in a heap of 512 MB and
   * ran out of memory in the summary with 256 MB; the check lets the first through and stops the
   * second before any event is scored, saying what to give.
   */
  @Test
  void summaryMemoryIsCheckedBeforeScoring() {
    long events = 4_857_432L + 2_432_369L;
    assertDoesNotThrow(() -> ModelTester.checkSummaryMemory(events, 2, 512 * MB));
    WorkflowException e =
        assertThrows(
            WorkflowException.class, () -> ModelTester.checkSummaryMemory(events, 2, 256 * MB));
    assertFalse(e.badInput());
    long need =
        (ModelTester.SUMMARY_BASE_BYTES + events * ModelTester.SUMMARY_BYTES_PER_EVENT) >> 20;
    assertTrue(
        e.getMessage()
            .startsWith(
                "the summary of 7,289,801 training and test events needs about "
                    + String.format(java.util.Locale.ROOT, "%,d", need)
                    + " MB of Java heap, and this run has 256 MB: give more with"
                    + " HEPSCAN_JAVA_OPTS=-Xmx"),
        e.getMessage());
    // more classes keep more scores
    assertDoesNotThrow(() -> ModelTester.checkSummaryMemory(events, 2, 300 * MB));
    assertThrows(
        WorkflowException.class, () -> ModelTester.checkSummaryMemory(events, 5, 300 * MB));
  }
}
