package hepscan.util;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling per value, for identities that are hashed or compared as text: renaming a Java type
 * or changing a {@code toString()} must never change them.
 */
public final class CanonicalText {
  private CanonicalText() {}

  /**
   * Numbers in their shortest plain decimal form, so that {@code 0.001}, {@code 1e-3} and {@code
   * 1.0E-3} read alike and {@code 64} and {@code 64.0} too; anything else as its text.
   */
  public static String value(Object v) {
    if (v instanceof Number n) {
      BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
      return d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
    }
    return String.valueOf(v);
  }

  /** {@code key=value;key=value;} with sorted keys and canonical values. */
  public static String of(Map<String, ?> fields) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(fields).forEach((k, v) -> sb.append(k).append('=').append(value(v)).append(';'));
    return sb.toString();
  }
}
