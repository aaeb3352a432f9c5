package hepscan.rootio.compress;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.tukaani.xz.XZInputStream;

/**
 * Decompresses a ROOT record: a sequence of blocks, each with a 9-byte header — two magic letters
 * ({@code ZL} zlib, {@code XZ} LZMA, {@code L4} LZ4, {@code ZS} ZSTD, {@code CS} ROOT's old
 * algorithm), one method byte, then the compressed and the uncompressed size as 3-byte
 * little-endian numbers. A record longer than 16 MiB is split into several blocks.
 *
 * <p>All block headers are checked against the expected sizes before anything is allocated or
 * inflated, so a corrupted size field fails here instead of exhausting memory. Stateless and
 * thread-safe.
 */
public final class BlockDecompressor {
  /** Size of the header in front of every compressed block. */
  public static final int HEADER_SIZE = 9;

  /** The most a block's 3-byte size fields can say: larger records are split into blocks. */
  public static final int MAX_BLOCK_SIZE = 0xffffff;

  /** ROOT's LZ4 blocks start with an 8-byte big-endian xxhash64 of the compressed bytes. */
  private static final int LZ4_CHECKSUM_SIZE = 8;

  /** xz's dictionary at ROOT's highest level is 64 MiB; refuse streams asking for far more. */
  private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

  private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();
  private static final XXHash64 XXHASH = XXHashFactory.fastestInstance().hash64();

  private BlockDecompressor() {}

