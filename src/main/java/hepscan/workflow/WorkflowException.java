package hepscan.workflow;

/**
 * A failure of a workflow step with a message for the user (no stack trace needed). {@code
 * badInput}: the user's configuration or command was wrong (exit code 2); otherwise the run failed
 * (exit code 1).
 */
public final class WorkflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean badInput;

  public WorkflowException(boolean badInput, String message, Throwable cause) {
    super(message, cause);
    this.badInput = badInput;
  }

  public WorkflowException(boolean badInput, String message) {
    this(badInput, message, null);
  }

  public boolean badInput() {
    return badInput;
  }
}
