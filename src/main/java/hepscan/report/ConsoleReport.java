package hepscan.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as text for a terminal (a cluster's login node): the top trials as an aligned table,
 * per varied key a histogram of the criterion per value, and the keys' importance. Plain ASCII, at
 * most about 100 columns for a grid of a few keys.
 */
public final class ConsoleReport {
  private ConsoleReport() {}

  /** Width of the longest histogram bar, in characters. */
  static final int BAR = 30;

  /** The mark of an overtrained trial in the table. */
  static final String OVERTRAINED = "overtrained";

  public static void print(ReportContent c, PrintWriter out) {
    ScanResults r = c.results();
    String criterion = r.ranking().column();
    out.printf(
        Locale.ROOT,
        "scan %s: %d trials in %s, ranked by %s (%s is better); %d overtrained (%s)%n",
        r.name(),
        r.rows().size(),
        r.csv(),
        criterion,
        r.ranking().ascending() ? "lower" : "higher",
        c.overtraining().count(r.rows()),
        c.overtraining().rule());
    out.println();
    out.println("The " + Math.min(ReportContent.TOP_TABLE, r.rows().size()) + " best trials");
    table(c, out);
    List<String> varied = r.variedKeys();
    if (varied.isEmpty()) {
      out.println();
      out.println("No scan key varies: no histogram and no importance to show.");
    } else {
      out.println();
      histograms(c, out);
      out.println();
      importance(c, out);
    }
    out.println();
    out.println(bestLine(c));
  }

  /** The top trials as an aligned table: rank, trial, metrics, flag, varied keys. */
  static void table(ReportContent c, PrintWriter out) {
    List<String> header = new ArrayList<>(List.of("rank", "trial"));
    header.addAll(c.tableMetrics());
    header.add("flag");
    List<String> varied = c.results().variedKeys();
    header.addAll(varied);
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    for (Map<String, String> row : c.top(ReportContent.TOP_TABLE)) {
      List<String> cells = new ArrayList<>();
      cells.add(row.get(Collector.RANK));
      cells.add(row.get("trial_id"));
      for (String m : c.tableMetrics()) {
        cells.add(fixed(row.get(m)));
      }
      cells.add(c.overtraining().flagged(row) ? OVERTRAINED : "");
      for (String k : varied) {
        cells.add(row.getOrDefault(k, ""));
      }
      lines.add(cells);
    }
    int[] width = new int[header.size()];
    for (List<String> l : lines) {
      for (int i = 0; i < l.size(); i++) {
        width[i] = Math.max(width[i], l.get(i).length());
      }
    }
    for (List<String> l : lines) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < l.size(); i++) {
        String cell = l.get(i);
        // numbers right-aligned, words (trial id, flag, names) left-aligned
        boolean right = i == 0 || (i >= 2 && i < 2 + c.tableMetrics().size());
        String pad = " ".repeat(width[i] - cell.length());
        s.append(i == 0 ? "" : "  ").append(right ? pad + cell : cell + pad);
      }
      out.println(s.toString().stripTrailing());
    }
  }

  /** Per varied key and value: a bar of the mean criterion ('#'), extended to the best ('+'). */
  static void histograms(ReportContent c, PrintWriter out) {
    Ranking ranking = c.results().ranking();
    double[] range = range(c);
    out.printf(
        Locale.ROOT,
        "%s per value of each varied key: '#' up to the mean, '+' up to the best; longer is"
            + " better (scale %s to %s)%n",
        ranking.column(),
        Ranking.format(range[0]),
        Ranking.format(range[1]));
    for (Importance.KeyImportance k : inKeyOrder(c)) {
      out.println(k.key());
      int vw = k.values().stream().mapToInt(v -> v.value().length()).max().orElse(0);
      for (Importance.ValueStats v : k.values()) {
        int mean = bar(v.mean(), range);
        int best = Math.max(mean, bar(v.best(), range));
        String bars = "#".repeat(mean) + "+".repeat(best - mean);
        out.printf(
            Locale.ROOT,
            "  %-" + vw + "s  %-" + BAR + "s  mean %s  best %s  (%d trial%s)%n",
            v.value(),
            bars,
            fixed(Double.toString(v.mean())),
            fixed(Double.toString(v.best())),
            v.trials(),
            v.trials() == 1 ? "" : "s");
      }
    }
  }

  /** The importance ranking, with its method. */
  static void importance(ReportContent c, PrintWriter out) {
    Importance imp = c.importance();
    out.println(
        "Hyperparameter importance over "
            + imp.trials()
            + " trials: "
            + Importance.METHOD.replace(
                "the criterion's", "the " + c.results().ranking().column() + "'s"));
    if (imp.totalVariance() == 0) {
      out.println("  the " + c.results().ranking().column() + " is the same for every trial");
      return;
    }
    int kw =
        Math.max(
            "interactions and noise".length(),
            imp.keys().stream().mapToInt(k -> k.key().length()).max().orElse(0));
    for (Importance.KeyImportance k : imp.keys()) {
      out.printf(
          Locale.ROOT,
          "%s%n",
          String.format(
                  Locale.ROOT,
                  "  %-" + kw + "s  %5.1f %%  %s",
                  k.key(),
                  100 * k.share(),
                  "#".repeat((int) Math.round(BAR * k.share())))
              .stripTrailing());
    }
    out.printf(
        Locale.ROOT,
        "  %-" + kw + "s  %5.1f %%%n",
        "interactions and noise",
        100 * imp.unexplained());
  }

  /** Names the best trial by the overtraining rule, or says why there is none. */
  static String bestLine(ReportContent c) {
    return c.overtraining().bestLine(c.results().rows(), c.results().ranking());
  }

  /** The keys in the order of the CSV (the histograms follow the table's columns). */
  private static List<Importance.KeyImportance> inKeyOrder(ReportContent c) {
    List<String> order = c.results().variedKeys();
    return c.importance().keys().stream()
        .sorted(java.util.Comparator.comparingInt(k -> order.indexOf(k.key())))
        .toList();
  }

  /** {worst, best} criterion over the trials with a number. */
  static double[] range(ReportContent c) {
    Ranking ranking = c.results().ranking();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map<String, String> r : c.results().rows()) {
      double v = ranking.value(r);
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return ranking.ascending() ? new double[] {hi, lo} : new double[] {lo, hi};
  }

  /** Bar length of {@code v} between the worst (0) and the best ({@link #BAR}) trial. */
  static int bar(double v, double[] range) {
    if (!Double.isFinite(v)) {
      return 0;
    }
    if (range[0] == range[1]) {
      return BAR;
    }
    return (int) Math.round(BAR * (v - range[0]) / (range[1] - range[0]));
  }

  /** A metric cell: fixed 4 decimals (aligned), an exponent when tiny. */
  static String fixed(String cell) {
    if (cell == null || cell.isBlank()) {
      return "-";
    }
    try {
      double v = Double.parseDouble(cell);
      if (v != 0 && Math.abs(v) < 1e-3) {
        return String.format(Locale.ROOT, "%.1e", v);
      }
      return String.format(Locale.ROOT, "%.4f", v);
    } catch (NumberFormatException e) {
      return cell;
    }
  }
}
