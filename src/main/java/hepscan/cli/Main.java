package hepscan.cli;

import java.io.PrintWriter;

/** Entry point of the runnable jar: runs the command line and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // jline (under the progress bar) warns about its own deprecated provider on every terminal run
    System.setProperty("org.jline.terminal.disableDeprecatedProviderWarning", "true");
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(HepScanCommand.run(args, out, err));
  }
}
