package hepscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Hyperparameter importance as fANOVA's main effects (Hutter, Hoos and Leyton-Brown, ICML 2014),
 * computed on the grid itself instead of on a surrogate forest: the share of the criterion's
 * variance over the trials that each key explains alone, the variance of its per-value mean
 * criterion (each value weighted by its number of trials) over the total variance. On a complete
 * grid this is exactly the functional-ANOVA main effect; the shares then add up to at most 1, the
 * rest being interactions between keys and the spread between repetitions. Trials whose criterion
 * is not a number (diverged) are left out.
 *
 * @param keys one entry per key, most important first
 * @param trials the trials with a number for the criterion
 * @param totalVariance the criterion's variance over those trials
 */
public record Importance(List<KeyImportance> keys, int trials, double totalVariance) {

  /** How the importance is computed, in one line for the console, the page and the README. */
  public static final String METHOD =
      "fANOVA main effects computed on the grid: the share of the criterion's variance that each"
          + " key explains alone, i.e. the variance of the key's per-value mean criterion over the"
          + " total variance; the rest is interactions and repetition noise";

  public Importance {
    keys = List.copyOf(keys);
  }

  /** One value of a key: how many trials had it, their mean criterion and the best one. */
  public record ValueStats(String value, int trials, double mean, double best) {}

  /** One key: its share of the variance and its values' statistics, in value order. */
  public record KeyImportance(String key, double share, List<ValueStats> values) {
    public KeyImportance {
      values = List.copyOf(values);
    }
  }

  /** The share of the variance no single key explains (0 when the criterion does not vary). */
  public double unexplained() {
    if (totalVariance == 0) {
      return 0;
    }
    return Math.max(0, 1 - keys.stream().mapToDouble(KeyImportance::share).sum());
  }

  /** Computes the main effects of {@code keys} over {@code rows}. */
  public static Importance of(List<Map<String, String>> rows, List<String> keys, Ranking ranking) {
    List<Map<String, String>> measured =
        rows.stream().filter(r -> Double.isFinite(ranking.value(r))).toList();
    int n = measured.size();
    double mean = measured.stream().mapToDouble(ranking::value).average().orElse(Double.NaN);
    double total = 0;
    for (Map<String, String> r : measured) {
      double d = ranking.value(r) - mean;
      total += d * d;
    }
    total = n == 0 ? 0 : total / n;
    List<KeyImportance> out = new ArrayList<>();
    for (String key : keys) {
      List<ValueStats> stats = new ArrayList<>();
      double between = 0;
      for (String value : ScanResults.values(measured, key)) {
        List<Double> ys =
            measured.stream()
                .filter(r -> value.equals(r.getOrDefault(key, "")))
                .map(ranking::value)
                .toList();
        double m = ys.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double best =
            ranking.ascending()
                ? ys.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)
                : ys.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        stats.add(new ValueStats(value, ys.size(), m, best));
        between += ys.size() * (m - mean) * (m - mean);
      }
      double share = total > 0 ? between / n / total : 0;
      out.add(new KeyImportance(key, share, stats));
    }
    out.sort(Comparator.comparingDouble(KeyImportance::share).reversed());
    return new Importance(out, n, total);
  }
}
