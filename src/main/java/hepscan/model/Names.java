package hepscan.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the Keras-style lower-case names of this package's enums. */
final class Names {
  private Names() {}

  static <E extends Enum<E>> E parse(Class<E> type, E[] values, String name, String key) {
    String normal = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (E v : values) {
      if (v.name().toLowerCase(Locale.ROOT).equals(normal)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        key + ": unknown value '" + name + "'; use one of " + choices(values));
  }

  static String choices(Enum<?>[] values) {
    return Arrays.stream(values).map(Names::key).collect(Collectors.joining(", "));
  }

  static String key(Enum<?> v) {
    return v.name().toLowerCase(Locale.ROOT);
  }
}
