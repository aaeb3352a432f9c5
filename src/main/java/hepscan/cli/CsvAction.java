package hepscan.cli;

import hepscan.report.Collector;
import hepscan.report.Overtraining;
import hepscan.report.Ranking;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hepscan --csv DIR}: ranks the per-trial CSVs of a result folder into {@code
 * model/NAME.csv}, and prints the best trials.
 */
final class CsvAction {
  private CsvAction() {}

  static int run(
      Path resultDir, Ranking ranking, Overtraining overtraining, Path modelDir, PrintWriter out)
      throws IOException {
    String name = scanNameOf(resultDir);
    Path target = modelDir.resolve(name + ".csv");
    Collector.Collected c = Collector.collect(resultDir, ranking);
    for (Collector.Problem problem : c.problems()) {
      out.println("warning: " + problem);
    }
    if (c.rows().isEmpty()) {
      out.flush();
      throw new UserError(
          ExitCodes.FAILURE,
          "no valid trial result in "
              + resultDir
              + " ("
              + c.files()
              + " result files, "
              + c.problemSummary()
              + "); "
              + target
              + " is left as it was");
    }
    Collector.write(c, target);
    // broken files are reported and left out: the ranking of the others still stands
    out.println(Collector.summary(c, target, ranking));
    printBest(c.rows(), ranking, overtraining, 5, out);
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The scan name of a result folder: {@code model/NAME/} gives NAME, and so does {@code
   * slurm/NAME/output/}.
   */
  static String scanNameOf(Path resultDir) {
    Path abs = resultDir.toAbsolutePath().normalize();
    Path last = abs.getFileName();
    if (last != null
        && last.toString().equals("output")
        && abs.getParent() != null
        && abs.getParent().getFileName() != null) {
      return abs.getParent().getFileName().toString();
    }
    if (last == null) {
      throw new UserError(ExitCodes.USAGE, "cannot name a scan after " + resultDir);
    }
    return last.toString();
  }

  /**
   * Prints the first {@code n} rows: rank, trial, ranking metric, AUC and val_loss, the varied scan
   * keys and the overtraining flag; then names the best by the overtraining rule.
   */
  static void printBest(
      List<Map<String, String>> rows,
      Ranking ranking,
      Overtraining overtraining,
      int n,
      PrintWriter out) {
    List<String> metrics = new java.util.ArrayList<>(List.of(ranking.column()));
    for (String m : List.of("auc", "val_loss")) {
      if (!metrics.contains(m)) {
        metrics.add(m);
      }
    }
    List<String> varied = variedKeys(rows);
    StringBuilder head =
        new StringBuilder(String.format(Locale.ROOT, "%4s  %-12s", "rank", "trial"));
    metrics.forEach(m -> head.append(String.format(Locale.ROOT, "  %10s", m)));
    varied.forEach(k -> head.append("  ").append(k));
    head.append("  flag");
    out.println(head);
    for (int i = 0; i < Math.min(n, rows.size()); i++) {
      Map<String, String> r = rows.get(i);
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "%4d  %-12s", i + 1, r.get("trial_id")));
      metrics.forEach(m -> line.append(String.format(Locale.ROOT, "  %10s", fmt(r.get(m)))));
      varied.forEach(
          k ->
              line.append("  ")
                  .append(" ".repeat(Math.max(0, k.length() - String.valueOf(r.get(k)).length())))
                  .append(r.get(k)));
      line.append(overtraining.flagged(r) ? "  overtrained" : "");
      out.println(line);
    }
    out.println(overtraining.bestLine(rows, ranking));
  }

  /** The scan keys (and repetition) whose value differs between rows: the ones worth showing. */
  static List<String> variedKeys(List<Map<String, String>> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> metrics = hepscan.scan.TrialResult.METRIC_COLUMNS;
    return rows.get(0).keySet().stream()
        .filter(k -> !k.equals("trial_id") && !k.equals(Collector.RANK) && !metrics.contains(k))
        .filter(k -> rows.stream().map(r -> r.getOrDefault(k, "")).distinct().count() > 1)
        .toList();
  }

  private static String fmt(String v) {
    if (v == null || v.isBlank()) {
      return "-";
    }
    try {
      return String.format(Locale.ROOT, "%.4f", Double.parseDouble(v));
    } catch (NumberFormatException e) {
      return v;
    }
  }
}
