package hepscan.scan;

import hepscan.util.CanonicalText;
import hepscan.util.Hashing;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Cartesian product of the scan lists, times the repetitions. Keys are sorted before the
 * product (optuna's GridSampler habit), so the trial order and ids do not depend on the order of
 * the keys in the parameters file; duplicate values in a list are dropped, so no combination is
 * trained twice.
 */
public final class Grid {
  /**
   * Length of a trial id in hex characters (48 bits: collisions are negligible for any real grid).
   */
  static final int ID_LENGTH = 12;

  /** The most trials a grid may have (a larger one is refused before it is expanded). */
  public static final int MAX_TRIALS = 1_000_000;

  private final TreeMap<String, List<Object>> values;
  private final int repetitions;
  private final long baseSeed;

  public Grid(Map<String, ? extends List<?>> values, int repetitions, long baseSeed) {
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetition must be at least 1, got " + repetitions);
    }
    this.values = new TreeMap<>();
    values.forEach(
        (key, list) -> {
          if (list.isEmpty()) {
            throw new IllegalArgumentException("scan list '" + key + "' is empty");
          }
          LinkedHashMap<String, Object> unique = new LinkedHashMap<>();
          for (Object v : list) {
            unique.putIfAbsent(canonicalValue(v), v);
          }
          this.values.put(key, List.copyOf(unique.values()));
        });
    this.repetitions = repetitions;
    this.baseSeed = baseSeed;
  }

  /** Number of distinct combinations, not counting repetitions. */
  public long combinations() {
    long n = 1;
    for (List<Object> list : values.values()) {
      n = Math.multiplyExact(n, list.size());
    }
    return n;
  }

  public int repetitions() {
    return repetitions;
  }

  /** The expanded grid, made on first use: every caller shares one list. */
  private List<TrialSpec> trials;

  /**
   * Every trial: combinations in lexicographic order of the sorted keys, each repeated. Expanded
   * once per grid (ids are hashes: a large grid is worth not expanding again per use).
   */
  public synchronized List<TrialSpec> trials() {
    if (trials == null) {
      trials = List.copyOf(expand());
    }
    return trials;
  }

  private List<TrialSpec> expand() {
    long total;
    try {
      total = Math.multiplyExact(combinations(), repetitions);
    } catch (ArithmeticException e) {
      total = Long.MAX_VALUE;
    }
    if (total > MAX_TRIALS) {
      StringBuilder sizes = new StringBuilder();
      values.forEach((k, v) -> sizes.append(k).append(' ').append(v.size()).append(" x "));
      sizes.append("repetition ").append(repetitions);
      throw new IllegalArgumentException(
          "the scan grid has "
              + (total == Long.MAX_VALUE ? "more than 2^63" : Long.toString(total))
              + " trials ("
              + sizes
              + "): more than "
              + MAX_TRIALS
              + " is surely a mistake; shorten the longest lists");
    }
    List<String> keys = new ArrayList<>(values.keySet());
    List<TrialSpec> trials = new ArrayList<>((int) total);
    int[] idx = new int[keys.size()];
    for (long c = 0; c < combinations(); c++) {
      Map<String, Object> hp = new TreeMap<>();
      for (int k = 0; k < keys.size(); k++) {
        hp.put(keys.get(k), values.get(keys.get(k)).get(idx[k]));
      }
      for (int rep = 0; rep < repetitions; rep++) {
        String id = trialId(hp, rep);
        trials.add(new TrialSpec(id, hp, rep, seedOf(id)));
      }
      // odometer increment, last key fastest
      for (int k = keys.size() - 1; k >= 0; k--) {
        if (++idx[k] < values.get(keys.get(k)).size()) {
          break;
        }
        idx[k] = 0;
      }
    }
    return trials;
  }

  /** The id of a combination and repetition: a hash of their canonical text. */
  public static String trialId(Map<String, ?> hyperparameters, int repetition) {
    return Hashing.sha256Hex(canonicalText(hyperparameters, repetition)).substring(0, ID_LENGTH);
  }

  /** {@code key=value;key=value;#rep} with sorted keys and canonical values. */
  static String canonicalText(Map<String, ?> hyperparameters, int repetition) {
    return CanonicalText.of(hyperparameters) + "#" + repetition;
  }

  /** One spelling per value: see {@link CanonicalText#value}. */
  public static String canonicalValue(Object v) {
    return CanonicalText.value(v);
  }

  private long seedOf(String id) {
    byte[] digest =
        Hashing.sha256()
            .digest((baseSeed + ":" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return "Grid" + values + " x" + repetitions + " (" + HexFormat.of().toHexDigits(baseSeed) + ")";
  }
}
