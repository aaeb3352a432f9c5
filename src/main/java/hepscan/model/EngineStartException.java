package hepscan.model;

/**
 * The PyTorch engine did not start (libtorch could not be unpacked or loaded). The message names
 * the cause DJL gave, every level of it, and where DJL keeps libtorch.
 */
public final class EngineStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EngineStartException(Throwable cause) {
    super(describe(cause), cause);
  }

  private static String describe(Throwable cause) {
    StringBuilder sb = new StringBuilder("the PyTorch engine did not start: ");
    String last = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (!m.equals(last)) {
        sb.append(last == null ? "" : "; because ").append(m);
        last = m;
      }
    }
    String dir = System.getenv("ENGINE_CACHE_DIR");
    if (dir == null) {
      dir = System.getenv("DJL_CACHE_DIR");
    }
    if (dir == null) {
      dir = System.getProperty("user.home") + "/.djl.ai";
    }
    return sb.append(". DJL unpacks libtorch into ")
        .append(dir)
        .append(" (ENGINE_CACHE_DIR or DJL_CACHE_DIR): check that it is yours, writable and has")
        .append(" about 1 GB free")
        .toString();
  }
}
