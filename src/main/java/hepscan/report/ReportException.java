package hepscan.report;

import java.io.IOException;

/**
 * A report that cannot be made, with a message for the user. {@code badInput}: the command or the
 * parameters file was wrong (exit code 2: no such scan, a criterion the results lack); otherwise
 * the results are damaged or empty (exit code 1).
 */
public final class ReportException extends IOException {
  private static final long serialVersionUID = 1L;
  private final boolean badInput;

  public ReportException(boolean badInput, String message) {
    super(message);
    this.badInput = badInput;
  }

  public boolean badInput() {
    return badInput;
  }
}
