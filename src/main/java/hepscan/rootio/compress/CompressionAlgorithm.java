package hepscan.rootio.compress;

/**
 * ROOT's compression algorithms, numbered as in ROOT's {@code
 * ROOT::RCompressionSetting::EAlgorithm} (the hundreds digit of a compression setting such as 404 =
 * LZ4 level 4).
 */
public enum CompressionAlgorithm {
  /** Algorithm 0 means "the global default", which is zlib. */
  ZLIB(1, "ZL"),
  LZMA(2, "XZ"),
  LZ4(4, "L4"),
  ZSTD(5, "ZS"),
  NONE(-1, "");

  private final int rootCode;
  private final String magic;

  CompressionAlgorithm(int rootCode, String magic) {
    this.rootCode = rootCode;
    this.magic = magic;
  }

  /** The hundreds digit in ROOT's compression setting (-1 for none). */
  public int rootCode() {
    return rootCode;
  }

  /** The two magic bytes at the start of every compressed block, e.g. {@code "ZL"}. */
  public String magic() {
    return magic;
  }

  /** Lower-case name, as rootcheck prints it: zlib, lzma, lz4, zstd, none. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
