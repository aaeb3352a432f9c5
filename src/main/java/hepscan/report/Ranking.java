package hepscan.report;

import java.util.Comparator;
import java.util.Map;

/**
 * Orders result rows by one metric column. Errors and losses rank ascending, accuracy, F1 and AUC
 * descending; a missing or non-numeric value ranks last; equal values are ordered by trial id so
 * the ranking is deterministic.
 */
public record Ranking(String column, boolean ascending) {

  /** The ranking for an eval_criterion name: eval_error, val_loss, val_acc, f1 or auc. */
  public static Ranking forCriterion(String criterion) {
    return switch (criterion) {
      case "eval_error", "val_loss", "loss" -> new Ranking(criterion, true);
      case "val_acc", "acc", "f1", "auc" -> new Ranking(criterion, false);
      default ->
          throw new IllegalArgumentException(
              "unknown eval_criterion '"
                  + criterion
                  + "': use one of eval_error, val_loss, val_acc, f1, auc");
    };
  }

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
}
