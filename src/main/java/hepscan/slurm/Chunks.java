package hepscan.slurm;

import java.util.ArrayList;
import java.util.List;

/** The split arithmetic: trials into tasks, tasks into arrays. */
public final class Chunks {
  private Chunks() {}

  /**
   * Cuts {@code items} into consecutive chunks of {@code size}; the last may be shorter. Every item
   * is in exactly one chunk, in order.
   */
  public static <T> List<List<T>> of(List<T> items, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("chunk size " + size + ": must be at least 1");
    }
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += size) {
      chunks.add(List.copyOf(items.subList(from, Math.min(items.size(), from + size))));
    }
    return chunks;
  }

  /**
   * Array tasks {@code offset .. offset+count-1}, submitted as array indices {@code 0..count-1}.
   */
  public record Shard(int offset, int count) {}

  /**
   * Cuts {@code tasks} array tasks into arrays the cluster accepts: array indices must stay below
   * its {@code MaxArraySize}.
   */
  public static List<Shard> shards(int tasks, int maxArraySize) {
    if (maxArraySize < 1) {
      throw new IllegalArgumentException("MaxArraySize " + maxArraySize + ": must be at least 1");
    }
    List<Shard> shards = new ArrayList<>();
    for (int offset = 0; offset < tasks; offset += maxArraySize) {
      shards.add(new Shard(offset, Math.min(maxArraySize, tasks - offset)));
    }
    return shards;
  }
}
