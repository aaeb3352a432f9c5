package hepscan.data;

/**
 * Data preparation failed at run time (unreadable file, missing branch, NaN with strict, ...). One
 * line for the user.
 */
public class DataException extends Exception {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
