package hepscan.rootio.compress;

/** A compressed ROOT record that cannot be decompressed; the message says which block and why. */
public final class DecompressionException extends Exception {
  private static final long serialVersionUID = 1L;

  public DecompressionException(String message) {
    super(message);
  }

  public DecompressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
