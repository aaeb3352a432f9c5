package hepscan.rootio.compress;

import com.github.luben.zstd.Zstd;
import hepscan.rootio.bytes.RootWriteBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Compresses a record into ROOT's block format: the input is cut into blocks of at most {@link
 * #MAX_BLOCK} bytes, each stored as a 9-byte header (2 magic bytes, a method/version byte, the
 * compressed and the uncompressed size as 3-byte little-endian numbers) followed by the payload:
 *
 * <ul>
 *   <li>{@code ZL 8}: a zlib stream (RFC 1950, as ROOT's {@code R__zipZLIB} makes it);
 *   <li>{@code XZ 0}: an .xz stream with a CRC32 check (ROOT's {@code lzma_easy_encoder});
 *   <li>{@code L4 1}: the big-endian xxhash64 (seed 0) of the LZ4 block, then the LZ4 block; the
 *       size in the header counts both;
 *   <li>{@code ZS 1}: one zstd frame.
 * </ul>
 *
 * As in ROOT, when compression does not make the record smaller (or is off) the record is stored as
 * is; readers tell the cases apart because the stored size then equals the object length. Layout
 * checked against uproot5 {@code compression.py} and go-hep {@code groot/internal/rcompress}. One
 * instance per thread: it keeps its codec state between calls; close it to free zlib's native
 * memory.
 */
public final class BlockCompressor implements AutoCloseable {
  /** Largest uncompressed (and compressed) block: the sizes are 3-byte fields. */
  public static final int MAX_BLOCK = 0xffffff;

  public static final int HEADER_SIZE = 9;

  private static final int LZ4_CHECKSUM_SIZE = 8;

  /** zlib: one block in this many is compressed both ways, to choose how the next ones are. */
  static final int PROBE_EVERY = 16;

  /**
   * zlib: Huffman coding alone (no search for repeated strings) is used while it makes blocks at
   * most this much larger than the full search: on float columns the search finds little and costs
   * most of the time.
   */
  static final double HUFFMAN_SLACK = 1.03;

  private final CompressionSetting setting;
  private Deflater deflater;
  private HuffmanDeflate huffman;
  private boolean huffmanOnly;
  private long zlibBlocks;
  private byte[] probe = new byte[0];
  private LZ4Compressor lz4;
  private XXHash64 xxhash;
  private byte[] scratch = new byte[0];

  public BlockCompressor(CompressionSetting setting) {
    this.setting = setting;
  }

  public CompressionSetting setting() {
    return setting;
  }

  /**
   * Returns the ROOT compressed blocks for {@code src[offset, offset+length)}, or a copy of the
   * input when it is not compressible (then the result has exactly {@code length} bytes).
   */
  public byte[] compress(byte[] src, int offset, int length) {
    if (setting.algorithm() == CompressionAlgorithm.NONE || length <= HEADER_SIZE) {
      return copy(src, offset, length);
    }
    RootWriteBuffer out = new RootWriteBuffer(length / 2 + 64);
    for (int done = 0; done < length; ) {
      int block = Math.min(MAX_BLOCK, length - done);
      if (!compressBlock(src, offset + done, block, out) || out.position() >= length) {
        return copy(src, offset, length);
      }
      done += block;
    }
    return out.toByteArray();
  }

  private static byte[] copy(byte[] src, int offset, int length) {
    byte[] raw = new byte[length];
    System.arraycopy(src, offset, raw, 0, length);
    return raw;
  }

  /** Appends one block; false when its payload would not fit the 3-byte size or is not smaller. */
  private boolean compressBlock(byte[] src, int offset, int length, RootWriteBuffer out) {
    int payloadBound = length + length / 250 + 1024;
    if (scratch.length < payloadBound) {
      scratch = new byte[payloadBound];
    }
    int payload;
    int method;
    switch (setting.algorithm()) {
      case ZLIB -> {
        payload = deflate(src, offset, length);
        method = Deflater.DEFLATED;
      }
      case LZMA -> {
        payload = xz(src, offset, length);
        method = 0;
      }
      case LZ4 -> {
        payload = lz4(src, offset, length);
        method = 1;
      }
      case ZSTD -> {
        payload = zstd(src, offset, length);
        method = 1;
      }
      default -> throw new IllegalStateException("no codec for " + setting);
    }
    if (payload < 0 || payload >= length || payload > MAX_BLOCK) {
      return false;
    }
    String magic = setting.algorithm().magic();
    out.writeByte(magic.charAt(0)).writeByte(magic.charAt(1)).writeByte(method);
    writeLittle24(out, payload);
    writeLittle24(out, length);
    out.writeBytes(scratch, 0, payload);
    return true;
  }

  private static void writeLittle24(RootWriteBuffer out, int v) {
    out.writeByte(v).writeByte(v >>> 8).writeByte(v >>> 16);
  }

  /**
   * zlib stream into scratch; -1 when it does not fit (so it is not smaller). Every {@link
   * #PROBE_EVERY}th block is compressed with the full search and with Huffman coding alone, the
   * smaller kept; the blocks up to the next probe use Huffman coding alone when it came within
   * {@link #HUFFMAN_SLACK} of the full search. Huffman coding alone is {@link HuffmanDeflate}: on
   * float columns about 4.5x faster than zlib's own ({@code HUFFMAN_ONLY}) and 0.1 % smaller
   * (bench/README.md). Both are plain zlib streams: any reader inflates them.
   */
  private int deflate(byte[] src, int offset, int length) {
    if (deflater == null) {
      deflater = new Deflater(setting.level());
      huffman = new HuffmanDeflate();
    }
    int huffmanBound = huffman.maxCompressedLength(length);
    if (scratch.length < huffmanBound) {
      scratch = new byte[huffmanBound];
    }
    if (zlibBlocks++ % PROBE_EVERY != 0) {
      return huffmanOnly
          ? huffman.compress(src, offset, length, scratch)
          : deflate(deflater, src, offset, length, scratch);
    }
    if (probe.length < scratch.length) {
      probe = new byte[scratch.length];
    }
    int full = deflate(deflater, src, offset, length, scratch);
    int coded = huffman.compress(src, offset, length, probe);
    huffmanOnly = full < 0 || coded <= full * HUFFMAN_SLACK;
    if (full < 0 || coded < full) {
      System.arraycopy(probe, 0, scratch, 0, coded);
      return coded;
    }
    return full;
  }

  /** Whether the blocks until the next probe are coded with Huffman coding alone (tests). */
  boolean huffmanOnly() {
    return huffmanOnly;
  }

  private static int deflate(Deflater d, byte[] src, int offset, int length, byte[] out) {
    d.reset();
    d.setInput(src, offset, length);
    d.finish();
    int n = 0;
    while (!d.finished()) {
      if (n == out.length) {
        return -1;
      }
      n += d.deflate(out, n, out.length - n);
    }
    return n;
  }

  private int xz(byte[] src, int offset, int length) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(length / 2 + 64);
    try (XZOutputStream xz =
        new XZOutputStream(bytes, new LZMA2Options(setting.level()), XZ.CHECK_CRC32)) {
      xz.write(src, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException("xz compression failed in memory", e);
    }
    if (bytes.size() > scratch.length) {
      return -1;
    }
    byte[] result = bytes.toByteArray();
    System.arraycopy(result, 0, scratch, 0, result.length);
    return result.length;
  }

  private int lz4(byte[] src, int offset, int length) {
    if (lz4 == null) {
      LZ4Factory factory = LZ4Factory.fastestInstance();
      // ROOT uses the fast LZ4 codec below level 4 and LZ4-HC at the given level from 4 on.
      lz4 =
          setting.level() < 4 ? factory.fastCompressor() : factory.highCompressor(setting.level());
      xxhash = XXHashFactory.fastestInstance().hash64();
    }
    int bound = lz4.maxCompressedLength(length) + LZ4_CHECKSUM_SIZE;
    if (scratch.length < bound) {
      scratch = new byte[bound];
    }
    int n =
        lz4.compress(
            src, offset, length, scratch, LZ4_CHECKSUM_SIZE, scratch.length - LZ4_CHECKSUM_SIZE);
    long hash = xxhash.hash(scratch, LZ4_CHECKSUM_SIZE, n, 0L);
    for (int i = 0; i < 8; i++) {
      scratch[i] = (byte) (hash >>> (56 - 8 * i));
    }
    return n + LZ4_CHECKSUM_SIZE;
  }

  private int zstd(byte[] src, int offset, int length) {
    int bound = (int) Math.min(Integer.MAX_VALUE - 8, Zstd.compressBound(length));
    if (scratch.length < bound) {
      scratch = new byte[bound];
    }
    long n =
        Zstd.compressByteArray(scratch, 0, scratch.length, src, offset, length, setting.level());
    if (Zstd.isError(n)) {
      throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(n));
    }
    return (int) n;
  }

  @Override
  public void close() {
    if (deflater != null) {
      deflater.end();
      deflater = null;
      huffman = null;
    }
  }
}
