package hepscan.scan;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how far a scan is: trial k/N, epoch, losses and the time left. On a terminal it is a live
 * progress bar counted in epochs (a trial that stops early jumps to its full share); in a log file
 * (CI, SLURM) it is one line per epoch and per trial, with no carriage returns.
 */
public interface ScanProgress extends AutoCloseable {

  /** Called once before the first trial: the epochs the trials to train may run at most. */
  void planned(long totalEpochs);

  void trialStarted(int k, int n, TrialSpec spec, int maxEpochs);

  void epochDone(int epoch, int maxEpochs, double loss, double valLoss, double valAcc);

  void trialDone(String summary);

  /** A message that must not be garbled by the bar. */
  void message(String text);

  @Override
  void close();

  /** A live bar on an interactive terminal, lines otherwise. */
  static ScanProgress create(PrintWriter log, PrintStream terminal) {
    boolean interactive = System.console() != null && System.getenv("CI") == null;
    return interactive ? new Bar(terminal) : new Lines(log);
  }

  /** One line per event: for logs. */
  final class Lines implements ScanProgress {
    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private String prefix = "";

    public Lines(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void planned(long totalEpochs) {}

    @Override
    public void trialStarted(int k, int n, TrialSpec spec, int maxEpochs) {
      prefix = String.format(Locale.ROOT, "trial %d/%d %s", k, n, spec.id());
      out.println(prefix + " started: " + spec.describe());
      out.flush();
    }

    @Override
    public void epochDone(int epoch, int maxEpochs, double loss, double valLoss, double valAcc) {
      out.printf(
          Locale.ROOT,
          "%s epoch %d/%d loss %.5f val_loss %.5f val_acc %.4f (%s elapsed)%n",
          prefix,
          epoch,
          maxEpochs,
          loss,
          valLoss,
          valAcc,
          format(Duration.ofNanos(System.nanoTime() - startNanos)));
      out.flush();
    }

    @Override
    public void trialDone(String summary) {
      out.println(prefix + " done: " + summary);
      out.flush();
    }

    @Override
    public void message(String text) {
      out.println(text);
      out.flush();
    }

    @Override
    public void close() {
      out.flush();
    }
  }

  /** A live progress bar on the terminal (stderr), counted in epochs. */
  final class Bar implements ScanProgress {
    private final ProgressBar bar;
    private final PrintStream terminal;
    private long trialStart;
    private int trialMaxEpochs;
    private String trial = "";

    Bar(PrintStream terminal) {
      this.terminal = terminal;
      this.bar =
          new ProgressBarBuilder()
              .setTaskName("scan")
              .setInitialMax(0)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" epochs", 1)
              .setUpdateIntervalMillis(250)
              .setConsumer(new ConsoleProgressBarConsumer(terminal))
              .build();
    }

    @Override
    public void planned(long totalEpochs) {
      bar.maxHint(totalEpochs);
    }

    @Override
    public void trialStarted(int k, int n, TrialSpec spec, int maxEpochs) {
      trialStart = bar.getCurrent();
      trialMaxEpochs = maxEpochs;
      trial = String.format(Locale.ROOT, "trial %d/%d", k, n);
      bar.setExtraMessage(trial);
    }

    @Override
    public void epochDone(int epoch, int maxEpochs, double loss, double valLoss, double valAcc) {
      bar.stepTo(trialStart + epoch);
      bar.setExtraMessage(
          String.format(
              Locale.ROOT,
              "%s ep %d/%d loss %.4f val %.4f",
              trial,
              epoch,
              maxEpochs,
              loss,
              valLoss));
    }

    @Override
    public void trialDone(String summary) {
      bar.stepTo(trialStart + trialMaxEpochs);
      message(trial + " " + summary);
    }

    @Override
    public void message(String text) {
      // clear the bar's line, print, and let the bar redraw below
      terminal.print("\r\033[2K");
      terminal.println(text);
      bar.refresh();
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
