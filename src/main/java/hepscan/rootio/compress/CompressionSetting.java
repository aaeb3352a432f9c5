package hepscan.rootio.compress;

/**
 * A ROOT compression setting: algorithm and level, encoded by ROOT as {@code algorithm*100+level}
 * (level 0 means uncompressed; algorithm 0 means zlib).
 */
public record CompressionSetting(CompressionAlgorithm algorithm, int level) {

  public static final CompressionSetting UNCOMPRESSED =
      new CompressionSetting(CompressionAlgorithm.NONE, 0);

  public CompressionSetting {
    if (algorithm == CompressionAlgorithm.NONE) {
      level = 0;
    } else if (level < 1 || level > 9) {
      throw new IllegalArgumentException(
          "compression level must be 1..9 for " + algorithm.label() + ", got " + level);
    }
  }

  public static CompressionSetting zlib(int level) {
    return new CompressionSetting(CompressionAlgorithm.ZLIB, level);
  }

  public static CompressionSetting lzma(int level) {
    return new CompressionSetting(CompressionAlgorithm.LZMA, level);
  }

  public static CompressionSetting lz4(int level) {
    return new CompressionSetting(CompressionAlgorithm.LZ4, level);
  }

  public static CompressionSetting zstd(int level) {
    return new CompressionSetting(CompressionAlgorithm.ZSTD, level);
  }

  /** Decodes ROOT's integer setting (fCompress), e.g. 404 → LZ4 level 4, 1 → zlib 1, 100 → none. */
  public static CompressionSetting fromRootCode(int code) {
    int level = code % 100;
    int alg = code / 100;
    if (level == 0) {
      return UNCOMPRESSED;
    }
    return switch (alg) {
      case 0, 1 -> zlib(level);
      case 2 -> lzma(level);
      case 4 -> lz4(level);
      case 5 -> zstd(level);
      default ->
          throw new IllegalArgumentException(
              "unknown ROOT compression algorithm " + alg + " in setting " + code);
    };
  }

  /** ROOT's integer setting, e.g. 404 for LZ4 level 4, 100 for uncompressed. */
  public int rootCode() {
    return algorithm == CompressionAlgorithm.NONE ? 100 : algorithm.rootCode() * 100 + level;
  }
}
