package hepscan.scan;

import hepscan.util.CanonicalText;
import hepscan.util.Hashing;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
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
            unique.putIfAbsent(CanonicalText.value(v), v);
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

  /**
   * Combinations in which every value of every list appears at least once, and the keys in {@code
   * together} take every combination of their values (the others their first): enough to check a
   * grid value by value when only the keys in {@code together} constrain each other, without
   * expanding it.
   */
  public List<Map<String, Object>> coveringCombinations(Set<String> together) {
    List<Map<String, Object>> joint = new ArrayList<>();
    joint.add(new TreeMap<>());
    values.forEach(
        (key, list) -> {
          if (together.contains(key)) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : joint) {
              for (Object v : list) {
                Map<String, Object> m = new TreeMap<>(partial);
                m.put(key, v);
                next.add(m);
              }
            }
            joint.clear();
            joint.addAll(next);
          }
        });
    Map<String, Object> firsts = new TreeMap<>();
    values.forEach((key, list) -> firsts.put(key, list.get(0)));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> j : joint) {
      Map<String, Object> base = new TreeMap<>(firsts);
      base.putAll(j);
      out.add(base);
      values.forEach(
          (key, list) -> {
            if (!together.contains(key)) {
              for (Object v : list.subList(1, list.size())) {
                Map<String, Object> m = new TreeMap<>(base);
                m.put(key, v);
                out.add(m);
              }
            }
          });
    }
    return out;
  }

  public int repetitions() {
    return repetitions;
  }

  /**
   * Every trial: combinations in lexicographic order of the sorted keys, each repeated. The list is
   * lazy: trial {@code i} is made when asked for, so a grid of a million trials costs no memory
   * until it is used, and only the trials a task needs are ever made.
   */
  public List<TrialSpec> trials() {
    int total = checkedSize();
    List<String> keys = new ArrayList<>(values.keySet());
    return new LazyTrials(keys, total);
  }

  /** The number of trials, refused with the grid's shape when above {@link #MAX_TRIALS}. */
  private int checkedSize() {
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
    return (int) total;
  }

  /** Trial {@code i} decoded from its index: the last key varies fastest, then the repetition. */
  private final class LazyTrials extends AbstractList<TrialSpec> implements RandomAccess {
    private final List<String> keys;
    private final List<List<String>> canonical = new ArrayList<>();
    private final int size;

    LazyTrials(List<String> keys, int size) {
      this.keys = keys;
      this.size = size;
      for (String key : keys) {
        canonical.add(values.get(key).stream().map(CanonicalText::value).toList());
      }
    }

    @Override
    public TrialSpec get(int i) {
      Objects.checkIndex(i, size);
      long combination = i / repetitions;
      int rep = i % repetitions;
      Map<String, Object> hp = new TreeMap<>();
      int[] chosen = new int[keys.size()];
      for (int k = keys.size() - 1; k >= 0; k--) {
        List<Object> list = values.get(keys.get(k));
        chosen[k] = (int) (combination % list.size());
        hp.put(keys.get(k), list.get(chosen[k]));
        combination /= list.size();
      }
      // trialId(hp, rep), from the values' canonical spellings made once per grid
      StringBuilder text = new StringBuilder();
      for (int k = 0; k < keys.size(); k++) {
        text.append(keys.get(k)).append('=').append(canonical.get(k).get(chosen[k])).append(';');
      }
      String id = idOf(text.append('#').append(rep).toString());
      return new TrialSpec(id, hp, rep, seedOf(id));
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** The id of a combination and repetition: a hash of their canonical text. */
  public static String trialId(Map<String, ?> hyperparameters, int repetition) {
    return idOf(canonicalText(hyperparameters, repetition));
  }

  private static String idOf(String canonicalText) {
    return Hashing.sha256Hex(canonicalText).substring(0, ID_LENGTH);
  }

  /** {@code key=value;key=value;#rep} with sorted keys and canonical values. */
  static String canonicalText(Map<String, ?> hyperparameters, int repetition) {
    return CanonicalText.of(hyperparameters) + "#" + repetition;
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
