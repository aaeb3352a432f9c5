package hepscan.cli;

import hepscan.config.ConfigException;
import hepscan.config.ParametersLoader;
import hepscan.config.RankingSettings;
import hepscan.report.ConsoleReport;
import hepscan.report.Overtraining;
import hepscan.report.Ranking;
import hepscan.report.ReportContent;
import hepscan.report.ReportException;
import hepscan.report.ReportPage;
import hepscan.report.ReportPlots;
import hepscan.report.ScanReport;
import hepscan.report.ScanResults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hepscan --report NAME}: the best trials, the histograms and importance of the keys on the
 * console; PNG plots and a static page in {@code plotting/NAME/}; the command that adopts the best
 * model. Made from what is there: a missing zip is a warning (exit 1), not the end of the report.
 */
final class ReportAction {
  private ReportAction() {}

  static int run(
      String nameArgument,
      Path workDir,
      Path parametersFile,
      boolean allowOvertrained,
      PrintWriter out)
      throws IOException {
    RankingSettings settings = rankingSettings(parametersFile);
    Ranking ranking = new Ranking(settings.criterion().key(), settings.criterion().ascending());
    Overtraining overtraining = new Overtraining(settings.overtrainingKsPvalue(), allowOvertrained);
    Path csv = csvOf(nameArgument, workDir);
    String name = nameOf(csv);
    ScanResults results;
    try {
      results = ScanResults.read(name, csv, ranking);
    } catch (ReportException e) {
      throw new UserError(e.badInput() ? ExitCodes.USAGE : ExitCodes.FAILURE, e.getMessage(), e);
    }
    ReportContent content =
        ScanReport.gather(
            new ScanReport.Request(
                results,
                overtraining,
                List.of(
                    csv.getParent().resolve(name),
                    workDir.resolve("slurm").resolve(name).resolve("output")),
                Optional.of(parametersFile.toAbsolutePath().normalize()),
                VersionProvider.version()));
    for (String warning : content.warnings()) {
      out.println("warning: " + warning);
    }
    ConsoleReport.print(content, out);

    Path plotDir = workDir.resolve("plotting").resolve(name);
    ReportPlots.Written plots = ReportPlots.write(content, plotDir);
    plots.notes().forEach(n -> out.println("note: " + n));
    String adopt = adoptCommand(content, name, workDir).orElse("");
    Path page = ReportPage.write(content, plots, plotDir, adopt);
    out.println(
        "plots: "
            + plots.plots().size()
            + " PNG files in "
            + shown(plotDir)
            + "; page: "
            + shown(page));
    if (!adopt.isEmpty()) {
      out.println(adopt);
    } else if (content.best().isPresent()) {
      out.println(
          "the best trial's model zip is missing: nothing to adopt (see the warnings above)");
    }
    out.flush();
    return content.warnings().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** {@code ./hepscan --zip <zip of the best> model/NAME.zip}, if the best has its zip. */
  private static Optional<String> adoptCommand(ReportContent c, String name, Path workDir) {
    Optional<Map<String, String>> best = c.best();
    if (best.isEmpty() || !c.zips().containsKey(best.get().get("trial_id"))) {
      return Optional.empty();
    }
    Path zip = c.zips().get(best.get().get("trial_id"));
    return Optional.of(
        "./hepscan --zip "
            + shown(zip)
            + " "
            + shown(workDir.resolve("model").resolve(name + ".zip")));
  }

  /**
   * The ranked CSV a name stands for: {@code NAME}, {@code NAME.csv} and {@code model/NAME.csv} all
   * mean {@code model/NAME.csv} of the project (as in HHMachineLearning); a path to an existing CSV
   * elsewhere is taken as it is.
   */
  static Path csvOf(String argument, Path workDir) {
    String file = argument.endsWith(".csv") ? argument : argument + ".csv";
    Path given = Path.of(file);
    if (given.getNameCount() > 1 && java.nio.file.Files.isRegularFile(given)) {
      return given.toAbsolutePath().normalize();
    }
    if (given.getFileName() == null || given.getFileName().toString().equals(".csv")) {
      throw new UserError(ExitCodes.USAGE, "--report needs a scan name, e.g. --report demo");
    }
    return workDir.resolve("model").resolve(given.getFileName().toString());
  }

  private static String nameOf(Path csv) {
    String f = csv.getFileName().toString();
    return f.substring(0, f.length() - ".csv".length());
  }

  /** A path as the user would type it: relative to the current directory when inside it. */
  static String shown(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd)
        ? cwd.relativize(abs).toString()
        : abs.toString();
  }

  /** The parameters file's ranking keys; a bad file is a usage error (exit 2). */
  static RankingSettings rankingSettings(Path parametersFile) {
    try {
      return ParametersLoader.rankingSettings(parametersFile);
    } catch (ConfigException e) {
      throw new UserError(
          ExitCodes.USAGE,
          "invalid configuration:\n" + e.getMessage().indent(2).stripTrailing(),
          e);
    }
  }
}
