package hepscan.data;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How far preparation has read the sample files: told after each range of entries ({@link
 * EventSource#ranges}) the entries read so far over every file, and the entries of all the files to
 * read (-1 when a source cannot say).
 */
@FunctionalInterface
public interface PreparationProgress {
  /** Seconds between two lines of {@link #lines}: a few lines a minute in a SLURM log. */
  long LINE_SECONDS = 10;

  /**
   * @param done entries read so far, over every file: grows from range to range
   * @param total entries of every file to read, or -1 when unknown
   */
  void entriesRead(long done, long total);

  /**
   * A line on {@code log} once {@link #LINE_SECONDS} have passed since the start or the line before
   * ({@code data: read 1,310,720 of 10,000,000 entries (13 %) in 12 s}): nothing for data read in
   * less, and no terminal needed (SLURM logs, CI).
   */
  static PreparationProgress lines(PrintStream log) {
    return lines(log, TimeUnit.SECONDS.toNanos(LINE_SECONDS), System::nanoTime);
  }

  /** {@link #lines(PrintStream)} every {@code intervalNanos} of {@code clock} (nanoseconds). */
  static PreparationProgress lines(PrintStream log, long intervalNanos, LongSupplier clock) {
    long start = clock.getAsLong();
    long[] last = {start};
    return (done, total) -> {
      long now = clock.getAsLong();
      if (now - last[0] < intervalNanos) {
        return;
      }
      last[0] = now;
      double seconds = (now - start) / 1e9;
      if (total > 0) {
        log.printf(
            Locale.ROOT,
            "data: read %,d of %,d entries (%d %%) in %.0f s%n",
            done,
            total,
            100 * done / total,
            seconds);
      } else {
        log.printf(Locale.ROOT, "data: read %,d entries in %.0f s%n", done, seconds);
      }
    };
  }
}
