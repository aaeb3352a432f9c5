package hepscan.output;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How many events have been scored and written: a live bar on an interactive terminal, else one
 * line per tenth (logs, CI, SLURM), or per million events when the total is not known (0).
 */
final class WriteProgress implements AutoCloseable {
  private final ProgressBar bar;
  private final PrintStream log;
  private final long total;
  private long done;
  private int tenthsShown;

  WriteProgress(String task, long total, PrintStream log, PrintStream terminal) {
    this.total = total;
    this.log = log;
    boolean interactive = System.console() != null && System.getenv("CI") == null;
    this.bar =
        interactive
            ? new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" events", 1)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .build()
            : null;
    if (bar == null) {
      log.printf(Locale.ROOT, total > 0 ? "%s: %d events%n" : "%s%n", task, total);
    }
  }

  void advance(long events) {
    done += events;
    if (bar != null) {
      bar.stepBy(events);
      return;
    }
    if (total <= 0) {
      int millions = (int) (done / 1_000_000);
      if (millions > tenthsShown) {
        tenthsShown = millions;
        log.printf(Locale.ROOT, "  %d events%n", done);
      }
      return;
    }
    int tenths = (int) (10 * done / total);
    if (tenths > tenthsShown) {
      tenthsShown = tenths;
      log.printf(Locale.ROOT, "  %d%% (%d of %d events)%n", 10 * tenths, done, total);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
