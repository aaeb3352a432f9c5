package hepscan.config;

import java.nio.file.Path;

/**
 * One problem in a configuration file.
 *
 * @param file the file it is in
 * @param keyPath the YAML/JSON key path, e.g. {@code scan.activation[1]}; empty for the whole file
 * @param value the offending value as written, or null when the key is missing
 * @param problem what is wrong and what to do
 */
public record ConfigError(Path file, String keyPath, String value, String problem) {

  /** One line: {@code file: key.path = 'value': problem}. */
  public String line() {
    StringBuilder sb = new StringBuilder().append(file);
    if (!keyPath.isEmpty()) {
      sb.append(": ").append(keyPath);
    }
    if (value != null) {
      sb.append(" = '").append(value).append('\'');
    }
    return sb.append(": ").append(problem).toString();
  }

  @Override
  public String toString() {
    return line();
  }
}
