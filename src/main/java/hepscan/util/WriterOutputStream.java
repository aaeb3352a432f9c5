package hepscan.util;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Lets code that logs to a PrintStream write to the command's PrintWriter, line by line (UTF-8).
 */
public final class WriterOutputStream extends OutputStream {
  private final PrintWriter writer;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  public WriterOutputStream(PrintWriter writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) {
    line.write(b);
    if (b == '\n') {
      flush();
    }
  }

  @Override
  public void flush() {
    if (line.size() > 0) {
      writer.write(line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
    writer.flush();
  }
}
