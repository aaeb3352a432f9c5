package hepscan.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The overtraining rule: a trial whose KS p-value (signal score on the training split against the
 * evaluation split, the smaller of signal and background) is below {@code threshold} is flagged,
 * and is never named the best unless {@code allowed}.
 */
public record Overtraining(double threshold, boolean allowed) {

  public Overtraining {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("KS p-value threshold " + threshold + " not in [0, 1]");
    }
  }

  /** True when the row's KS p-value is below the threshold (a missing or NaN one is not). */
  public boolean flagged(Map<String, String> row) {
    return ksPvalue(row) < threshold;
  }

  /**
   * The best row of {@code ranked} (best first): the first with a number for the criterion that is
   * not flagged, or flagged but {@code allowed}.
   */
  public Optional<Map<String, String>> best(List<Map<String, String>> ranked, Ranking ranking) {
    for (Map<String, String> row : ranked) {
      if (Double.isFinite(ranking.value(row)) && (allowed || !flagged(row))) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  /**
   * One line naming the best of {@code ranked} (best first) by this rule, or saying why there is
   * none: for the report and the summaries of --scan and --csv.
   */
  public String bestLine(List<Map<String, String>> ranked, Ranking ranking) {
    Optional<Map<String, String>> best = best(ranked, ranking);
    if (best.isEmpty()) {
      return allowed
          ? "best: none (no trial has a number for " + ranking.column() + ")"
          : "best: none: every trial with a number for "
              + ranking.column()
              + " is overtrained ("
              + rule()
              + "); --allow-overtrained names the best anyway";
    }
    Map<String, String> b = best.get();
    long above =
        ranked.stream()
            .takeWhile(r -> r != b)
            .filter(r -> Double.isFinite(ranking.value(r)))
            .count();
    return String.format(
        Locale.ROOT,
        "best: rank %d, trial %s, %s %s%s%s",
        ranked.indexOf(b) + 1,
        b.get("trial_id"),
        ranking.column(),
        Ranking.format(ranking.value(b)),
        flagged(b) ? " (overtrained: " + rule() + "; named because of --allow-overtrained)" : "",
        above > 0 ? " (the " + above + " ranked above it are overtrained: " + rule() + ")" : "");
  }

  public long count(List<Map<String, String>> rows) {
    return rows.stream().filter(this::flagged).count();
  }

  /** The rule in words, e.g. "KS p-value < 0.05". */
  public String rule() {
    return String.format(Locale.ROOT, "KS p-value < %s", Ranking.format(threshold));
  }

  private static double ksPvalue(Map<String, String> row) {
    String s = row.get("ks_pvalue");
    try {
      return s == null ? Double.NaN : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
