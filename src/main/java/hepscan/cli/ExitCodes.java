package hepscan.cli;

/** hepscan's exit codes: 0 success, 1 run-time failure, 2 bad usage or bad configuration. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private ExitCodes() {}
}
