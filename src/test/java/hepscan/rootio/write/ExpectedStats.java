package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hepscan.rootio.tree.LeafType;
import java.lang.reflect.Array;
import java.math.BigInteger;

/**
 * rootcheck's per-leaf statistics (count, sum, min, max, first 5, nanCount), computed in Java from
 * the arrays a test wrote, and compared with what JSROOT read: exact for integers, 1e-12 relative
 * for floating sums (JSROOT sums doubles in entry order, as we do, so they agree exactly in
 * practice).
 */
final class ExpectedStats {
  private static final int FIRST = 5;

  private ExpectedStats() {}

  /** Asserts that {@code stats} (rootcheck's JSON for one leaf) describes {@code values}. */
  static void check(String what, LeafType type, Object values, JsonNode stats) {
    int n = Array.getLength(values);
    assertEquals(n, stats.get("count").asLong(), what + ": count");
    if (type == LeafType.FLOAT || type == LeafType.DOUBLE) {
      checkFloating(what, values, n, stats);
    } else {
      checkInteger(what, type, values, n, stats);
    }
  }

  private static void checkInteger(
      String what, LeafType type, Object values, int n, JsonNode stats) {
    BigInteger sum = BigInteger.ZERO;
    BigInteger min = null;
    BigInteger max = null;
    for (int i = 0; i < n; i++) {
      BigInteger v = integer(type, values, i);
      sum = sum.add(v);
      min = min == null || v.compareTo(min) < 0 ? v : min;
      max = max == null || v.compareTo(max) > 0 ? v : max;
      if (i < FIRST) {
        assertEquals(
            v, new BigInteger(stats.get("first").get(i).asText()), what + ": first[" + i + "]");
      }
    }
    assertEquals(sum, new BigInteger(stats.get("sum").asText()), what + ": sum");
    if (n > 0) {
      assertEquals(min, new BigInteger(stats.get("min").asText()), what + ": min");
      assertEquals(max, new BigInteger(stats.get("max").asText()), what + ": max");
    }
  }

  static BigInteger integer(LeafType type, Object values, int i) {
    return switch (type) {
      case BOOL -> BigInteger.valueOf(((boolean[]) values)[i] ? 1 : 0);
      case CHAR -> BigInteger.valueOf(((byte[]) values)[i]);
      case UCHAR -> BigInteger.valueOf(Byte.toUnsignedInt(((byte[]) values)[i]));
      case SHORT -> BigInteger.valueOf(((short[]) values)[i]);
      case USHORT -> BigInteger.valueOf(Short.toUnsignedInt(((short[]) values)[i]));
      case INT -> BigInteger.valueOf(((int[]) values)[i]);
      case UINT -> BigInteger.valueOf(Integer.toUnsignedLong(((int[]) values)[i]));
      case LONG -> BigInteger.valueOf(((long[]) values)[i]);
      case ULONG -> new BigInteger(Long.toUnsignedString(((long[]) values)[i]));
      default -> throw new IllegalArgumentException(type + " is not an integer type");
    };
  }

  private static void checkFloating(String what, Object values, int n, JsonNode stats) {
    double sum = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    int nan = 0;
    for (int i = 0; i < n; i++) {
      double v = values instanceof float[] f ? f[i] : ((double[]) values)[i];
      if (i < FIRST) {
        assertSame(v, stats.get("first").get(i), what + ": first[" + i + "]");
      }
      if (Double.isNaN(v)) {
        nan++;
        continue;
      }
      sum += v;
      min = Double.isNaN(min) || v < min ? v : min;
      max = Double.isNaN(max) || v > max ? v : max;
    }
    assertEquals(nan, stats.get("nanCount").asInt(), what + ": nanCount");
    double got = number(stats.get("sum"));
    if (Double.isFinite(sum)) {
      assertTrue(
          Math.abs(got - sum) <= 1e-12 * Math.abs(sum), what + ": sum " + got + " != " + sum);
    } else {
      assertEquals(sum, got, what + ": sum");
    }
    if (nan < n) {
      assertSame(min, stats.get("min"), what + ": min");
      assertSame(max, stats.get("max"), what + ": max");
    }
  }

  /** Equal values; zeros compare numerically, since JSON has no -0 (JSON.stringify(-0) is "0"). */
  private static void assertSame(double expected, JsonNode node, String what) {
    double got = number(node);
    assertTrue(
        expected == got || Double.isNaN(expected) && Double.isNaN(got),
        what + ": " + got + " != " + expected);
  }

  /** rootcheck prints NaN and infinities as strings, finite numbers as JSON numbers. */
  private static double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
  }
}