  /** The algorithm named by the magic bytes at {@code src[off]}, or null when they name none. */
  public static CompressionAlgorithm algorithmAt(byte[] src, int off, int len) {
    if (len < 2) {
      return null;
    }
    String magic = new String(new char[] {(char) (src[off] & 0xff), (char) (src[off + 1] & 0xff)});
    for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
      if (a != CompressionAlgorithm.NONE && a.magic().equals(magic)) {
        return a;
      }
    }
    return null;
  }

  /**
   * Decompresses {@code src[off, off+len)} into a new array of exactly {@code uncompressedLength}
   * bytes.
   */
  public static byte[] decompress(byte[] src, int off, int len, int uncompressedLength)
      throws DecompressionException {
    checkBlocks(src, off, len, uncompressedLength);
    byte[] out = new byte[uncompressedLength];
    decompressChecked(src, off, len, out, 0);
    return out;
  }

  /**
   * Decompresses {@code src[off, off+len)} into {@code dst[dstOff, dstOff+dstLen)}, which it must
   * fill exactly.
   */
  public static void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen)
      throws DecompressionException {
    if (dstOff < 0 || dstLen < 0 || dstOff + dstLen > dst.length) {
      throw new IllegalArgumentException("destination range outside array");
    }
    checkBlocks(src, off, len, dstLen);
    decompressChecked(src, off, len, dst, dstOff);
  }

  /**
   * As {@link #decompress(byte[], int, int, int)}, for records of several blocks whose announced
   * size a crafted file may have made up: each block is decompressed on its own first, so memory
   * grows only with the data that really decompresses, and the whole array is allocated last. Costs
   * one extra copy, which only records above 16 MiB (several blocks) pay.
   */
  public static byte[] decompressBlockwise(
      byte[] src, int off, int len, int uncompressedLength, IntFunction<byte[]> buffers)
      throws DecompressionException {
    checkBlocks(src, off, len, uncompressedLength);
    List<byte[]> parts = new ArrayList<>();
    int p = 0;
    while (p < len) {
      int compressed = threeBytes(src, off + p + 3);
      byte[] part = new byte[threeBytes(src, off + p + 6)];
      decompressChecked(src, off + p, HEADER_SIZE + compressed, part, 0, parts.size(), p);
      parts.add(part);
      p += HEADER_SIZE + compressed;
    }
    byte[] out = buffers.apply(uncompressedLength);
    int q = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, q, part.length);
      q += part.length;
    }
    return out;
  }

  /**
   * Walks the block headers only: their sizes must add up to {@code len} and {@code
   * uncompressedLength}. Cheap; lets a caller check sizes before it allocates for them.
   */
  public static void checkBlocks(byte[] src, int off, int len, long uncompressedLength)
      throws DecompressionException {
    if (off < 0 || len < 0 || (long) off + len > src.length) {
      throw new IllegalArgumentException("source range outside array");
    }
    int p = 0;
    long produced = 0;
    int block = 0;
    while (p < len) {
      if (len - p < HEADER_SIZE) {
        throw new DecompressionException(
            "block "
                + block
                + " at byte "
                + p
                + ": truncated block header ("
                + (len - p)
                + " bytes left)");
      }
      int h = off + p;
      CompressionAlgorithm algorithm = algorithmAt(src, h, HEADER_SIZE);
      if (algorithm == null && !isOldAlgorithm(src, h)) {
        throw new DecompressionException(
            "block "
                + block
                + " at byte "
                + p
                + ": unknown compression magic "
                + describeMagic(src, h));
      }
      int compressed = threeBytes(src, h + 3);
      int uncompressed = threeBytes(src, h + 6);
      if (compressed > len - p - HEADER_SIZE) {
        throw new DecompressionException(
            "block "
                + block
                + " at byte "
                + p
                + ": header says "
                + compressed
                + " compressed bytes but only "
                + (len - p - HEADER_SIZE)
                + " remain");
      }
      produced += uncompressed;
      if (produced > uncompressedLength) {
        throw new DecompressionException(
            "block "
                + block
                + " at byte "
                + p
                + ": blocks hold more than the "
                + uncompressedLength
                + " bytes the record header announces");
      }
      p += HEADER_SIZE + compressed;
      block++;
    }
    if (produced != uncompressedLength) {
      throw new DecompressionException(
          "blocks hold "
              + produced
              + " bytes but the record header announces "
              + uncompressedLength);
    }
  }

  private static void decompressChecked(byte[] src, int off, int len, byte[] dst, int dstOff)
      throws DecompressionException {
    decompressChecked(src, off, len, dst, dstOff, 0, 0);
  }

  /**
   * Decompresses the blocks at {@code src[off, off+len)}; {@code firstBlock} and {@code firstByte}
   * say where they are in the record, for the messages.
   */
  private static void decompressChecked(
      byte[] src, int off, int len, byte[] dst, int dstOff, int firstBlock, int firstByte)
      throws DecompressionException {
    int p = 0;
    int q = dstOff;
    int block = firstBlock;
    while (p < len) {
      int h = off + p;
      int compressed = threeBytes(src, h + 3);
      int uncompressed = threeBytes(src, h + 6);
      CompressionAlgorithm algorithm = algorithmAt(src, h, HEADER_SIZE);
      String where = "block " + block + " at byte " + (firstByte + p) + ": ";
      if (algorithm == null) {
        throw new DecompressionException(
            where + "ROOT's old 'CS' compression algorithm is not supported");
      }
      int from = h + HEADER_SIZE;
      switch (algorithm) {
        case ZLIB -> inflate(src, from, compressed, dst, q, uncompressed, where);
        case LZMA -> unxz(src, from, compressed, dst, q, uncompressed, where);
        case LZ4 -> unlz4(src, from, compressed, dst, q, uncompressed, where);
        case ZSTD -> unzstd(src, from, compressed, dst, q, uncompressed, where);
        case NONE -> throw new IllegalStateException("NONE has no magic");
      }
      p += HEADER_SIZE + compressed;
      q += uncompressed;
      block++;
    }
  }

  private static void inflate(
      byte[] src, int off, int len, byte[] dst, int dstOff, int n, String where)
      throws DecompressionException {
    // one Inflater per thread, reset per block: creating one allocates zlib's native state
    Inflater inflater = INFLATER.get();
    inflater.reset();
    try {
      inflater.setInput(src, off, len);
      int done = 0;
      while (done < n) {
        int k = inflater.inflate(dst, dstOff + done, n - done);
        if (k == 0
            && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        done += k;
      }
      if (done != n || !inflater.finished()) {
        throw new DecompressionException(
            where
                + "zlib data corrupt (inflated "
                + done
                + " of "
                + n
                + " bytes"
                + (inflater.finished() ? ", stream ended early" : ", stream incomplete")
                + ")");
      }
    } catch (DataFormatException e) {
      throw new DecompressionException(where + "zlib data corrupt (" + e.getMessage() + ")", e);
    }
  }

  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

  private static void unxz(
      byte[] src, int off, int len, byte[] dst, int dstOff, int n, String where)
      throws DecompressionException {
    try (XZInputStream in =
        new XZInputStream(new ByteArrayInputStream(src, off, len), XZ_MEMORY_LIMIT_KIB)) {
      int done = 0;
      while (done < n) {
        int k = in.read(dst, dstOff + done, n - done);
        if (k < 0) {
          break;
        }
        done += k;
      }
      if (done != n || in.read() != -1) {
        throw new DecompressionException(
            where + "lzma data corrupt (size differs from the block header's " + n + ")");
      }
    } catch (IOException e) {
      throw new DecompressionException(where + "lzma data corrupt (" + e.getMessage() + ")", e);
    }
  }

  private static void unlz4(
      byte[] src, int off, int len, byte[] dst, int dstOff, int n, String where)
      throws DecompressionException {
    if (len < LZ4_CHECKSUM_SIZE) {
      throw new DecompressionException(where + "lz4 block shorter than its checksum");
    }
    long expected = 0;
    for (int i = 0; i < LZ4_CHECKSUM_SIZE; i++) {
      expected = (expected << 8) | (src[off + i] & 0xff);
    }
    int dataOff = off + LZ4_CHECKSUM_SIZE;
    int dataLen = len - LZ4_CHECKSUM_SIZE;
    long actual = XXHASH.hash(src, dataOff, dataLen, 0L);
    if (actual != expected) {
      throw new DecompressionException(where + "lz4 data corrupt (checksum mismatch)");
    }
    try {
      int k = LZ4.decompress(src, dataOff, dataLen, dst, dstOff, n);
      if (k != n) {
        throw new DecompressionException(
            where + "lz4 data corrupt (decompressed " + k + " of " + n + " bytes)");
      }
    } catch (LZ4Exception e) {
      throw new DecompressionException(where + "lz4 data corrupt (" + e.getMessage() + ")", e);
    }
  }

  private static void unzstd(
      byte[] src, int off, int len, byte[] dst, int dstOff, int n, String where)
      throws DecompressionException {
    long k;
    try {
      k = Zstd.decompressByteArray(dst, dstOff, n, src, off, len);
    } catch (RuntimeException e) {
      throw new DecompressionException(where + "zstd data corrupt (" + e.getMessage() + ")", e);
    }
    if (Zstd.isError(k)) {
      throw new DecompressionException(where + "zstd data corrupt (" + Zstd.getErrorName(k) + ")");
    }
    if (k != n) {
      throw new DecompressionException(
          where + "zstd data corrupt (decompressed " + k + " of " + n + " bytes)");
    }
  }

  private static boolean isOldAlgorithm(byte[] src, int off) {
    return src[off] == 'C' && src[off + 1] == 'S';
  }

  private static String describeMagic(byte[] src, int off) {
    return String.format("0x%02x%02x", src[off] & 0xff, src[off + 1] & 0xff);
  }

  private static int threeBytes(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16);
  }
}
