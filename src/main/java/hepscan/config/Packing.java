package hepscan.config;

/**
 * The {@code pack} key: how many trials of a scan train at once as one fused network.
 *
 * @param auto choose the pack size from the device and the data ({@code pack: auto})
 * @param size the pack size when not {@code auto}: 1 trains trial after trial ({@code pack: off})
 */
public record Packing(boolean auto, int size) {
  /** Largest pack size that may be asked for. */
  public static final int MAX_SIZE = 256;

  public static final Packing AUTO = new Packing(true, 0);
  public static final Packing OFF = new Packing(false, 1);

  public Packing {
    if (!auto && (size < 1 || size > MAX_SIZE)) {
      throw new IllegalArgumentException(
          "pack size " + size + ": expected 1 to " + MAX_SIZE + ", auto or off");
    }
  }

  /** As written in a parameters file: {@code auto}, {@code off} or the size. */
  public String key() {
    return auto ? "auto" : size == 1 ? "off" : Integer.toString(size);
  }
}
