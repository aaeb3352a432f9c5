package hepscan.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" help: the nearest valid name by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate nearest to {@code word} (case-insensitive Levenshtein distance), if it is close
   * enough to be a plausible typo: at most 2 edits, or a third of the word's length for long words.
   * Ties go to the first candidate in iteration order.
   */
  public static Optional<String> nearest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d =
          distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, word.length() / 3);
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** " (did you mean 'x'?)" or a list of the valid names when nothing is near. */
  public static String hint(String word, Collection<String> candidates) {
    return nearest(word, candidates)
        .map(s -> "did you mean '" + s + "'?")
        .orElse("valid: " + String.join(", ", candidates));
  }

  /** Levenshtein distance (insertions, deletions, substitutions). */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
