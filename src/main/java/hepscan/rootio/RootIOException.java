package hepscan.rootio;

import java.io.IOException;

/**
 * A ROOT file that cannot be read or written. The message is one line meant for the user: it names
 * the file, the object (tree/branch) and what is wrong, with byte offsets where they help.
 */
public class RootIOException extends IOException {
  private static final long serialVersionUID = 1L;

  public RootIOException(String message) {
    super(message);
  }

  public RootIOException(String message, Throwable cause) {
    super(message, cause);
  }
}
