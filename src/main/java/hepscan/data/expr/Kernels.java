package hepscan.data.expr;

/**
 * The column loops of every operator. One switch per block of events selects a tight loop, so the
 * per-event work has no virtual calls and no boxing; the JIT can vectorise the simple loops. The
 * scalar helpers at the end define the semantics shared by loops and constant folding.
 */
final class Kernels {
  private Kernels() {}

  /** o[i] = op(a[i]). {@code o} may be {@code a}. */
  static void unary(UnaryOp op, double[] a, double[] o, int n) {
    switch (op) {
      case NEG -> {
        for (int i = 0; i < n; i++) o[i] = -a[i];
      }
      case NOT -> {
        for (int i = 0; i < n; i++) o[i] = a[i] == 0.0 ? 1.0 : 0.0;
      }
      case ABS -> {
        for (int i = 0; i < n; i++) o[i] = Math.abs(a[i]);
      }
      case SQRT -> {
        for (int i = 0; i < n; i++) o[i] = Math.sqrt(a[i]);
      }
      case EXP -> {
        for (int i = 0; i < n; i++) o[i] = Math.exp(a[i]);
      }
      case LOG -> {
        for (int i = 0; i < n; i++) o[i] = Math.log(a[i]);
      }
      case LOG10 -> {
        for (int i = 0; i < n; i++) o[i] = Math.log10(a[i]);
      }
      case SIN -> {
        for (int i = 0; i < n; i++) o[i] = Math.sin(a[i]);
      }
      case COS -> {
        for (int i = 0; i < n; i++) o[i] = Math.cos(a[i]);
      }
      case TAN -> {
        for (int i = 0; i < n; i++) o[i] = Math.tan(a[i]);
      }
      case ASIN -> {
        for (int i = 0; i < n; i++) o[i] = Math.asin(a[i]);
      }
      case ACOS -> {
        for (int i = 0; i < n; i++) o[i] = Math.acos(a[i]);
      }
      case ATAN -> {
        for (int i = 0; i < n; i++) o[i] = Math.atan(a[i]);
      }
      case SINH -> {
        for (int i = 0; i < n; i++) o[i] = Math.sinh(a[i]);
      }
      case COSH -> {
        for (int i = 0; i < n; i++) o[i] = Math.cosh(a[i]);
      }
      case TANH -> {
        for (int i = 0; i < n; i++) o[i] = Math.tanh(a[i]);
      }
      default -> throw new AssertionError(op);
    }
  }

