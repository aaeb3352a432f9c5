package hepscan.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to a Jackson tree that records every problem (file, key path, value, what to do)
 * instead of stopping at the first. Getters return empty or a fallback after recording an error, so
 * the caller can go on validating the rest of the file.
 */
final class YamlReader {
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  final Path file;
  final List<ConfigError> errors;

  YamlReader(Path file, List<ConfigError> errors) {
    this.file = file;
    this.errors = errors;
  }

  /**
   * Reads a YAML (or, with {@code json}, JSON) file into a tree; empty after recording an error.
   */
  Optional<JsonNode> readTree(boolean json) {
    try {
      JsonNode node = (json ? JSON : YAML).readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        error("", null, "the file is empty; expected a mapping of keys");
        return Optional.empty();
      }
      if (!node.isObject()) {
        error("", node.asText(), "expected a mapping of keys at the top level");
        return Optional.empty();
      }
      return Optional.of(node);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : "line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ": ";
      error(
          "",
          null,
          "cannot parse: " + where + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (NoSuchFileException e) {
      error(
          "",
          null,
          "file not found; check the path (relative paths resolve against "
              + file.getParent()
              + ")");
    } catch (IOException e) {
      error("", null, "cannot read: " + e.getMessage());
    }
    return Optional.empty();
  }

  void error(String path, String value, String problem) {
    errors.add(new ConfigError(file, path, value, problem));
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String show(JsonNode n) {
    return n.isValueNode() ? n.asText() : n.toString();
  }

  /**
   * Records an error for every key of {@code node} not in {@code allowed}, suggesting the nearest.
   */
  void checkKeys(JsonNode node, String path, Collection<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        error(join(path, key), null, "unknown key; " + Suggestions.hint(key, allowed));
      }
    }
  }

  Optional<JsonNode> object(JsonNode parent, String key, String path) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      error(join(path, key), show(n), "expected a mapping (key: value lines)");
      return Optional.empty();
    }
    return Optional.of(n);
  }

  Optional<String> string(JsonNode parent, String key, String path) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isValueNode()) {
      error(join(path, key), show(n), "expected a single value, not a list or mapping");
      return Optional.empty();
    }
    return Optional.of(n.asText());
  }

  String string(JsonNode parent, String key, String path, String fallback) {
    return string(parent, key, path).orElse(fallback);
  }

  /** A number, also written as a string ({@code "1e-3"}: YAML 1.1 reads {@code 1e-3} as text). */
  Optional<Double> number(JsonNode parent, String key, String path) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    Double d = asNumber(n);
    if (d == null) {
      error(join(path, key), show(n), "expected a number");
    }
    return Optional.ofNullable(d);
  }

  double number(JsonNode parent, String key, String path, double fallback) {
    return number(parent, key, path).orElse(fallback);
  }

  static Double asNumber(JsonNode n) {
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      try {
        return Double.valueOf(n.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Long asInteger(JsonNode n) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isTextual()) {
      try {
        return Long.valueOf(n.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  Optional<Long> integer(JsonNode parent, String key, String path) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    Long v = asInteger(n);
    if (v == null) {
      error(join(path, key), show(n), "expected an integer");
    }
    return Optional.ofNullable(v);
  }

  /** An integer >= {@code min}, or the fallback after recording an error. */
  int integer(JsonNode parent, String key, String path, int fallback, int min) {
    Optional<Long> v = integer(parent, key, path);
    if (v.isEmpty()) {
      return fallback;
    }
    if (v.get() < min || v.get() > Integer.MAX_VALUE) {
      error(join(path, key), String.valueOf(v.get()), "expected an integer >= " + min);
      return fallback;
    }
    return (int) (long) v.get();
  }

  Optional<Boolean> bool(JsonNode parent, String key, String path) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isBoolean()) {
      error(join(path, key), show(n), "expected true or false");
      return Optional.empty();
    }
    return Optional.of(n.booleanValue());
  }

  /** A list of strings; a single value counts as a list of one when {@code singleOk}. */
  Optional<List<String>> strings(JsonNode parent, String key, String path, boolean singleOk) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    String p = join(path, key);
    if (n.isValueNode() && singleOk) {
      return Optional.of(List.of(n.asText()));
    }
    if (!n.isArray()) {
      error(p, show(n), "expected a list, e.g. [a, b] or one '- item' line each");
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isValueNode() || e.isNull()) {
        error(p + "[" + i + "]", show(e), "expected a single value");
      } else {
        out.add(e.asText());
      }
    }
    return Optional.of(out);
  }

  /** A lower-case name from a fixed set, with a suggestion when it is not one of them. */
  Optional<String> name(JsonNode parent, String key, String path, List<String> allowed) {
    return string(parent, key, path).flatMap(v -> checkName(v, join(path, key), allowed));
  }

  Optional<String> checkName(String value, String path, List<String> allowed) {
    if (allowed.contains(value)) {
      return Optional.of(value);
    }
    error(path, value, "unknown name; " + Suggestions.hint(value, allowed));
    return Optional.empty();
  }
}
