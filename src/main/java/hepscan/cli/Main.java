package hepscan.cli;

import java.io.PrintWriter;

/** Entry point of the runnable jar: runs the command line and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(HepScanCommand.run(args, out, err));
  }
}
