package hepscan.scan;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
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

  /** Trials {@code k}, k+1, ... of {@code n} start training together as one pack. */
  void packStarted(int k, int n, List<TrialSpec> members);

  /**
   * The {@code trained} members of a pack still training have finished {@code epoch}: {@code done}
   * of the {@code n} trials have a result; {@code bestValLoss[i]} is member i's best val_loss so
   * far, {@code finished[i]} whether it has finished.
   */
  void packEpochDone(
      int epoch, int trained, int done, int n, boolean[] finished, double[] bestValLoss);

  /**
   * Pack member {@code spec} (trial {@code k} of {@code n}) has its result; it stopped {@code
   * epochsLeft} epochs before its maximum.
   */
  void packTrialDone(int k, int n, TrialSpec spec, int epochsLeft, String summary);

  /** The members' best val_loss, e.g. {@code 0.4123 0.4090 done 0.4402}. */
  static String bests(boolean[] finished, double[] bestValLoss) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bestValLoss.length; i++) {
      sb.append(i == 0 ? "" : " ")
          .append(finished[i] ? "done" : String.format(Locale.ROOT, "%.4f", bestValLoss[i]));
    }
    return sb.toString();
  }

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
    public void packStarted(int k, int n, List<TrialSpec> members) {
      out.printf(
          Locale.ROOT,
          "trials %d-%d/%d train as one pack of %d:%n",
          k,
          k + members.size() - 1,
          n,
          members.size());
      for (int i = 0; i < members.size(); i++) {
        out.println(
            "  trial "
                + (k + i)
                + "/"
                + n
                + " "
                + members.get(i).id()
                + ": "
                + members.get(i).describe());
      }
      out.flush();
    }

    @Override
    public void packEpochDone(
        int epoch, int trained, int done, int n, boolean[] finished, double[] bestValLoss) {
      out.printf(
          Locale.ROOT,
          "pack epoch %d: %d/%d trials done; best val_loss per member: %s (%s elapsed)%n",
          epoch,
          done,
          n,
          ScanProgress.bests(finished, bestValLoss),
          format(Duration.ofNanos(System.nanoTime() - startNanos)));
      out.flush();
    }

    @Override
    public void packTrialDone(int k, int n, TrialSpec spec, int epochsLeft, String summary) {
      out.printf(Locale.ROOT, "trial %d/%d %s done: %s%n", k, n, spec.id(), summary);
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
    public void packStarted(int k, int n, List<TrialSpec> members) {
      trial =
          String.format(
              Locale.ROOT,
              "pack of %d (trials %d-%d/%d)",
              members.size(),
              k,
              k + members.size() - 1,
              n);
      bar.setExtraMessage(trial);
    }

    @Override
    public void packEpochDone(
        int epoch, int trained, int done, int n, boolean[] finished, double[] bestValLoss) {
      bar.stepBy(trained);
      bar.setExtraMessage(
          String.format(
              Locale.ROOT,
              "%d/%d done, %s ep %d, best val %s",
              done,
              n,
              trial,
              epoch,
              ScanProgress.bests(finished, bestValLoss)));
    }

    @Override
    public void packTrialDone(int k, int n, TrialSpec spec, int epochsLeft, String summary) {
      bar.stepBy(epochsLeft); // the epochs early stopping saved

      message(String.format(Locale.ROOT, "trial %d/%d %s", k, n, summary));
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
