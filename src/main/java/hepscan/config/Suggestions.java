package hepscan.config;

import hepscan.util.EditDistance;
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
          EditDistance.levenshtein(
              word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
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
}
