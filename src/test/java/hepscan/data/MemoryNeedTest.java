package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memory pre-check's figures, computed by hand. */
class MemoryNeedTest {
  private static final long MB = 1 << 20;

  @Test
  void bytesPerEventAreTheArraysOfOneEvent() {
    // 14 features x 4 + label 4 + weight 4 + file 4 + entry 8 + event weight 8 + 2 others x 8
    assertEquals(56 + 4 + 4 + 4 + 8 + 8 + 16, MemoryNeed.bytesPerEvent(14, 2));
  }

  @Test
  void heapAndNativeFollowTheMeasuredFactors() {
    // 1,000,000 events x (20 x 4 + 4 + 4 + 4 + 8 + 8) = 108,000,000 bytes
    MemoryNeed need = MemoryNeed.estimate(1_000_000, 20, 0);
    assertEquals(108_000_000L, need.preparedBytes());
    // heap 2.5 x 108e6 + 32 MB, native 0.5 x 108e6 + 560 MB
    assertEquals(270_000_000L + 32 * MB, need.heapBytes());
    assertEquals(54_000_000L + 560 * MB, need.nativeBytes());
    assertEquals(324_000_000L + 592 * MB, need.totalBytes());
  }

  @Test
  void theHeapGetsItsShareOfTheMemory() {
    // 8 GB: 32 + (8192 - 592) x 83 / 100 = 32 + 6308 = 6340
    assertEquals(6340, MemoryNeed.heapMegabytes(8192));
    // below both bases: the minimum
    assertEquals(64, MemoryNeed.heapMegabytes(500));
  }

  @Test
  void dataThatFitAreNotRefused() {
    MemoryNeed need = MemoryNeed.estimate(1_000_000, 20, 0);
    assertEquals(Optional.empty(), need.refusal(need.heapBytes(), need.totalBytes()));
    assertEquals(Optional.empty(), need.refusal(need.heapBytes(), 0));
  }

  @Test
  void aHeapTooSmallIsRefusedWithTheFigureAndTheFixes() {
    MemoryNeed need = MemoryNeed.estimate(1_000_000, 20, 0);
    String message = need.refusal(need.heapBytes() - 1, 0).orElseThrow();
    // heap: 270e6 B = 257.49 MB, + 32 MB = 289.49 MB, rounded up: 290 MB
    long heapMb = (270_000_000L + 32 * MB + MB - 1) / MB;
    assertEquals(290, heapMb);
    assertTrue(message.contains("need a Java heap of " + heapMb + " MB"), message);
    assertTrue(message.contains("HEPSCAN_JAVA_OPTS=-Xmx" + heapMb + "m"), message);
    assertTrue(message.contains("a tighter cut, fewer inputs"), message);
    assertTrue(message.contains("up to 1,000,000 events"), message);
    // the SLURM mem whose heap share holds it: 32 + (903 - 592) x 83 / 100 = 32 + 258 = 290
    long mem = need.memoryMegabytesNeeded();
    assertEquals(903, mem);
    assertTrue(
        MemoryNeed.heapMegabytes(mem) >= heapMb && MemoryNeed.heapMegabytes(mem - 1) < heapMb);
    assertTrue(message.contains("mem of at least " + mem + "M"), message);
  }

  @Test
  void tooLittleMemoryIsRefusedEvenWhenTheHeapIsLarge() {
    MemoryNeed need = new MemoryNeed("the prepared data (x.bin)", 100 * MB);
    // heap 250 + 32 = 282 MB fits a 1 GB heap; in all 282 + 50 + 560 = 892 MB > 880 MB
    String message = need.refusal(1024 * MB, 880 * MB).orElseThrow();
    assertTrue(message.contains("892 MB in all"), message);
    assertTrue(message.contains("this run has 880 MB of memory"), message);
  }
}
