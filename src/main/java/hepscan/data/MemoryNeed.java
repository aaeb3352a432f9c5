package hepscan.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a scan's data need in memory, from the bytes of the prepared arrays (every split's features,
 * labels and learning weights, and the per-event {@link EventInfo}: what the cache file holds), by
 * factors measured on demo-like data at several sizes ({@code bench/README.md}, "Peak memory of a
 * whole scan"):
 *
 * <ul>
 *   <li>Java heap: {@link #heapPerByte} × prepared bytes + {@link #HEAP_BASE_MB};
 *   <li>native memory outside the heap: {@link #nativePerByte} × prepared bytes + {@link
 *       #NATIVE_BASE_MB} (the JVM itself, libtorch, and libtorch's copy of the training and
 *       evaluation features).
 * </ul>
 *
 * <p>Data still to be prepared need the heap of training ({@link #HEAP_PER_PREPARED_BYTE}: files
 * are read a range of entries at a time, the splits go to disk as they are made); data read from
 * the cache need little heap (labels, weights, the metrics' arrays: {@link #CACHED_HEAP_PER_BYTE}),
 * since the features go from the file to the device. The launcher and the SLURM task give the heap
 * the share of the memory that makes the most data fit in the first case ({@link #heapMegabytes});
 * a scan checks before it prepares or reads its data that they fit ({@link #refusal}), and streams
 * the training split from the cache when only that fits ({@link #streamed}).
 *
 * @param what what the figure comes from, for the message: the cache file, or before preparation
 *     the files' entry counts (an upper bound on the events, as if every event passed the cut;
 *     one-hot inputs counted as one column)
 * @param preparedBytes bytes of the prepared arrays
 * @param heapPerByte Java heap per prepared byte
 * @param nativePerByte resident memory outside the heap per prepared byte
 */
public record MemoryNeed(
    String what, long preparedBytes, double heapPerByte, double nativePerByte) {
  /**
   * Heap per prepared byte of a scan that prepares its data, then trains: that of a scan from the
   * cache, since preparation holds one range of a file's entries at a time (its columns and
   * per-event arrays, a few tens of MB whatever the data), the splits being spilled to disk.
   * Measured: 3M and 10M events prepared and trained in heaps of 0.4 x + 32 MB (156 and 444 MB),
   * the largest heap after a collection 84 and 246 MB (bench/README.md, "Preparation in entry
   * ranges").
   */
  public static final double HEAP_PER_PREPARED_BYTE = 0.4;

  /**
   * Native memory per prepared byte of a scan that prepares its data, then trains: that of a scan
   * from the cache, since preparation ends with a full collection that gives its heap back.
   */
  public static final double NATIVE_PER_PREPARED_BYTE = 0.8;

  /** Measured heap per cache byte of a scan that reads its data from the cache. */
  public static final double CACHED_HEAP_PER_BYTE = 0.4;

  /**
   * Measured native memory per cache byte of a scan that reads its data from the cache: the
   * training and evaluation features on the device (two thirds of the file with 20 inputs and the
   * ratios 0.6/0.2/0.2) and the batches' and predictions' arrays.
   */
  public static final double CACHED_NATIVE_PER_BYTE = 0.8;

  /** Measured heap a scan needs whatever its data (JVM classes, DJL, buffers), MB. */
  public static final long HEAP_BASE_MB = 32;

  /**
   * Measured native memory (resident, outside the heap) whatever the data: JVM and libtorch, MB.
   */
  public static final long NATIVE_BASE_MB = 560;

  /**
   * Events a streamed training split is read in, unless {@value #STREAM_BLOCK_PROPERTY} says
   * otherwise; with 20 inputs a block takes 88 MB on the device (twice: read, then shuffled), and
   * holds 1,024 batches of 1,024 events.
   */
  public static final int STREAM_BLOCK_EVENTS = 1 << 20;

  /** The system property that sets the events of a streamed block. */
  public static final String STREAM_BLOCK_PROPERTY = "hepscan.streamBlockEvents";

  /** The system property the launcher and the SLURM task pass the memory available with, MB. */
  public static final String MEMORY_PROPERTY = "hepscan.memoryMegabytes";

  public MemoryNeed {
    if (preparedBytes < 0 || heapPerByte < 0 || nativePerByte < 0) {
      throw new IllegalArgumentException(
          "prepared bytes "
              + preparedBytes
              + ", heap "
              + heapPerByte
              + " and native "
              + nativePerByte
              + " per byte: none may be negative");
    }
  }

  /** The need of a scan that prepares {@code preparedBytes} of data, then trains on them. */
  public static MemoryNeed preparing(String what, long preparedBytes) {
    return new MemoryNeed(what, preparedBytes, HEAP_PER_PREPARED_BYTE, NATIVE_PER_PREPARED_BYTE);
  }

  /** The need of a scan that reads a cache file of {@code cacheBytes}. */
  public static MemoryNeed cached(String what, long cacheBytes) {
    return new MemoryNeed(what, cacheBytes, CACHED_HEAP_PER_BYTE, CACHED_NATIVE_PER_BYTE);
  }

  /**
   * This cached need when the training split is streamed from the cache ({@code blockEvents} events
   * at a time) instead of held on the device: its features, {@code trainingShare} of the prepared
   * bytes, leave the native side, and two blocks of {@code nFeatures + 2} floats an event come in.
   */
  public MemoryNeed streamed(double trainingShare, int nFeatures, int blockEvents) {
    double blockBytes = 2.0 * blockEvents * (nFeatures + 2) * Float.BYTES;
    double perByte =
        preparedBytes == 0
            ? nativePerByte
            : Math.max(0, nativePerByte * (1 - trainingShare)) + blockBytes / preparedBytes;
    return new MemoryNeed(
        what + ", the training split streamed", preparedBytes, heapPerByte, perByte);
  }

  /**
   * This need when {@code members} trials train as one pack: each member beyond the first keeps its
   * own epoch order of the training events (an int an event) in the heap; its rows are gathered a
   * segment at a time, so the device holds no more than for one trial. {@code trainingShare} is the
   * training split's share of the events, {@code bytesPerEvent} the prepared bytes of one.
   */
  public MemoryNeed packed(int members, double trainingShare, long bytesPerEvent) {
    if (members <= 1 || preparedBytes == 0) {
      return this;
    }
    double perByte = heapPerByte + (members - 1) * Integer.BYTES * trainingShare / bytesPerEvent;
    return new MemoryNeed(
        what + ", trained in packs of " + members, preparedBytes, perByte, nativePerByte);
  }

  /**
   * The prepared bytes of one event: {@code features} floats, a label and a learning weight (ints
   * and floats, 4 bytes each), then its {@link EventInfo}: file index (int), entry (long), event
   * weight (double) and {@code otherVariables} doubles.
   */
  public static long bytesPerEvent(int features, int otherVariables) {
    return Float.BYTES * (long) features
        + Integer.BYTES
        + Float.BYTES
        + Integer.BYTES
        + Long.BYTES
        + Double.BYTES
        + Double.BYTES * (long) otherVariables;
  }

  /**
   * The need of up to {@code events} events of {@code features} network inputs and {@code
   * otherVariables} other variables, before preparation.
   */
  public static MemoryNeed estimate(long events, int features, int otherVariables) {
    return preparing(
        String.format(
            Locale.ROOT,
            "up to %,d events (every entry of the files, before the cut) x %d inputs",
            events,
            features),
        events * bytesPerEvent(features, otherVariables));
  }

  /** Java heap needed, bytes. */
  public long heapBytes() {
    return (long) Math.ceil(heapPerByte * preparedBytes) + (HEAP_BASE_MB << 20);
  }

  /** Memory outside the heap, bytes. */
  public long nativeBytes() {
    return (long) Math.ceil(nativePerByte * preparedBytes) + (NATIVE_BASE_MB << 20);
  }

  /** Heap plus native: the memory the whole process needs, bytes. */
  public long totalBytes() {
    return heapBytes() + nativeBytes();
  }

  /**
   * The heap, MB, that the launcher and the SLURM task give a JVM in {@code memoryMegabytes} of
   * memory: the heap's share of what is left after the native base, so that the largest data that
   * fit the heap also fit the native side. At least 64 MB.
   */
  public static long heapMegabytes(long memoryMegabytes) {
    long reserved = NATIVE_BASE_MB + HEAP_BASE_MB;
    long share =
        memoryMegabytes > reserved ? (memoryMegabytes - reserved) * HEAP_SHARE_PERCENT / 100 : 0;
    return Math.max(MIN_HEAP_MB, HEAP_BASE_MB + share);
  }

  /**
   * The heap's share, in percent, of the memory beyond both bases: heap per byte over heap plus
   * native per byte of a scan that prepares its data (the largest heap a scan needs), rounded down.
   */
  public static final long HEAP_SHARE_PERCENT =
      (long)
          Math.floor(
              100 * HEAP_PER_PREPARED_BYTE / (HEAP_PER_PREPARED_BYTE + NATIVE_PER_PREPARED_BYTE));

  /** The smallest heap the launcher and the SLURM task give. */
  public static final long MIN_HEAP_MB = 64;

  /** The resource of the JVM options the launcher and the SLURM task give besides the heap. */
  public static final String JVM_OPTIONS_RESOURCE = "/hepscan/jvm.options";

  /**
   * The JVM options, garbage collector's included, that the launcher and the SLURM task give every
   * hepscan process besides its heap limit: the lines of {@value #JVM_OPTIONS_RESOURCE} (one option
   * a line, {@code #} starts a comment), the file the launcher reads from the source tree.
   */
  public static List<String> jvmOptions() {
    try (InputStream in = MemoryNeed.class.getResourceAsStream(JVM_OPTIONS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no " + JVM_OPTIONS_RESOURCE + " in the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(l -> l.replaceFirst("#.*", "").strip())
          .filter(l -> !l.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + JVM_OPTIONS_RESOURCE, e);
    }
  }

  /** The memory, MB, whose {@link #heapMegabytes} holds this need: what a SLURM task's mem. */
  public long memoryMegabytesNeeded() {
    long m = mb(totalBytes());
    while (heapMegabytes(m) < mb(heapBytes())) {
      m++;
    }
    return m;
  }

  /**
   * Why the data cannot fit in a heap of {@code maxHeapBytes} (or, when {@code memoryBytes > 0}, in
   * that much memory): one line with the figures and how to get there; empty when they fit.
   */
  public Optional<String> refusal(long maxHeapBytes, long memoryBytes) {
    boolean heapShort = heapBytes() > maxHeapBytes;
    boolean memoryShort = memoryBytes > 0 && totalBytes() > memoryBytes;
    if (!heapShort && !memoryShort) {
      return Optional.empty();
    }
    String figures =
        String.format(
            Locale.ROOT,
            "%s make %,d MB of prepared arrays, which need a Java heap of %,d MB and %,d MB in"
                + " all (heap %.1f x the arrays + %d MB, native %.1f x + %d MB; bench/README.md)",
            what,
            mb(preparedBytes),
            mb(heapBytes()),
            mb(totalBytes()),
            heapPerByte,
            HEAP_BASE_MB,
            nativePerByte,
            NATIVE_BASE_MB);
    String have =
        heapShort
            ? String.format(Locale.ROOT, "this run's heap is %,d MB", mb(maxHeapBytes))
            : String.format(Locale.ROOT, "this run has %,d MB of memory", mb(memoryBytes));
    return Optional.of(
        String.format(
            Locale.ROOT,
            "the data do not fit: %s, and %s. Give more: HEPSCAN_JAVA_OPTS=-Xmx%dm on a machine"
                + " with %,d MB free, or in a SLURM task mem of at least %dM (slurm.mem or --mem);"
                + " or need less: a tighter cut, fewer inputs or other_variables",
            figures,
            have,
            mb(heapBytes()),
            mb(totalBytes()),
            memoryMegabytesNeeded()));
  }

  private static long mb(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }
}
