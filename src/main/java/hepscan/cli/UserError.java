package hepscan.cli;

/**
 * A failure the user can fix, reported as one line without a stack trace. {@code exitCode} is
 * {@link ExitCodes#USAGE} for bad usage or configuration, {@link ExitCodes#FAILURE} otherwise.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserError(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
