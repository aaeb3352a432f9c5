package hepscan.cli;

import hepscan.config.Parameters;
import hepscan.data.demo.DemoData;
import hepscan.model.DeviceChoice;
import hepscan.report.Collector;
import hepscan.report.Overtraining;
import hepscan.report.Ranking;
import hepscan.scan.ResultFolder;
import hepscan.scan.ScanPlan;
import hepscan.scan.ScanProgress;
import hepscan.scan.ScanRunner;
import hepscan.util.WriterOutputStream;
import hepscan.workflow.ScanSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code hepscan --scan NAME}: prepares the data, trains every trial without a result into {@code
 * model/NAME/}, ranks them into {@code model/NAME.csv} and prints the best five. Ctrl-C stops after
 * the current batch; the trial in progress is dropped and a re-run resumes.
 */
final class ScanAction {
  private ScanAction() {}

  /** Above this many trials a local scan warns and points to --submit (README). */
  static final int LARGE_LOCAL_GRID = 1000;

  /** How a local scan goes through its trials with {@code pack:} ({@link ScanPlan#pack}). */
  static String localPace(int pack) {
    if (pack == 1) {
      return "one after another";
    }
    return pack == ScanPlan.PACK_AUTO
        ? "a pack at a time (pack: auto), on this machine only"
        : "up to " + pack + " at a time (pack: " + pack + "), on this machine only";
  }

  static int run(
      String name,
      Parameters params,
      Path workDir,
      DeviceChoice device,
      boolean allowOvertrained,
      PrintWriter out,
      PrintStream terminal)
      throws IOException {
    ScanSetup.checkName(name);
    ScanPlan plan = ScanSetup.plan(name, params, device);
    int trials = plan.grid().trials().size();
    if (trials > LARGE_LOCAL_GRID) {
      out.printf(
          java.util.Locale.ROOT,
          "warning: %d trials: a local scan trains them %s; on a cluster,"
              + " --submit %s --split N runs them in parallel%n",
          trials,
          localPace(plan.pack()),
          name);
    }
    ScanSetup.requireWritable(workDir.resolve("model").resolve(name), "the scan's results");
    PrintStream log = new PrintStream(new WriterOutputStream(out), true);
    ResultFolder folder = new ResultFolder(workDir.resolve("model").resolve(name), name);
    // on Ctrl-C the scan drops its trial, ranks what is done and says so before the JVM goes
    try (ShutdownStop stop = new ShutdownStop("hepscan-interrupt", 60)) {
      // the engine is started and the data are read only if a trial is left to train (a missing
      // GPU is still said before the data are read)
      ScanRunner runner =
          new ScanRunner(
              plan,
              plan.grid().trials(),
              ScanSetup.dataHash(params),
              () -> {
                ScanSetup.checkDevice(device);
                return ScanSetup.prepare(params, workDir, log);
              },
              folder,
              out,
              stop::requested,
              hepscan.scan.TrialJournal.NONE);
      ScanRunner.Summary summary = runner.run(ScanProgress.create(out, terminal));
      Overtraining overtraining = new Overtraining(params.overtrainingKsPvalue(), allowOvertrained);
      return rankAndReport(
          name, params, workDir, folder, summary, runner::isCurrent, overtraining, out);
    }
  }

  private static int rankAndReport(
      String name,
      Parameters params,
      Path workDir,
      ResultFolder folder,
      ScanRunner.Summary summary,
      Predicate<Map<String, String>> current,
      Overtraining overtraining,
      PrintWriter out)
      throws IOException {
    Ranking ranking = new Ranking(params.evalCriterion().key(), params.evalCriterion().ascending());
    Collector.Collected ranked = Collector.collect(folder.dir(), ranking, current);
    ranked.problems().forEach(p -> out.println("warning: " + p));
    if (ranked.rows().isEmpty()) {
      out.println("scan " + name + ": no trial has a result yet, nothing to rank");
    } else {
      Path csv = workDir.resolve("model").resolve(name + ".csv");
      Collector.write(ranked, csv);
      out.printf(
          Locale.ROOT,
          "%s: %d trials ranked by %s; trained now %d, reused %d, failed %d%s%n",
          csv,
          ranked.rows().size(),
          ranking.column(),
          summary.trained(),
          summary.reused(),
          summary.failed(),
          summary.skipped() > 0
              ? ", left to another process " + summary.skipped() + " (run again to rank them)"
              : "");
      CsvAction.printBest(ranked.rows(), ranking, overtraining, 5, out);
      bayesLine(workDir, params, ranked, overtraining).ifPresent(out::println);
    }
    if (summary.stopped()) {
      out.println(
          "interrupted: "
              + (summary.reused() + summary.trained())
              + " of "
              + summary.trials()
              + " trials have results; run the same command again to resume");
    }
    out.flush();
    return summary.stopped() || summary.failed() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  /** For the demo: the best AUC next to the Bayes-optimal one. */
  private static Optional<String> bayesLine(
      Path workDir, Parameters params, Collector.Collected ranked, Overtraining overtraining)
      throws IOException {
    Path demoDir = workDir.resolve(DemoData.RELATIVE_DIR);
    // only for the demo's own data: every file of the sample list is a generated demo file
    Path demo = demoDir.toAbsolutePath().normalize();
    boolean demoData =
        params.samples().samples().stream()
            .flatMap(sample -> sample.files().stream())
            .allMatch(f -> f.path().toAbsolutePath().normalize().startsWith(demo));
    if (!demoData || ranked.rows().isEmpty()) {
      return Optional.empty();
    }
    Optional<DemoData.Bayes> bayes = DemoData.readBayes(demoDir);
    if (bayes.isEmpty()) {
      return Optional.empty();
    }
    // the best AUC among the trials that may be named best (overtrained ones may not)
    double best =
        ranked.rows().stream()
            .filter(r -> overtraining.allowed() || !overtraining.flagged(r))
            .mapToDouble(r -> parse(r.get("auc")))
            .filter(v -> !Double.isNaN(v))
            .max()
            .orElse(Double.NaN);
    if (Double.isNaN(best)) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "demo: Bayes-optimal AUC %.4f +- %.4f; no trial to compare with it (every trial with"
                  + " an AUC is flagged overtrained; --allow-overtrained compares them anyway)",
              bayes.get().auc(),
              bayes.get().uncertainty()));
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "demo: best AUC %.4f, Bayes-optimal AUC %.4f +- %.4f (difference %.4f)",
            best,
            bayes.get().auc(),
            bayes.get().uncertainty(),
            bayes.get().auc() - best));
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException | NullPointerException e) {
      return Double.NaN;
    }
  }
}
