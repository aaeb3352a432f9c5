package hepscan.rootio.bytes;

/**
 * Bytes that do not follow ROOT's format (a bad magic, a length that points outside the record, an
 * unknown class version). Unchecked inside the reader; the public entry points turn it into a
 * {@code RootIOException} that names the file and the object being read.
 */
public class RootFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RootFormatException(String message) {
    super(message);
  }

  public RootFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
