package hepscan.report;

import java.util.Comparator;
import java.util.Map;

/**
 * Orders result rows by one metric column. Errors and losses rank ascending, accuracy, F1 and AUC
 * descending; a missing or non-numeric value ranks last; equal values are ordered by trial id so
 * the ranking is deterministic.
 */
public record Ranking(String column, boolean ascending) {

  public Comparator<Map<String, String>> comparator() {
    Comparator<Map<String, String>> byValue =
        (a, b) -> {
          double x = value(a);
          double y = value(b);
          boolean xn = Double.isNaN(x);
          boolean yn = Double.isNaN(y);
          if (xn || yn) {
            return Boolean.compare(xn, yn);
          }
          return ascending ? Double.compare(x, y) : Double.compare(y, x);
        };
    return byValue.thenComparing(r -> r.getOrDefault("trial_id", ""));
  }

  /** The row's value of the ranking column, NaN when absent or not a number. */
  public double value(Map<String, String> row) {
    String s = row.get(column);
    if (s == null || s.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** A metric for people: 4 decimals, or 3 significant digits with an exponent when tiny. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v != 0 && Math.abs(v) < 1e-3) {
      return String.format(java.util.Locale.ROOT, "%.2e", v);
    }
    String s = String.format(java.util.Locale.ROOT, "%.4f", v);
    // 0.0500 -> 0.05, 1.0000 -> 1: no trailing zeros
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
