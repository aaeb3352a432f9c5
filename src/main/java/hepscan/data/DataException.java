package hepscan.data;

/**
 * Data preparation failed at run time (unreadable file, missing branch, NaN with strict, ...). One
 * line for the user.
 */
public class DataException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean badInput;

  public DataException(String message) {
    this(message, false);
  }

  /**
   * @param badInput the user's configuration does not fit the files (a branch an expression uses is
   *     missing): found before any data is read, and reported as bad input
   */
  public DataException(String message, boolean badInput) {
    super(message);
    this.badInput = badInput;
  }

  public boolean badInput() {
    return badInput;
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
    this.badInput = false;
  }
}
