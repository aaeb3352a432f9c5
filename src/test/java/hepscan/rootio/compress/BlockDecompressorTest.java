package hepscan.rootio.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * ROOT's 9-byte-header blocks, built here with the reference libraries the way ROOT builds them
 * (zlib stream, xz stream, LZ4 block after a big-endian xxhash64, zstd frame).
 */
class BlockDecompressorTest {

  static byte[] sampleData(int n) {
    byte[] b = new byte[n];
    Random r = new Random(n);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 7 == 0 ? r.nextInt(256) : i / 13);
    }
    return b;
  }

  static byte[] block(CompressionAlgorithm algorithm, byte[] data) throws IOException {
    byte[] body =
        switch (algorithm) {
          case ZLIB -> {
            Deflater d = new Deflater(6);
            d.setInput(data);
            d.finish();
            byte[] out = new byte[data.length + 64];
            int n = d.deflate(out);
            d.end();
            yield Arrays.copyOf(out, n);
          }
          case LZMA -> {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (XZOutputStream xz = new XZOutputStream(bos, new LZMA2Options(4))) {
              xz.write(data);
            }
            yield bos.toByteArray();
          }
          case LZ4 -> {
            byte[] compressed = LZ4Factory.fastestInstance().fastCompressor().compress(data);
            long hash =
                XXHashFactory.fastestInstance().hash64().hash(compressed, 0, compressed.length, 0L);
            byte[] out = new byte[8 + compressed.length];
            for (int i = 0; i < 8; i++) {
              out[i] = (byte) (hash >>> (56 - 8 * i));
            }
            System.arraycopy(compressed, 0, out, 8, compressed.length);
            yield out;
          }
          case ZSTD -> Zstd.compress(data, 5);
          case NONE -> throw new IllegalArgumentException();
        };
    byte[] out = new byte[9 + body.length];
    out[0] = (byte) algorithm.magic().charAt(0);
    out[1] = (byte) algorithm.magic().charAt(1);
    out[2] = 4;
    putThreeBytes(out, 3, body.length);
    putThreeBytes(out, 6, data.length);
    System.arraycopy(body, 0, out, 9, body.length);
    return out;
  }

  private static void putThreeBytes(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = CompressionAlgorithm.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void roundTripOneBlock(CompressionAlgorithm algorithm) throws Exception {
    byte[] data = sampleData(50_000);
    byte[] blk = block(algorithm, data);
    assertEquals(algorithm, BlockDecompressor.algorithmAt(blk, 0, blk.length));
    assertArrayEquals(data, BlockDecompressor.decompress(blk, 0, blk.length, data.length));
  }

  @Test
  void severalBlocksOfDifferentAlgorithms() throws Exception {
    byte[] a = sampleData(30_000);
    byte[] b = sampleData(20_000);
    byte[] c = sampleData(10_000);
    byte[] record =
        concat(
            concat(block(CompressionAlgorithm.ZLIB, a), block(CompressionAlgorithm.LZ4, b)),
            block(CompressionAlgorithm.ZSTD, c));
    byte[] out = BlockDecompressor.decompress(record, 0, record.length, 60_000);
    assertArrayEquals(concat(concat(a, b), c), out);
  }

  @Test
  void sizeMismatchIsRefusedBeforeAllocating() throws Exception {
    byte[] blk = block(CompressionAlgorithm.ZLIB, sampleData(1000));
    DecompressionException e =
        assertThrows(
            DecompressionException.class,
            () -> BlockDecompressor.decompress(blk, 0, blk.length, Integer.MAX_VALUE - 8));
    assertEquals(
        "blocks hold 1000 bytes but the record header announces 2147483639", e.getMessage());
  }

  @Test
  void oldAlgorithmIsReportedAsUnsupported() throws Exception {
    byte[] blk = block(CompressionAlgorithm.ZLIB, sampleData(100));
    blk[0] = 'C';
    blk[1] = 'S';
    DecompressionException e =
        assertThrows(
            DecompressionException.class,
            () -> BlockDecompressor.decompress(blk, 0, blk.length, 100));
    assertTrue(
        e.getMessage().contains("old 'CS' compression algorithm is not supported"), e.getMessage());
  }

  @Test
  void unknownMagicAndTruncatedBlocks() throws Exception {
    byte[] blk = block(CompressionAlgorithm.ZSTD, sampleData(100));
    byte[] bad = blk.clone();
    bad[0] = 'Q';
    assertTrue(
        assertThrows(
                DecompressionException.class,
                () -> BlockDecompressor.decompress(bad, 0, bad.length, 100))
            .getMessage()
            .contains("unknown compression magic"));
    byte[] cut = Arrays.copyOf(blk, blk.length - 1);
    assertTrue(
        assertThrows(
                DecompressionException.class,
                () -> BlockDecompressor.decompress(cut, 0, cut.length, 100))
            .getMessage()
            .contains("compressed bytes but only"));
  }

  @ParameterizedTest
  @EnumSource(
      value = CompressionAlgorithm.class,
      names = {"ZLIB", "LZMA", "LZ4"})
  void corruptDataIsDetected(CompressionAlgorithm algorithm) throws Exception {
    byte[] blk = block(algorithm, sampleData(50_000));
    blk[blk.length / 2] ^= 0x21;
    DecompressionException e =
        assertThrows(
            DecompressionException.class,
            () -> BlockDecompressor.decompress(blk, 0, blk.length, 50_000));
    assertTrue(
        e.getMessage().startsWith("block 0 at byte 0: " + algorithm.label() + " data corrupt"),
        e.getMessage());
  }

  @Test
  void aRecordClaimingGigabytesFailsBeforeAllocatingThem() throws Exception {
    // 128 blocks announcing 16 MiB each (2 GiB in all): the first is real, the others garbage.
    byte[] real = block(CompressionAlgorithm.ZLIB, new byte[BlockDecompressor.MAX_BLOCK_SIZE]);
    byte[] fake = Arrays.copyOf(real, 9 + 40);
    putThreeBytes(fake, 3, 40);
    Arrays.fill(fake, 9, fake.length, (byte) 0x55);
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(real);
    for (int i = 1; i < 128; i++) {
      record.write(fake);
    }
    byte[] src = record.toByteArray();
    int announced = 128 * BlockDecompressor.MAX_BLOCK_SIZE;
    int[] asked = {0};
    DecompressionException e =
        assertThrows(
            DecompressionException.class,
            () ->
                BlockDecompressor.decompressBlockwise(
                    src,
                    0,
                    src.length,
                    announced,
                    n -> {
                      asked[0] = n;
                      return new byte[n];
                    }));
    assertEquals(0, asked[0], "the 2 GiB array must never be asked for");
    assertTrue(e.getMessage().startsWith("block 1 at byte " + real.length), e.getMessage());
  }

  @Test
  void blockwiseDecompressionGivesTheSameBytes() throws Exception {
    byte[] a = sampleData(BlockDecompressor.MAX_BLOCK_SIZE);
    byte[] b = sampleData(1000);
    byte[] src = concat(block(CompressionAlgorithm.ZSTD, a), block(CompressionAlgorithm.LZ4, b));
    byte[] out =
        BlockDecompressor.decompressBlockwise(src, 0, src.length, a.length + b.length, byte[]::new);
    assertArrayEquals(concat(a, b), out);
  }
}