  /** o[i] = op(a[i], b[i]). {@code o} may be {@code a} or {@code b}. */
  static void arrayArray(BinaryOp op, double[] a, double[] b, double[] o, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) o[i] = a[i] + b[i];
      }
      case SUB -> {
        for (int i = 0; i < n; i++) o[i] = a[i] - b[i];
      }
      case MUL -> {
        for (int i = 0; i < n; i++) o[i] = a[i] * b[i];
      }
      case DIV -> {
        for (int i = 0; i < n; i++) o[i] = a[i] / b[i];
      }
      case MOD -> {
        for (int i = 0; i < n; i++) o[i] = mod(a[i], b[i]);
      }
      case LT -> {
        for (int i = 0; i < n; i++) o[i] = a[i] < b[i] ? 1.0 : 0.0;
      }
      case LE -> {
        for (int i = 0; i < n; i++) o[i] = a[i] <= b[i] ? 1.0 : 0.0;
      }
      case GT -> {
        for (int i = 0; i < n; i++) o[i] = a[i] > b[i] ? 1.0 : 0.0;
      }
      case GE -> {
        for (int i = 0; i < n; i++) o[i] = a[i] >= b[i] ? 1.0 : 0.0;
      }
      case EQ -> {
        for (int i = 0; i < n; i++) o[i] = a[i] == b[i] ? 1.0 : 0.0;
      }
      case NE -> {
        for (int i = 0; i < n; i++) o[i] = a[i] != b[i] ? 1.0 : 0.0;
      }
      case AND -> {
        for (int i = 0; i < n; i++) o[i] = a[i] != 0.0 && b[i] != 0.0 ? 1.0 : 0.0;
      }
      case OR -> {
        for (int i = 0; i < n; i++) o[i] = a[i] != 0.0 || b[i] != 0.0 ? 1.0 : 0.0;
      }
      case POW -> {
        for (int i = 0; i < n; i++) o[i] = pow(a[i], b[i]);
      }
      case ATAN2 -> {
        for (int i = 0; i < n; i++) o[i] = Math.atan2(a[i], b[i]);
      }
      case MIN -> {
        for (int i = 0; i < n; i++) o[i] = min(a[i], b[i]);
      }
      case MAX -> {
        for (int i = 0; i < n; i++) o[i] = max(a[i], b[i]);
      }
      case HYPOT -> {
        for (int i = 0; i < n; i++) o[i] = Math.hypot(a[i], b[i]);
      }
      case ALT -> {
        for (int i = 0; i < n; i++) o[i] = Double.isNaN(a[i]) ? b[i] : a[i];
      }
      default -> throw new AssertionError(op);
    }
  }

  /** o[i] = op(a[i], c). {@code o} may be {@code a}. */
  static void arrayConst(BinaryOp op, double[] a, double c, double[] o, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) o[i] = a[i] + c;
      }
      case SUB -> {
        for (int i = 0; i < n; i++) o[i] = a[i] - c;
      }
      case MUL -> {
        for (int i = 0; i < n; i++) o[i] = a[i] * c;
      }
      case DIV -> {
        for (int i = 0; i < n; i++) o[i] = a[i] / c;
      }
      case MOD -> {
        for (int i = 0; i < n; i++) o[i] = mod(a[i], c);
      }
      case LT -> {
        for (int i = 0; i < n; i++) o[i] = a[i] < c ? 1.0 : 0.0;
      }
      case LE -> {
        for (int i = 0; i < n; i++) o[i] = a[i] <= c ? 1.0 : 0.0;
      }
      case GT -> {
        for (int i = 0; i < n; i++) o[i] = a[i] > c ? 1.0 : 0.0;
      }
      case GE -> {
        for (int i = 0; i < n; i++) o[i] = a[i] >= c ? 1.0 : 0.0;
      }
      case EQ -> {
        for (int i = 0; i < n; i++) o[i] = a[i] == c ? 1.0 : 0.0;
      }
      case NE -> {
        for (int i = 0; i < n; i++) o[i] = a[i] != c ? 1.0 : 0.0;
      }
      case AND -> {
        for (int i = 0; i < n; i++) o[i] = a[i] != 0.0 && c != 0.0 ? 1.0 : 0.0;
      }
      case OR -> {
        for (int i = 0; i < n; i++) o[i] = a[i] != 0.0 || c != 0.0 ? 1.0 : 0.0;
      }
      case POW -> {
        for (int i = 0; i < n; i++) o[i] = pow(a[i], c);
      }
      case ATAN2 -> {
        for (int i = 0; i < n; i++) o[i] = Math.atan2(a[i], c);
      }
      case MIN -> {
        for (int i = 0; i < n; i++) o[i] = min(a[i], c);
      }
      case MAX -> {
        for (int i = 0; i < n; i++) o[i] = max(a[i], c);
      }
      case HYPOT -> {
        for (int i = 0; i < n; i++) o[i] = Math.hypot(a[i], c);
      }
      case ALT -> {
        for (int i = 0; i < n; i++) o[i] = Double.isNaN(a[i]) ? c : a[i];
      }
      default -> throw new AssertionError(op);
    }
  }

  /** o[i] = op(c, b[i]). {@code o} may be {@code b}. */
  static void constArray(BinaryOp op, double c, double[] b, double[] o, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) o[i] = c + b[i];
      }
      case SUB -> {
        for (int i = 0; i < n; i++) o[i] = c - b[i];
      }
      case MUL -> {
        for (int i = 0; i < n; i++) o[i] = c * b[i];
      }
      case DIV -> {
        for (int i = 0; i < n; i++) o[i] = c / b[i];
      }
      case MOD -> {
        for (int i = 0; i < n; i++) o[i] = mod(c, b[i]);
      }
      case LT -> {
        for (int i = 0; i < n; i++) o[i] = c < b[i] ? 1.0 : 0.0;
      }
      case LE -> {
        for (int i = 0; i < n; i++) o[i] = c <= b[i] ? 1.0 : 0.0;
      }
      case GT -> {
        for (int i = 0; i < n; i++) o[i] = c > b[i] ? 1.0 : 0.0;
      }
      case GE -> {
        for (int i = 0; i < n; i++) o[i] = c >= b[i] ? 1.0 : 0.0;
      }
      case EQ -> {
        for (int i = 0; i < n; i++) o[i] = c == b[i] ? 1.0 : 0.0;
      }
      case NE -> {
        for (int i = 0; i < n; i++) o[i] = c != b[i] ? 1.0 : 0.0;
      }
      case AND -> {
        for (int i = 0; i < n; i++) o[i] = c != 0.0 && b[i] != 0.0 ? 1.0 : 0.0;
      }
      case OR -> {
        for (int i = 0; i < n; i++) o[i] = c != 0.0 || b[i] != 0.0 ? 1.0 : 0.0;
      }
      case POW -> {
        for (int i = 0; i < n; i++) o[i] = pow(c, b[i]);
      }
      case ATAN2 -> {
        for (int i = 0; i < n; i++) o[i] = Math.atan2(c, b[i]);
      }
      case MIN -> {
        for (int i = 0; i < n; i++) o[i] = min(c, b[i]);
      }
      case MAX -> {
        for (int i = 0; i < n; i++) o[i] = max(c, b[i]);
      }
      case HYPOT -> {
        for (int i = 0; i < n; i++) o[i] = Math.hypot(c, b[i]);
      }
      case ALT -> {
        for (int i = 0; i < n; i++) o[i] = Double.isNaN(c) ? b[i] : c;
      }
      default -> throw new AssertionError(op);
    }
  }

  /** One value, for constant folding: the same semantics as the loops. */
  static double unary(UnaryOp op, double a) {
    double[] v = {a};
    unary(op, v, v, 1);
    return v[0];
  }

  /** One value, for constant folding: the same semantics as the loops. */
  static double binary(BinaryOp op, double a, double b) {
    double[] v = {a};
    arrayConst(op, v, b, v, 1);
    return v[0];
  }

  /**
   * ROOT's {@code %}: TTreeFormula converts both operands to Long64_t and takes the integer
   * remainder (sign of the dividend, as in C++). Where C++ would be undefined (a zero divisor, a
   * NaN or infinite operand) the result is NaN.
   */
  static double mod(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
      return Double.NaN;
    }
    long d = (long) b;
    return d == 0 ? Double.NaN : (double) ((long) a % d);
  }

  /** C's pow: unlike Java's Math.pow, pow(1, y) is 1 for every y and pow(-1, ±inf) is 1. */
  static double pow(double a, double b) {
    if (a == 1.0 || (a == -1.0 && Double.isInfinite(b))) {
      return 1.0;
    }
    return Math.pow(a, b);
  }

  /** TMath::Min: {@code a <= b ? a : b} (a NaN first operand gives b, as in ROOT). */
  static double min(double a, double b) {
    return a <= b ? a : b;
  }

  /** TMath::Max: {@code a >= b ? a : b}. */
  static double max(double a, double b) {
    return a >= b ? a : b;
  }
}
