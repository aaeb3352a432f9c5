package hepscan.data.expr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Column names for expressions in outputs (ROOT branches, CSV headers): letters, digits and {@code
 * _}, not starting with a digit, unique. Operators become words so that different expressions
 * rarely collide ({@code a-b} → {@code a_minus_b}, {@code a/b} → {@code a_over_b}); remaining
 * collisions get {@code _2}, {@code _3}, ... in list order. A function of the texts alone: the same
 * list gives the same names on every run.
 */
public final class ColumnNames {
  private ColumnNames() {}

  private static final String[][] WORDS = {
    {"<=", "_le_"},
    {">=", "_ge_"},
    {"==", "_eq_"},
    {"!=", "_ne_"},
    {"&&", "_and_"},
    {"||", "_or_"},
    {"+", "_plus_"},
    {"-", "_minus_"},
    {"*", "_times_"},
    {"/", "_over_"},
    {"%", "_mod_"},
    {"<", "_lt_"},
    {">", "_gt_"},
    {"!", "_not_"}
  };

  /** Unique sanitised names, one per text, in order. */
  public static List<String> of(List<String> texts) {
    List<String> out = new ArrayList<>(texts.size());
    Set<String> used = new HashSet<>();
    for (String text : texts) {
      String base = sanitize(text);
      String name = base;
      for (int k = 2; !used.add(name); k++) {
        name = base + "_" + k;
      }
      out.add(name);
    }
    return out;
  }

  /** The sanitised form of one text (not made unique). */
  public static String sanitize(String text) {
    String s = text.strip();
    if (s.startsWith(Functions.TMATH)) {
      s = s.substring(Functions.TMATH.length());
    }
    s = s.replace("::", "_");
    for (String[] w : WORDS) {
      s = s.replace(w[0], w[1]);
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
    }
    String name = b.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
    if (name.isEmpty()) {
      return "column";
    }
    return Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }
}
