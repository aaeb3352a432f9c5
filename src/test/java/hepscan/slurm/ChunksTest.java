package hepscan.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunksTest {

  private static List<Integer> items(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void chunksByHand() {
    // n % size != 0: the last, short chunk is kept (HHMachineLearning dropped it)
    assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)), Chunks.of(items(7), 3));
    // n % size == 0
    assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5)), Chunks.of(items(6), 3));
    // size > n: one short chunk
    assertEquals(List.of(List.of(0, 1)), Chunks.of(items(2), 5));
    // size 1: one chunk per item
    assertEquals(List.of(List.of(0), List.of(1), List.of(2)), Chunks.of(items(3), 1));
    // nothing to cut
    assertEquals(List.of(), Chunks.of(items(0), 3));
    // order is the list's, not a sorted one
    assertEquals(List.of(List.of("c", "a"), List.of("b")), Chunks.of(List.of("c", "a", "b"), 2));
  }

  /** Every item exactly once, in order; all chunks full but the last, which is never empty. */
  @ParameterizedTest(name = "n={0} size={1}")
  @CsvSource({
    "0, 1",
    "0, 7",
    "1, 1",
    "1, 4",
    "4, 4",
    "5, 4",
    "6, 3",
    "7, 3",
    "8, 3",
    "9, 3",
    "10, 1",
    "10, 9",
    "10, 10",
    "10, 11",
    "3, 1000",
    "100, 7",
    "1000, 13",
    "1001, 1001",
    "1002, 1001"
  })
  void everyItemOnceInOrder(int n, int size) {
    List<Integer> items = items(n);
    List<List<Integer>> chunks = Chunks.of(items, size);
    List<Integer> flat = new ArrayList<>();
    chunks.forEach(flat::addAll);
    assertEquals(items, flat);
    for (int i = 0; i < chunks.size(); i++) {
      List<Integer> c = chunks.get(i);
      assertFalse(c.isEmpty(), "chunk " + i + " is empty");
      if (i < chunks.size() - 1) {
        assertEquals(size, c.size(), "chunk " + i + " of " + chunks.size());
      } else {
        assertTrue(c.size() <= size, "last chunk has " + c.size());
      }
    }
    // no extra chunk: the number of chunks is n/size rounded up
    assertEquals(n / size + (n % size == 0 ? 0 : 1), chunks.size());
  }

  @Test
  void chunksAreCopies() {
    List<Integer> items = new ArrayList<>(items(4));
    List<List<Integer>> chunks = Chunks.of(items, 3);
    items.set(0, 99);
    assertEquals(List.of(0, 1, 2), chunks.get(0));
    assertThrows(UnsupportedOperationException.class, () -> chunks.get(0).add(5));
  }

  @Test
  void sizeBelowOneIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Chunks.of(items(3), 0));
    assertEquals("chunk size 0: must be at least 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Chunks.of(items(0), -1));
  }

  private static String text(List<Chunks.Shard> shards) {
    return String.join(" ", shards.stream().map(s -> s.offset() + "+" + s.count()).toList());
  }

  /** Shards as offset+count, computed by hand. */
  @ParameterizedTest(name = "tasks={0} maxArraySize={1}")
  @CsvSource({
    "0, 4, ''",
    "1, 4, '0+1'",
    "4, 4, '0+4'",
    "6, 4, '0+4 4+2'",
    "8, 4, '0+4 4+4'",
    "9, 4, '0+4 4+4 8+1'",
    "3, 1, '0+1 1+1 2+1'",
    "3, 1001, '0+3'",
    "2002, 1001, '0+1001 1001+1001'",
    "2003, 1001, '0+1001 1001+1001 2002+1'"
  })
  void shardsByHand(int tasks, int maxArraySize, String expected) {
    assertEquals(expected, text(Chunks.shards(tasks, maxArraySize)));
  }

  @Test
  void tenThousandTasksOnATypicalCluster() {
    // MaxArraySize 1001 (SLURM's default): 9 full arrays hold 9 x 1001 = 9009 tasks, the 10th the
    // remaining 10000 - 9009 = 991 (by hand)
    List<Chunks.Shard> s = Chunks.shards(10000, 1001);
    assertEquals(10, s.size());
    assertEquals(new Chunks.Shard(0, 1001), s.get(0));
    assertEquals(new Chunks.Shard(8008, 1001), s.get(8));
    assertEquals(new Chunks.Shard(9009, 991), s.get(9));
  }

  /** Offsets and counts cover 0..tasks-1 exactly once; no array exceeds the limit. */
  @ParameterizedTest(name = "tasks={0} maxArraySize={1}")
  @CsvSource({
    "0, 1",
    "1, 1",
    "5, 1",
    "5, 2",
    "6, 4",
    "7, 7",
    "7, 8",
    "100, 9",
    "10000, 1001",
    "1001, 1000"
  })
  void shardsCoverEveryTaskOnce(int tasks, int maxArraySize) {
    int next = 0;
    for (Chunks.Shard s : Chunks.shards(tasks, maxArraySize)) {
      assertEquals(next, s.offset(), "shards must be consecutive");
      assertTrue(s.count() >= 1 && s.count() <= maxArraySize, "count " + s.count());
      next += s.count();
    }
    assertEquals(tasks, next);
  }

  @Test
  void maxArraySizeBelowOneIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Chunks.shards(6, 0));
    assertEquals("MaxArraySize 0: must be at least 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Chunks.shards(0, -3));
  }
}
