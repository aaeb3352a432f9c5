package hepscan.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns expressions into column names that ROOT branches and CSV headers accept: letters, digits
 * and {@code _}, not starting with a digit. Operators become words ({@code a+b} → {@code a_plus_b},
 * {@code Jet_Px[0]} → {@code Jet_Px_0}) so that different expressions rarely collide; {@link
 * #unique} settles the rest with {@code _2}, {@code _3}, ... in list order.
 */
public final class ColumnNames {
  private ColumnNames() {}

  public static String sanitise(String text) {
    String expression =
        text.replace("&&", "_and_")
            .replace("||", "_or_")
            .replace(">=", "_ge_")
            .replace("<=", "_le_")
            .replace("==", "_eq_")
            .replace("!=", "_ne_");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
        sb.append(c);
      } else {
        sb.append(
            switch (c) {
              case '+' -> "_plus_";
              case '-' -> "_minus_";
              case '*' -> "_times_";
              case '/' -> "_over_";
              case '%' -> "_mod_";
              case '<' -> "_lt_";
              case '>' -> "_gt_";
              case '=' -> "_eq_";
              case '!' -> "_not_";
              case '&' -> "_and_";
              case '|' -> "_or_";
              default -> "_";
            });
      }
    }
    String s = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
    if (s.isEmpty()) {
      return "var";
    }
    return Character.isDigit(s.charAt(0)) ? "v" + s : s;
  }

  /** The names made unique by suffixes {@code _2}, {@code _3}, ..., first come first served. */
  public static List<String> unique(List<String> names) {
    Set<String> taken = new HashSet<>(names);
    Set<String> used = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (String n : names) {
      String name = n;
      // a generated name also avoids names that appear later in the list as written
      for (int k = 2; used.contains(name) || (!name.equals(n) && taken.contains(name)); k++) {
        name = n + "_" + k;
      }
      used.add(name);
      out.add(name);
    }
    return out;
  }
}
