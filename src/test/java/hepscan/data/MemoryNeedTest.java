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
    // to be prepared: heap 0.4 x 108e6 + 32 MB, native 0.8 x 108e6 + 560 MB
    assertEquals(43_200_000L + 32 * MB, need.heapBytes());
    assertEquals(86_400_000L + 560 * MB, need.nativeBytes());
    assertEquals(129_600_000L + 592 * MB, need.totalBytes());
    // read from a cache file of that size: heap 0.4 x, native 0.8 x
    MemoryNeed cached = MemoryNeed.cached("x.bin", 108_000_000L);
    assertEquals(43_200_000L + 32 * MB, cached.heapBytes());
    assertEquals(86_400_000L + 560 * MB, cached.nativeBytes());
  }

  @Test
  void theHeapGetsItsShareOfTheMemory() {
    // 8 GB: 32 + (8192 - 592) x 33 / 100 = 32 + 2508 = 2540 (33 % = 0.4 / (0.4 + 0.8), down)
    assertEquals(33, MemoryNeed.HEAP_SHARE_PERCENT);
    assertEquals(2540, MemoryNeed.heapMegabytes(8192));
    // below both bases: the minimum
    assertEquals(64, MemoryNeed.heapMegabytes(500));
  }

  @Test
  void eachPackMemberBeyondTheFirstAddsItsEpochOrderToTheHeap() {
    MemoryNeed need = MemoryNeed.cached("x.bin", 108_000_000L);
    assertEquals(need, need.packed(1, 0.6, 108));
    // 1,000,000 events of 108 bytes, 600,000 of them trained: 15 more orders of 600,000 ints
    MemoryNeed packed = need.packed(16, 0.6, 108);
    assertEquals(need.heapBytes() + 15 * 4 * 600_000L, packed.heapBytes(), 1.0);
    assertEquals(need.nativeBytes(), packed.nativeBytes());
    assertTrue(packed.what().endsWith("trained in packs of 16"), packed.what());
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
    // heap: 43.2e6 B = 41.20 MB, + 32 MB = 73.20 MB, rounded up: 74 MB
    long heapMb = (43_200_000L + 32 * MB + MB - 1) / MB;
    assertEquals(74, heapMb);
    assertTrue(message.contains("need a Java heap of " + heapMb + " MB"), message);
    assertTrue(message.contains("HEPSCAN_JAVA_OPTS=-Xmx" + heapMb + "m"), message);
    assertTrue(message.contains("a tighter cut, fewer inputs"), message);
    assertTrue(message.contains("up to 1,000,000 events"), message);
    // the SLURM mem whose heap share holds it: 32 + (720 - 592) x 33 / 100 = 32 + 42 = 74 (719 MB
    // give 32 + 41; the 716 MB of heap and native together, 32 + 40)
    long mem = need.memoryMegabytesNeeded();
    assertEquals(720, mem);
    assertTrue(
        MemoryNeed.heapMegabytes(mem) >= heapMb && MemoryNeed.heapMegabytes(mem - 1) < heapMb);
    assertTrue(message.contains("mem of at least " + mem + "M"), message);
  }

  @Test
  void tooLittleMemoryIsRefusedEvenWhenTheHeapIsLarge() {
    MemoryNeed need = MemoryNeed.cached("the prepared data (x.bin)", 100 * MB);
    // heap 40 + 32 = 72 MB fits a 1 GB heap; in all 72 + 80 + 560 = 712 MB > 700 MB
    String message = need.refusal(1024 * MB, 700 * MB).orElseThrow();
    assertTrue(message.contains("712 MB in all"), message);
    assertTrue(message.contains("heap 0.4 x the arrays + 32 MB, native 0.8 x + 560 MB"), message);
    assertTrue(message.contains("this run has 700 MB of memory"), message);
  }

  @Test
  void streamingTheTrainingSplitTakesItsFeaturesOffTheNativeSide() {
    // 10 GB of cache, 20 inputs, training features 40 % of the bytes: native 0.8 x 0.6 of the
    // bytes, plus two blocks of 2^20 events x 22 floats (184,549,376 bytes)
    long bytes = 10_000 * MB;
    MemoryNeed streamed = MemoryNeed.cached("c.bin", bytes).streamed(0.4, 20, 1 << 20);
    long blocks = 2L * (1 << 20) * 22 * 4;
    assertEquals(184_549_376L, blocks);
    assertEquals(0.48 * bytes + blocks + 560 * MB, streamed.nativeBytes(), 1);
    assertEquals(MemoryNeed.cached("c.bin", bytes).heapBytes(), streamed.heapBytes());
    assertTrue(streamed.what().endsWith("the training split streamed"), streamed.what());
  }
}
