package hepscan.rootio.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.XZInputStream;

/**
 * ROOT's block framing, decoded here independently of the writer: each block's 9-byte header
 * (magic, method, 3-byte little-endian sizes) and a payload the stock decoders accept (for LZ4,
 * after checking ROOT's xxhash64 of the compressed block).
 */
class BlockCompressorTest {
  static Stream<CompressionSetting> settings() {
    return Stream.of(
        CompressionSetting.zlib(1),
        CompressionSetting.zlib(9),
        CompressionSetting.lzma(1),
        CompressionSetting.lz4(1),
        CompressionSetting.lz4(9),
        CompressionSetting.zstd(1),
        CompressionSetting.zstd(9));
  }

  private static byte[] compressible(int n) {
    byte[] b = new byte[n];
    Random r = new Random(1);
    for (int i = 0; i < n; i++) b[i] = (byte) (i % 64 < 40 ? 0 : r.nextInt(8));
    return b;
  }

  @ParameterizedTest
  @MethodSource("settings")
  void compressesAndDecodes(CompressionSetting s) throws Exception {
    byte[] src = compressible(100_000);
    try (BlockCompressor c = new BlockCompressor(s)) {
      byte[] out = c.compress(src, 0, src.length);
      assertTrue(out.length < src.length / 2, "compressed " + out.length);
      assertArrayEquals(src, decode(out, src.length, s.algorithm(), 1));
      // the codec state is reused: a second, different record comes out right too
      byte[] again = c.compress(src, 1000, 5000);
      assertArrayEquals(
          java.util.Arrays.copyOfRange(src, 1000, 6000), decode(again, 5000, s.algorithm(), 1));
    }
  }

  @ParameterizedTest
  @MethodSource("settings")
  void splitsRecordsIntoBlocksOfAtMost0xffffffBytes(CompressionSetting s) throws Exception {
    if (s.level() > 1 && s.algorithm() != CompressionAlgorithm.ZLIB) {
      return; // the slow high levels add nothing here
    }
    byte[] src = compressible(2 * BlockCompressor.MAX_BLOCK + 12345);
    try (BlockCompressor c = new BlockCompressor(s)) {
      assertArrayEquals(src, decode(c.compress(src, 0, src.length), src.length, s.algorithm(), 3));
    }
  }

  @ParameterizedTest
  @MethodSource("settings")
  void storesIncompressibleDataAsIs(CompressionSetting s) {
    byte[] src = new byte[50_000];
    new Random(2).nextBytes(src);
    try (BlockCompressor c = new BlockCompressor(s)) {
      assertArrayEquals(src, c.compress(src, 0, src.length));
    }
  }

