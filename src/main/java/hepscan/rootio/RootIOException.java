package hepscan.rootio;

import java.io.IOException;

/**
 * A ROOT file that cannot be read or written. The message is one line meant for the user: it names
 * the file, the object (tree/branch) and what is wrong, with byte offsets where they help.
 */
public class RootIOException extends IOException {
  private static final long serialVersionUID = 1L;

  public RootIOException(String message) {
    super(oneLine(message));
  }

  public RootIOException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /**
   * Names read from a damaged file may hold any byte: control characters become '?' to keep one
   * line.
   */
  private static String oneLine(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(message.length());
    message.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return sb.toString();
  }
}
