package hepscan.rootio;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.file.KeyHeader;
import hepscan.rootio.tree.TBranch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Raw zlib decompression of a tree's baskets with {@link Inflater}, nothing else: the floor under
 * any reader of the file, for benchmarks to compare with.
 */
public final class BasketInflation {
  private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);
  private static final ThreadLocal<byte[]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[1 << 24]);

  private BasketInflation() {}

  /** The compressed basket records of every branch of {@code tree}. */
  public static List<byte[]> records(Path file, String tree) throws Exception {
    return records(file, tree, null);
  }

  /** The compressed basket records of the named branches of {@code tree} (all when null). */
  public static List<byte[]> records(Path file, String tree, Set<String> branches)
      throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (RootFile f = RootFile.open(file)) {
      for (TBranch b : f.tree(tree).model().branches()) {
        if (branches != null && !branches.contains(b.name())) {
          continue;
        }
        for (int i = 0; i < b.writeBasket(); i++) {
          byte[] record = f.readBytes(b.basketSeek(i), b.basketBytes(i));
          if (!KeyHeader.read(RootBuffer.of(record)).compressed()) {
            throw new IllegalArgumentException(
                file + ": branch " + b.name() + " basket " + i + " is not compressed");
          }
          out.add(record);
        }
      }
    }
    return out;
  }

  /** The decompressed size of the records, from their key headers. */
  public static long decompressedBytes(List<byte[]> records) {
    long total = 0;
    for (byte[] record : records) {
      total += KeyHeader.read(RootBuffer.of(record)).objlen();
    }
    return total;
  }

  /**
   * Inflates every 9-byte-header zlib block of the records, one {@link Inflater} and output buffer
   * per thread; in parallel (common pool) or on the calling thread. Returns the bytes produced.
   */
  public static long inflate(List<byte[]> records, boolean parallel) {
    var stream = parallel ? records.parallelStream() : records.stream();
    return stream.mapToLong(r -> inflateRecord(r, INFLATERS.get(), BUFFERS.get())).sum();
  }

  private static long inflateRecord(byte[] record, Inflater inflater, byte[] out) {
    long produced = 0;
    int p = KeyHeader.read(RootBuffer.of(record)).keylen();
    while (p < record.length) {
      int compressed =
          (record[p + 3] & 0xff) | (record[p + 4] & 0xff) << 8 | (record[p + 5] & 0xff) << 16;
      inflater.reset();
      inflater.setInput(record, p + 9, compressed);
      try {
        produced += inflater.inflate(out);
      } catch (DataFormatException e) {
        throw new IllegalStateException("corrupt zlib block at " + p, e);
      }
      p += 9 + compressed;
    }
    return produced;
  }
}