  @Test
  void uncompressedSettingCopies() {
    byte[] src = compressible(1000);
    try (BlockCompressor c = new BlockCompressor(CompressionSetting.UNCOMPRESSED)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(src, 10, 110), c.compress(src, 10, 100));
    }
  }

  /** A basket of 8,000 big-endian floats: Gaussian values, as a network input's column. */
  private static byte[] floatBasket(Random r) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32_000);
    while (b.hasRemaining()) {
      b.putFloat((float) (50 + 20 * r.nextGaussian()));
    }
    return b.array();
  }

  /** A basket of 4,000 big-endian doubles drawn from 6 values, as event weights often are. */
  private static byte[] repeatingBasket(Random r) {
    double[] values = {0.5, 1.0, 1.25, -1.0, 0.75, 2.0};
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32_000);
    while (b.hasRemaining()) {
      b.putDouble(values[r.nextInt(values.length)]);
    }
    return b.array();
  }

  /** The payload a plain {@link java.util.zip.Deflater} at {@code level} makes of {@code src}. */
  private static byte[] plainZlib(byte[] src, int level) {
    java.util.zip.Deflater d = new java.util.zip.Deflater(level);
    d.setInput(src);
    d.finish();
    byte[] out = new byte[src.length * 2];
    int n = 0;
    while (!d.finished()) {
      n += d.deflate(out, n, out.length - n);
    }
    d.end();
    return java.util.Arrays.copyOf(out, n);
  }

  private static byte[] huffmanAlone(byte[] src) {
    HuffmanDeflate h = new HuffmanDeflate();
    byte[] out = new byte[h.maxCompressedLength(src.length)];
    return java.util.Arrays.copyOf(out, h.compress(src, 0, src.length, out));
  }

  /**
   * zlib: float columns, where the search for repeated strings finds little, are coded with Huffman
   * coding alone ({@link HuffmanDeflate}'s bytes), within 3 % of the full search's size; columns of
   * repeated values keep the full search, byte for byte what a plain Deflater makes. Every block
   * decodes to its input.
   */
  @Test
  void zlibSkipsTheSearchWhereItBuysLittle() throws Exception {
    Random r = new Random(5);
    CompressionSetting zlib1 = CompressionSetting.zlib(1);
    try (BlockCompressor c = new BlockCompressor(zlib1)) {
      long ours = 0;
      long plain = 0;
      for (int i = 0; i < 2 * BlockCompressor.PROBE_EVERY; i++) {
        byte[] src = floatBasket(r);
        byte[] out = c.compress(src, 0, src.length);
        assertTrue(out.length < src.length, "block " + i + " is compressed, not stored");
        assertArrayEquals(src, decode(out, src.length, CompressionAlgorithm.ZLIB, 1));
        assertTrue(c.huffmanOnly(), "block " + i);
        // Huffman coding alone is HuffmanDeflate's stream (at the probes too: on these baskets it
        // is smaller than the full search)
        assertArrayEquals(
            huffmanAlone(src),
            java.util.Arrays.copyOfRange(out, BlockCompressor.HEADER_SIZE, out.length),
            "block " + i);
        ours += out.length - BlockCompressor.HEADER_SIZE;
        plain += plainZlib(src, 1).length;
      }
      assertTrue(ours <= plain * BlockCompressor.HUFFMAN_SLACK, ours + " bytes, plain " + plain);

      // a column of repeated values: the next probe goes back to the full search
      for (int i = 0; i < 2 * BlockCompressor.PROBE_EVERY; i++) {
        byte[] src = repeatingBasket(r);
        byte[] out = c.compress(src, 0, src.length);
        assertArrayEquals(src, decode(out, src.length, CompressionAlgorithm.ZLIB, 1));
        if (i % BlockCompressor.PROBE_EVERY == 0) {
          assertTrue(!c.huffmanOnly(), "probe at block " + i);
        }
        if (i >= BlockCompressor.PROBE_EVERY) {
          assertArrayEquals(
              plainZlib(src, 1),
              java.util.Arrays.copyOfRange(out, BlockCompressor.HEADER_SIZE, out.length),
              "block " + i);
        }
      }
    }
  }

  /** Decodes ROOT blocks; checks the headers and the number of blocks. */
  static byte[] decode(byte[] in, int expectedLength, CompressionAlgorithm alg, int expectedBlocks)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(expectedLength);
    int at = 0;
    int blocks = 0;
    while (at < in.length) {
      assertEquals(alg.magic(), new String(in, at, 2, java.nio.charset.StandardCharsets.US_ASCII));
      int method = in[at + 2];
      int csize = le24(in, at + 3);
      int usize = le24(in, at + 6);
      assertTrue(usize <= BlockCompressor.MAX_BLOCK);
      int p = at + BlockCompressor.HEADER_SIZE;
      byte[] block = new byte[usize];
      switch (alg) {
        case ZLIB -> {
          assertEquals(8, method);
          Inflater inf = new Inflater();
          inf.setInput(in, p, csize);
          assertEquals(usize, inf.inflate(block));
          assertTrue(inf.finished());
          inf.end();
        }
        case LZMA -> {
          try (XZInputStream xz = new XZInputStream(new ByteArrayInputStream(in, p, csize))) {
            assertEquals(usize, xz.readNBytes(block, 0, usize));
          }
        }
        case LZ4 -> {
          assertEquals(1, method);
          long hash = 0;
          for (int i = 0; i < 8; i++) hash = hash << 8 | (in[p + i] & 0xff);
          assertEquals(
              XXHashFactory.safeInstance().hash64().hash(in, p + 8, csize - 8, 0),
              hash,
              "xxhash64");
          LZ4Factory.safeInstance().fastDecompressor().decompress(in, p + 8, block, 0, usize);
        }
        case ZSTD -> {
          assertEquals(1, method);
          assertEquals(usize, Zstd.decompressByteArray(block, 0, usize, in, p, csize));
        }
        default -> throw new AssertionError(alg);
      }
      out.write(block);
      at = p + csize;
      blocks++;
    }
    assertEquals(in.length, at);
    assertEquals(expectedBlocks, blocks, "blocks");
    return out.toByteArray();
  }

  private static int le24(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
  }
}
