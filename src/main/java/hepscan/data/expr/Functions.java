package hepscan.data.expr;

import hepscan.util.EditDistance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The function names an expression may call: the C/TTreeFormula lower-case names, and the {@code
 * TMath::} functions as ROOT spells them. Under the {@code TMath::} prefix the lower-case names are
 * accepted too, so {@code TMath::sqrt} works like {@code TMath::Sqrt}.
 */
final class Functions {
  private Functions() {}

  /**
   * A callable function: exactly one of {@code unary}, {@code binary} is set, or neither for a
   * constant.
   */
  record Function(String name, int arity, UnaryOp unary, BinaryOp binary, double constant) {
    static Function of(String name, UnaryOp op) {
      return new Function(name, 1, op, null, Double.NaN);
    }

    static Function of(String name, BinaryOp op) {
      return new Function(name, 2, null, op, Double.NaN);
    }
  }

  static final String TMATH = "TMath::";

  private static final Map<String, Function> PLAIN = new LinkedHashMap<>();
  private static final Map<String, Function> TMATH_ONLY = new LinkedHashMap<>();

  static {
    plain(Function.of("abs", UnaryOp.ABS));
    plain(Function.of("fabs", UnaryOp.ABS));
    plain(Function.of("sqrt", UnaryOp.SQRT));
    plain(Function.of("exp", UnaryOp.EXP));
    plain(Function.of("log", UnaryOp.LOG));
    plain(Function.of("log10", UnaryOp.LOG10));
    plain(Function.of("pow", BinaryOp.POW));
    plain(Function.of("sin", UnaryOp.SIN));
    plain(Function.of("cos", UnaryOp.COS));
    plain(Function.of("tan", UnaryOp.TAN));
    plain(Function.of("asin", UnaryOp.ASIN));
    plain(Function.of("acos", UnaryOp.ACOS));
    plain(Function.of("atan", UnaryOp.ATAN));
    plain(Function.of("atan2", BinaryOp.ATAN2));
    plain(Function.of("sinh", UnaryOp.SINH));
    plain(Function.of("cosh", UnaryOp.COSH));
    plain(Function.of("tanh", UnaryOp.TANH));
    plain(Function.of("min", BinaryOp.MIN));
    plain(Function.of("max", BinaryOp.MAX));
    plain(Function.of("hypot", BinaryOp.HYPOT));
    tmath(Function.of("Abs", UnaryOp.ABS));
    tmath(Function.of("Sqrt", UnaryOp.SQRT));
    tmath(Function.of("Exp", UnaryOp.EXP));
    tmath(Function.of("Log", UnaryOp.LOG));
    tmath(Function.of("Log10", UnaryOp.LOG10));
    tmath(Function.of("Power", BinaryOp.POW));
    tmath(Function.of("Sin", UnaryOp.SIN));
    tmath(Function.of("Cos", UnaryOp.COS));
    tmath(Function.of("Tan", UnaryOp.TAN));
    tmath(Function.of("ASin", UnaryOp.ASIN));
    tmath(Function.of("ACos", UnaryOp.ACOS));
    tmath(Function.of("ATan", UnaryOp.ATAN));
    tmath(Function.of("ATan2", BinaryOp.ATAN2));
    tmath(Function.of("SinH", UnaryOp.SINH));
    tmath(Function.of("CosH", UnaryOp.COSH));
    tmath(Function.of("TanH", UnaryOp.TANH));
    tmath(Function.of("Min", BinaryOp.MIN));
    tmath(Function.of("Max", BinaryOp.MAX));
    tmath(Function.of("Hypot", BinaryOp.HYPOT));
    tmath(new Function("Pi", 0, null, null, Math.PI));
    tmath(new Function("E", 0, null, null, Math.E));
  }

  private static void plain(Function f) {
    PLAIN.put(f.name(), f);
  }

  private static void tmath(Function f) {
    TMATH_ONLY.put(
        TMATH + f.name(),
        new Function(TMATH + f.name(), f.arity(), f.unary(), f.binary(), f.constant()));
  }

  /** The function called {@code name} (with its {@code TMath::} prefix if written so), or null. */
  static Function lookup(String name) {
    if (name.startsWith(TMATH)) {
      Function f = TMATH_ONLY.get(name);
      if (f != null) {
        return f;
      }
      Function plain = PLAIN.get(name.substring(TMATH.length()));
      return plain == null
          ? null
          : new Function(name, plain.arity(), plain.unary(), plain.binary(), plain.constant());
    }
    return PLAIN.get(name);
  }

  /** The nearest known name for a "did you mean" hint, or null when nothing is close. */
  static String suggest(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    List<String> candidates = new ArrayList<>();
    if (name.startsWith(TMATH)) {
      candidates.addAll(TMATH_ONLY.keySet());
      PLAIN.keySet().forEach(p -> candidates.add(TMATH + p));
    } else {
      // a ROOT spelling without its prefix (Sqrt, Power): name the accepted form
      if (PLAIN.containsKey(lower)) {
        return lower;
      }
      for (String t : TMATH_ONLY.keySet()) {
        if (t.equalsIgnoreCase(TMATH + name)) {
          return t;
        }
      }
      candidates.addAll(PLAIN.keySet());
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = EditDistance.levenshtein(lower, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int bare = name.startsWith(TMATH) ? name.length() - TMATH.length() : name.length();
    return bestDistance <= Math.max(1, Math.min(2, bare / 3)) ? best : null;
  }
}
