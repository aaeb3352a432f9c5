package hepscan.rootio.compress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * Huffman coding alone, as a plain zlib stream (RFC 1950 header {@code 78 01}, as zlib writes it
 * for its {@code Z_HUFFMAN_ONLY} strategy, and the Adler-32 of the input) of DEFLATE blocks (RFC
 * 1951) holding literals and end-of-block only: what {@link java.util.zip.Deflater} makes with
 * {@code HUFFMAN_ONLY}, several times faster, because zlib codes each byte through its general
 * match/literal machinery while here a block is one histogram, one code and one tight packing loop.
 *
 * <p>The input is cut into blocks of {@link #DEFAULT_BLOCK_BYTES}; each block is stored, or coded
 * with the fixed code or with its own dynamic code (length-limited to 15 bits), whichever is
 * smallest, so the stream is never much larger than the input ({@link #maxCompressedLength}).
 * Dynamic blocks declare two distance codes of one bit, never used, as zlib's own encoder does: a
 * complete code, which inflaters accept without special cases (zlib's inflate and JSROOT's are
 * checked by the tests), where a single distance code of length 0 relies on their handling of "no
 * distances".
 *
 * <p>One instance per thread: it reuses its tables between calls.
 */
public final class HuffmanDeflate {
  /**
   * Input bytes per DEFLATE block, each with its own code: the largest stored block, so that an
   * incompressible block is stored as one. Smaller blocks follow a changing byte distribution more
   * closely but each carries a ~100-byte code description (zlib's {@code HUFFMAN_ONLY} ends a block
   * every 16,384 bytes, its literal buffer). On a 16 MB column of Gaussian floats (big-endian) the
   * stream was 0.10 % larger with blocks of 16 kB, 0.02 % with 32 kB, and within 0.01 % with 128 kB
   * or one block for all: the distribution of such columns does not change along them.
   */
  public static final int DEFAULT_BLOCK_BYTES = 0xffff;

  private static final int MAX_CODE_LENGTH = 15;
  private static final int MAX_CODE_LENGTH_CODE_LENGTH = 7;
  private static final int END_OF_BLOCK = 256;

  /** Literals 0-255 and end-of-block: HLIT = 0, as no length codes are used. */
  private static final int LITERAL_CODES = 257;

  /** Two unused distance codes of one bit (HDIST = 1), as zlib declares them. */
  private static final int DISTANCE_CODES = 2;

  private static final int STORED_MAX = 0xffff;

  /** RFC 1951 3.2.7: the order in which the code length code's lengths are sent. */
  private static final int[] CODE_LENGTH_ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The fixed code (RFC 1951 3.2.6) of the literals and end-of-block, as {@link #codes} holds. */
  private static final int[] FIXED_CODES = fixedCodes();

  private final int blockBytes;
  private final Adler32 adler = new Adler32();

  /** Four interleaved byte histograms: consecutive increments of one counter do not wait. */
  private final int[] histograms = new int[4 * 256];

  private final int[] frequencies = new int[LITERAL_CODES];
  private final int[] lengths = new int[LITERAL_CODES + DISTANCE_CODES];

  /**
   * Per symbol: its code, bit-reversed (DEFLATE sends codes from the high bit, packed LSB first)
   */
  private final int[] codes = new int[LITERAL_CODES];

  /** The code length code: RLE ops (symbol | extra bits value << 8) and the code's own tables. */
  private final int[] lengthOps = new int[LITERAL_CODES + DISTANCE_CODES];

  private final int[] lengthCodeFrequencies = new int[19];
  private final int[] lengthCodeLengths = new int[19];
  private final int[] lengthCodeCodes = new int[19];

  /** Scratch of the length-limited code construction. */
  private final long[] sortedSymbols = new long[LITERAL_CODES];

  private final int[] depths = new int[LITERAL_CODES];
  private final int[] lengthCounts = new int[MAX_CODE_LENGTH + 1];

  private byte[] out;
  private int pos;
  private long bitBuffer;
  private int bitCount;

  public HuffmanDeflate() {
    this(DEFAULT_BLOCK_BYTES);
  }

  /** With another block size: for the block size comparison. */
  HuffmanDeflate(int blockBytes) {
    if (blockBytes < 1) {
      throw new IllegalArgumentException("block bytes " + blockBytes);
    }
    this.blockBytes = blockBytes;
  }

  /**
   * An upper bound of the stream's size for {@code length} input bytes, plus the 8 bytes the
   * packing writes past the end: {@link #compress}'s output array must be at least this long.
   */
  public int maxCompressedLength(int length) {
    // every block is at most stored: per stored chunk of up to 65,535 bytes, 3 header bits and
    // the alignment (at most 2 bytes with the previous block's last bits) and LEN/NLEN; then the
    // zlib header, Adler-32 and the slack
    long blocks = Math.max(1, (length + (long) blockBytes - 1) / blockBytes);
    long chunks = blocks + length / STORED_MAX;
    return (int) Math.min(Integer.MAX_VALUE, length + 6 * chunks + 2 + 4 + 8);
  }

  /**
   * Writes the zlib stream of {@code src[offset, offset+length)} at the start of {@code dst} and
   * returns its length.
   */
  public int compress(byte[] src, int offset, int length, byte[] dst) {
    if (dst.length < maxCompressedLength(length)) {
      throw new IllegalArgumentException(
          "output of " + dst.length + " bytes, needs " + maxCompressedLength(length));
    }
    out = dst;
    bitBuffer = 0;
    bitCount = 0;
    out[0] = 0x78; // CM 8 (deflate), CINFO 7 (32 kB window)
    out[1] = 0x01; // FLEVEL 0 (fastest, as zlib says for Huffman coding alone), FCHECK
    pos = 2;
    int done = 0;
    do {
      int n = Math.min(blockBytes, length - done);
      writeBlock(src, offset + done, n, done + n == length);
      done += n;
    } while (done < length);
    alignToByte();
    adler.reset();
    adler.update(src, offset, length);
    int checksum = (int) adler.getValue();
    out[pos] = (byte) (checksum >>> 24);
    out[pos + 1] = (byte) (checksum >>> 16);
    out[pos + 2] = (byte) (checksum >>> 8);
    out[pos + 3] = (byte) checksum;
    int size = pos + 4;
    out = null;
    return size;
  }

  private void writeBlock(byte[] src, int offset, int length, boolean last) {
    countBytes(src, offset, length);
    frequencies[END_OF_BLOCK] = 1;
    buildLengths(frequencies, LITERAL_CODES, MAX_CODE_LENGTH, lengths);
    lengths[LITERAL_CODES] = 1;
    lengths[LITERAL_CODES + 1] = 1;
    int ops = lengthOps();
    buildLengths(
        lengthCodeFrequencies, 19, MAX_CODE_LENGTH_CODE_LENGTH, lengthCodeLengths); // 7-bit code
    int lengthCodesSent = 19;
    while (lengthCodesSent > 4 && lengthCodeLengths[CODE_LENGTH_ORDER[lengthCodesSent - 1]] == 0) {
      lengthCodesSent--;
    }

    long dynamicBits = 3 + 5 + 5 + 4 + 3L * lengthCodesSent;
    for (int i = 0; i < ops; i++) {
      int symbol = lengthOps[i] & 0xff;
      dynamicBits += lengthCodeLengths[symbol] + extraBits(symbol);
    }
    long fixedBits = 3;
    for (int s = 0; s < LITERAL_CODES; s++) {
      dynamicBits += (long) frequencies[s] * lengths[s];
      fixedBits += (long) frequencies[s] * (FIXED_CODES[s] >>> 16);
    }
    long storedBits = storedBits(length);

    if (storedBits <= fixedBits && storedBits <= dynamicBits) {
      writeStored(src, offset, length, last);
      return;
    }
    writeBits((last ? 1 : 0) | (fixedBits <= dynamicBits ? 1 : 2) << 1, 3);
    int[] literalCodes;
    if (fixedBits <= dynamicBits) {
      literalCodes = FIXED_CODES;
    } else {
      writeCodeDescription(ops, lengthCodesSent);
      canonicalCodes(lengths, LITERAL_CODES, codes);
      literalCodes = codes;
    }
    int longest = 0;
    for (int s = 0; s < LITERAL_CODES; s++) {
      longest = Math.max(longest, literalCodes[s] >>> 16);
    }
    if (longest <= 14) {
      packFourAtATime(src, offset, length, literalCodes);
    } else {
      packThreeAtATime(src, offset, length, literalCodes);
    }
    writeCode(literalCodes[END_OF_BLOCK]);
  }

  /** Sets {@link #frequencies}[0, 256) to the byte counts of the block. */
  private void countBytes(byte[] src, int offset, int length) {
    int[] h = histograms;
    Arrays.fill(h, 0);
    int end = offset + length;
    int i = offset;
    for (; i + 4 <= end; i += 4) {
      h[src[i] & 0xff]++;
      h[256 + (src[i + 1] & 0xff)]++;
      h[512 + (src[i + 2] & 0xff)]++;
      h[768 + (src[i + 3] & 0xff)]++;
    }
    for (; i < end; i++) {
      h[src[i] & 0xff]++;
    }
    for (int b = 0; b < 256; b++) {
      frequencies[b] = h[b] + h[256 + b] + h[512 + b] + h[768 + b];
    }
  }

  /**
   * Up to 4 codes of at most 14 bits go into the 64-bit buffer after each flush (which leaves at
   * most 7 bits): 7 + 4 x 14 = 63.
   */
  private void packFourAtATime(byte[] src, int offset, int length, int[] literalCodes) {
    byte[] dst = out;
    long buffer = bitBuffer;
    int count = bitCount;
    int p = pos;
    int end = offset + length;
    int i = offset;
    for (; i + 4 <= end; i += 4) {
      int c0 = literalCodes[src[i] & 0xff];
      int c1 = literalCodes[src[i + 1] & 0xff];
      int c2 = literalCodes[src[i + 2] & 0xff];
      int c3 = literalCodes[src[i + 3] & 0xff];
      buffer |= (long) (c0 & 0xffff) << count;
      count += c0 >>> 16;
      buffer |= (long) (c1 & 0xffff) << count;
      count += c1 >>> 16;
      buffer |= (long) (c2 & 0xffff) << count;
      count += c2 >>> 16;
      buffer |= (long) (c3 & 0xffff) << count;
      count += c3 >>> 16;
      LONG_LE.set(dst, p, buffer);
      p += count >>> 3;
      buffer >>>= count & ~7;
      count &= 7;
    }
    bitBuffer = buffer;
    bitCount = count;
    pos = p;
    for (; i < end; i++) {
      writeCode(literalCodes[src[i] & 0xff]);
    }
  }

  /** As {@link #packFourAtATime} for codes of 15 bits: 7 + 3 x 15 = 52. */
  private void packThreeAtATime(byte[] src, int offset, int length, int[] literalCodes) {
    byte[] dst = out;
    long buffer = bitBuffer;
    int count = bitCount;
    int p = pos;
    int end = offset + length;
    int i = offset;
    for (; i + 3 <= end; i += 3) {
      int c0 = literalCodes[src[i] & 0xff];
      int c1 = literalCodes[src[i + 1] & 0xff];
      int c2 = literalCodes[src[i + 2] & 0xff];
      buffer |= (long) (c0 & 0xffff) << count;
      count += c0 >>> 16;
      buffer |= (long) (c1 & 0xffff) << count;
      count += c1 >>> 16;
      buffer |= (long) (c2 & 0xffff) << count;
      count += c2 >>> 16;
      LONG_LE.set(dst, p, buffer);
      p += count >>> 3;
      buffer >>>= count & ~7;
      count &= 7;
    }
    bitBuffer = buffer;
    bitCount = count;
    pos = p;
    for (; i < end; i++) {
      writeCode(literalCodes[src[i] & 0xff]);
    }
  }

  /**
   * Run-length codes (RFC 1951 3.2.7) the literal and distance code lengths, one sequence, into
   * {@link #lengthOps}; counts the ops' symbols. Returns the number of ops.
   */
  private int lengthOps() {
    Arrays.fill(lengthCodeFrequencies, 0);
    int total = LITERAL_CODES + DISTANCE_CODES;
    int ops = 0;
    for (int i = 0; i < total; ) {
      int value = lengths[i];
      int run = 1;
      while (i + run < total && lengths[i + run] == value) {
        run++;
      }
      i += run;
      if (value == 0) {
        while (run >= 11) {
          int n = Math.min(run, 138);
          ops = addOp(ops, 18, n - 11);
          run -= n;
        }
        if (run >= 3) {
          ops = addOp(ops, 17, run - 3);
          run = 0;
        }
      } else {
        ops = addOp(ops, value, 0);
        run--;
        while (run >= 3) {
          int n = Math.min(run, 6);
          ops = addOp(ops, 16, n - 3);
          run -= n;
        }
      }
      for (; run > 0; run--) {
        ops = addOp(ops, value, 0);
      }
    }
    return ops;
  }

  private int addOp(int ops, int symbol, int extra) {
    lengthOps[ops] = symbol | extra << 8;
    lengthCodeFrequencies[symbol]++;
    return ops + 1;
  }

  private static int extraBits(int lengthSymbol) {
    return switch (lengthSymbol) {
      case 16 -> 2;
      case 17 -> 3;
      case 18 -> 7;
      default -> 0;
    };
  }

  /** HLIT, HDIST, HCLEN, the code length code, then the code lengths in its code. */
  private void writeCodeDescription(int ops, int lengthCodesSent) {
    writeBits(LITERAL_CODES - 257, 5);
    writeBits(DISTANCE_CODES - 1, 5);
    writeBits(lengthCodesSent - 4, 4);
    for (int i = 0; i < lengthCodesSent; i++) {
      writeBits(lengthCodeLengths[CODE_LENGTH_ORDER[i]], 3);
    }
    canonicalCodes(lengthCodeLengths, 19, lengthCodeCodes);
    for (int i = 0; i < ops; i++) {
      int symbol = lengthOps[i] & 0xff;
      writeCode(lengthCodeCodes[symbol]);
      int extra = extraBits(symbol);
      if (extra > 0) {
        writeBits(lengthOps[i] >>> 8, extra);
      }
    }
  }

  /** Bits of the block stored from the current bit position: 3 header bits, alignment, LEN/NLEN. */
  private long storedBits(int length) {
    long bits = bitCount;
    int left = length;
    do {
      int n = Math.min(left, STORED_MAX);
      bits = (bits + 3 + 7) & ~7L;
      bits += 32 + 8L * n;
      left -= n;
    } while (left > 0);
    return bits - bitCount;
  }

  private void writeStored(byte[] src, int offset, int length, boolean last) {
    int left = length;
    int at = offset;
    do {
      int n = Math.min(left, STORED_MAX);
      writeBits(last && n == left ? 1 : 0, 3); // BTYPE 00
      alignToByte();
      out[pos] = (byte) n;
      out[pos + 1] = (byte) (n >>> 8);
      out[pos + 2] = (byte) ~n;
      out[pos + 3] = (byte) (~n >>> 8);
      System.arraycopy(src, at, out, pos + 4, n);
      pos += 4 + n;
      at += n;
      left -= n;
    } while (left > 0);
  }

  private void writeCode(int code) {
    writeBits(code & 0xffff, code >>> 16);
  }

  /**
   * Appends the low {@code n} (at most 32) bits; the partial last byte is already in the output.
   */
  private void writeBits(int value, int n) {
    bitBuffer |= (value & 0xffffffffL) << bitCount;
    bitCount += n;
    LONG_LE.set(out, pos, bitBuffer);
    pos += bitCount >>> 3;
    bitBuffer >>>= bitCount & ~7;
    bitCount &= 7;
  }

  /** Ends the partial byte (its bits are already in the output; the rest are zero). */
  private void alignToByte() {
    if (bitCount > 0) {
      pos++;
    }
    bitBuffer = 0;
    bitCount = 0;
  }

  /**
   * Sets {@code lengths[0, n)} to a Huffman code of at most {@code limit} bits for {@code
   * frequencies[0, n)}; unused symbols get 0. With fewer than two symbols used, two get one bit, so
   * that the code is complete, which inflaters require. The unlimited code comes from Moffat and
   * Katajainen's in-place construction over the sorted frequencies; codes longer than the limit are
   * then cut to it and the Kraft sum restored by moving leaves down, least frequent first (as
   * miniz's {@code tdefl_huffman_enforce_max_code_size}): close to the optimum, cheap.
   */
  private void buildLengths(int[] frequencies, int n, int limit, int[] lengths) {
    int used = 0;
    for (int s = 0; s < n; s++) {
      lengths[s] = 0;
      if (frequencies[s] != 0) {
        sortedSymbols[used++] = (long) frequencies[s] << 16 | s;
      }
    }
    if (used < 2) {
      int only = used == 0 ? 0 : (int) (sortedSymbols[0] & 0xffff);
      lengths[only] = 1;
      lengths[only == 0 ? 1 : 0] = 1;
      return;
    }
    Arrays.sort(sortedSymbols, 0, used);
    for (int i = 0; i < used; i++) {
      depths[i] = (int) (sortedSymbols[i] >>> 16);
    }
    huffmanDepths(depths, used);
    Arrays.fill(lengthCounts, 0);
    for (int i = 0; i < used; i++) {
      lengthCounts[Math.min(depths[i], limit)]++;
    }
    long kraft = 0;
    for (int len = 1; len <= limit; len++) {
      kraft += (long) lengthCounts[len] << (limit - len);
    }
    // each step takes one leaf off the longest length and splits a shorter leaf into two
    for (; kraft > 1L << limit; kraft--) {
      lengthCounts[limit]--;
      for (int len = limit - 1; len > 0; len--) {
        if (lengthCounts[len] != 0) {
          lengthCounts[len]--;
          lengthCounts[len + 1] += 2;
          break;
        }
      }
    }
    // the least frequent symbols (first in the sorted order) take the longest codes
    int i = 0;
    for (int len = limit; len >= 1; len--) {
      for (int k = lengthCounts[len]; k > 0; k--) {
        lengths[(int) (sortedSymbols[i++] & 0xffff)] = len;
      }
    }
  }

  /**
   * Moffat and Katajainen, "In-place calculation of minimum-redundancy codes" (1995): {@code a[0,
   * n)}, frequencies in ascending order, n >= 2, become the code lengths of those symbols
   * (non-increasing). Phase 1 builds the tree in place, each internal node's slot then holding its
   * parent; phase 2 turns parents into depths; phase 3 hands out the leaf depths.
   */
  private static void huffmanDepths(int[] a, int n) {
    a[0] += a[1];
    int root = 0;
    int leaf = 2;
    for (int next = 1; next < n - 1; next++) {
      if (leaf >= n || a[root] < a[leaf]) {
        a[next] = a[root];
        a[root++] = next;
      } else {
        a[next] = a[leaf++];
      }
      if (leaf >= n || (root < next && a[root] < a[leaf])) {
        a[next] += a[root];
        a[root++] = next;
      } else {
        a[next] += a[leaf++];
      }
    }
    a[n - 2] = 0;
    for (int next = n - 3; next >= 0; next--) {
      a[next] = a[a[next]] + 1;
    }
    int available = 1;
    int used = 0;
    int depth = 0;
    root = n - 2;
    int next = n - 1;
    while (available > 0) {
      while (root >= 0 && a[root] == depth) {
        used++;
        root--;
      }
      while (available > used) {
        a[next--] = depth;
        available--;
      }
      available = 2 * used;
      depth++;
      used = 0;
    }
  }

  /**
   * The canonical code (RFC 1951 3.2.2) of {@code lengths[0, n)}, each entry the code bit-reversed
   * in the low 16 bits and its length above.
   */
  private static void canonicalCodes(int[] lengths, int n, int[] codes) {
    int[] perLength = new int[MAX_CODE_LENGTH + 1];
    for (int s = 0; s < n; s++) {
      perLength[lengths[s]]++;
    }
    perLength[0] = 0;
    int[] next = new int[MAX_CODE_LENGTH + 1];
    int code = 0;
    for (int len = 1; len <= MAX_CODE_LENGTH; len++) {
      code = (code + perLength[len - 1]) << 1;
      next[len] = code;
    }
    for (int s = 0; s < n; s++) {
      int len = lengths[s];
      codes[s] = len == 0 ? 0 : Integer.reverse(next[len]++) >>> (32 - len) | len << 16;
    }
  }

  private static int[] fixedCodes() {
    // lengths of all 288 fixed literal/length codes: the canonical codes depend on all of them
    int[] lengths = new int[288];
    for (int s = 0; s < lengths.length; s++) {
      lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    }
    int[] codes = new int[lengths.length];
    canonicalCodes(lengths, lengths.length, codes);
    return Arrays.copyOf(codes, LITERAL_CODES);
  }
}
