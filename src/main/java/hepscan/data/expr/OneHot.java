package hepscan.data.expr;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The one-hot encoding of an integer variable ({@code name@op}): its categories, found on the
 * training split and stored with the model, and one 0/1 column per category. A value not seen in
 * training (in evaluation or in later applications) gets all zeros, like scikit-learn's {@code
 * handle_unknown="ignore"}: the network sees "none of the known categories".
 *
 * @param categories sorted, distinct
 */
public record OneHot(List<Long> categories) {
  /** More categories than this is almost surely a continuous variable written with {@code @op}. */
  public static final int MAX_CATEGORIES = 100;

  public OneHot {
    categories = List.copyOf(categories);
    for (int i = 1; i < categories.size(); i++) {
      if (categories.get(i) <= categories.get(i - 1)) {
        throw new IllegalArgumentException(
            "one-hot categories must be sorted and distinct: " + categories);
      }
    }
  }

  /**
   * The categories of {@code values} (the training split's). Every value must be an integer.
   *
   * @param name the variable, for error messages
   * @throws IllegalArgumentException naming the variable, the event and the value, or the count
   */
  public static OneHot fit(String name, double[] values) {
    TreeSet<Long> seen = new TreeSet<>();
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v != Math.rint(v) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(
            name
                + ": value "
                + v
                + " of event "
                + i
                + " is not an integer; @op one-hot encodes integer variables only");
      }
      if (seen.add((long) v) && seen.size() > MAX_CATEGORIES) {
        throw new IllegalArgumentException(
            name
                + " has more than "
                + MAX_CATEGORIES
                + " distinct values; @op is meant for a few integer categories");
      }
    }
    if (seen.isEmpty()) {
      throw new IllegalArgumentException(name + ": no events to find the one-hot categories in");
    }
    return new OneHot(List.copyOf(seen));
  }

  /** One column name per category, e.g. {@code n_jets_2}, {@code charge_m1} for -1. */
  public List<String> columnNames(String base) {
    return categories.stream()
        .map(c -> base + "_" + (c < 0 ? "m" + (-c) : Long.toString(c)))
        .toList();
  }

  /** One 0/1 column per category; values outside the categories get zeros in every column. */
  public double[][] encode(double[] values) {
    double[][] out = new double[categories.size()][values.length];
    long[] cats = categories.stream().mapToLong(Long::longValue).toArray();
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v == Math.rint(v)) {
        int k = Arrays.binarySearch(cats, (long) v);
        if (k >= 0) {
          out[k][i] = 1.0;
        }
      }
    }
    return out;
  }
}
