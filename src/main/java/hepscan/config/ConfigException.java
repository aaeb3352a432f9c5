package hepscan.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used. Carries every problem found (validation does not stop at the
 * first); the message is one line per problem, meant to be printed without a stack trace.
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::line).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
