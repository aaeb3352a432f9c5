package hepscan.rootio.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Adler32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * {@link HuffmanDeflate}'s streams inflate, with the JDK's zlib, to exactly their input, the zlib
 * trailer's Adler-32 checked; their dynamic blocks, parsed here independently, carry literals and
 * end-of-block only, complete codes of at most 15 bits, and come within 1 % of zlib's own {@code
 * HUFFMAN_ONLY} streams on float columns.
 */
class HuffmanDeflateTest {

  /** Compresses, inflates, checks the bytes, the header and the trailer; returns the stream. */
  static byte[] roundTrip(HuffmanDeflate encoder, byte[] src) throws Exception {
    byte[] dst = new byte[encoder.maxCompressedLength(src.length)];
    int n = encoder.compress(src, 0, src.length, dst);
    byte[] stream = Arrays.copyOf(dst, n);
    assertEquals(0x78, stream[0] & 0xff);
    assertEquals(0x01, stream[1] & 0xff);
    assertEquals(0, ((stream[0] & 0xff) << 8 | (stream[1] & 0xff)) % 31, "FCHECK");
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stream);
      byte[] back = new byte[src.length + 1];
      int got = 0;
      while (!inflater.finished() && got < back.length) {
        int k = inflater.inflate(back, got, back.length - got);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        got += k;
      }
      assertTrue(inflater.finished(), "the stream ends, its Adler-32 checked by zlib");
      assertEquals(0, inflater.getRemaining(), "nothing after the trailer");
      assertArrayEquals(src, Arrays.copyOf(back, got));
    } finally {
      inflater.end();
    }
    Adler32 adler = new Adler32();
    adler.update(src);
    long trailer = 0;
    for (int i = n - 4; i < n; i++) {
      trailer = trailer << 8 | (stream[i] & 0xff);
    }
    assertEquals(adler.getValue(), trailer, "Adler-32 trailer");
    return stream;
  }

  /** Big-endian floats, as ROOT stores them: Gaussian values as a network input's column. */
  static byte[] floatColumn(int floats, long seed) {
    Random r = new Random(seed);
    ByteBuffer b = ByteBuffer.allocate(4 * floats);
    while (b.hasRemaining()) {
      b.putFloat((float) (50 + 20 * r.nextGaussian()));
    }
    return b.array();
  }

  static int deflaterHuffmanOnly(byte[] src) {
    Deflater d = new Deflater(1);
    try {
      d.setStrategy(Deflater.HUFFMAN_ONLY);
      d.setInput(src);
      d.finish();
      byte[] out = new byte[src.length + src.length / 100 + 1024];
      int n = 0;
      while (!d.finished()) {
        n += d.deflate(out, n, out.length - n);
      }
      return n;
    } finally {
      d.end();
    }
  }

  @Test
  void emptyInput() throws Exception {
    byte[] stream = roundTrip(new HuffmanDeflate(), new byte[0]);
    // one final block with the fixed code and only end-of-block, as zlib writes it
    assertArrayEquals(new byte[] {0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}, stream);
  }

  @Test
  void oneByte() throws Exception {
    roundTrip(new HuffmanDeflate(), new byte[] {42});
    roundTrip(new HuffmanDeflate(), new byte[] {(byte) 0xff});
  }

  @Test
  void everyByteValue() throws Exception {
    byte[] src = new byte[256 * 40];
    for (int i = 0; i < src.length; i++) {
      src[i] = (byte) (i * 7);
    }
    roundTrip(new HuffmanDeflate(), src);
  }

  @Test
  void oneRepeatedByteIsADynamicBlockOfOneBitCodes() throws Exception {
    byte[] src = new byte[100_000];
    Arrays.fill(src, (byte) 0x41);
    byte[] stream = roundTrip(new HuffmanDeflate(), src);
    List<ParsedBlock> blocks = parseBlocks(stream);
    assertEquals(2, blocks.size(), "blocks of 65,535 bytes");
    for (ParsedBlock b : blocks) {
      assertEquals(2, b.type(), "dynamic");
      assertEquals(1, b.literalLengths()[0x41]);
      assertEquals(1, b.literalLengths()[256]);
    }
    // a bit per byte
    assertTrue(stream.length < 100_000 / 8 + 200, "size " + stream.length);
  }

  @Test
  void randomBytesAreStored() throws Exception {
    byte[] src = new byte[200_000];
    new Random(3).nextBytes(src);
    byte[] stream = roundTrip(new HuffmanDeflate(), src);
    for (ParsedBlock b : parseBlocks(stream)) {
      assertEquals(0, b.type(), "stored");
    }
    assertTrue(stream.length <= src.length + 6 * 4 + 6, "size " + stream.length);
  }

  @Test
  void shortInputsOfEveryLengthUpTo300() throws Exception {
    HuffmanDeflate encoder = new HuffmanDeflate();
    Random r = new Random(4);
    for (int n = 0; n <= 300; n++) {
      byte[] src = new byte[n];
      for (int i = 0; i < n; i++) {
        src[i] = (byte) (r.nextInt(1 + n % 17) * 3);
      }
      roundTrip(encoder, src);
    }
  }

  @Test
  void floatColumnsWithinOnePercentOfZlibHuffmanOnly() throws Exception {
    HuffmanDeflate encoder = new HuffmanDeflate();
    long ours = 0;
    long zlib = 0;
    int[] sizes = {32_000, 32_000, 100_000, 1_000_000};
    for (int k = 0; k < sizes.length; k++) {
      byte[] src = floatColumn(sizes[k] / 4, k);
      byte[] stream = roundTrip(encoder, src);
      assertTrue(stream.length < src.length * 0.9, "compressed: " + stream.length);
      for (ParsedBlock b : parseBlocks(stream)) {
        assertEquals(2, b.type(), "dynamic");
      }
      ours += stream.length;
      zlib += deflaterHuffmanOnly(src);
    }
    double ratio = (double) ours / zlib;
    System.out.printf(
        "float columns: ours %d bytes, zlib HUFFMAN_ONLY %d: %.4f%n", ours, zlib, ratio);
    assertTrue(ratio <= 1.01, "ours " + ours + " against zlib's " + zlib);
  }

  /**
   * Fibonacci-like frequencies (each the sum of the two before, plus one, so that no ties make a
   * balanced tree): the unlimited Huffman code would need 23-bit codes.
   */
  @Test
  void skewedFrequenciesAreLimitedTo15Bits() throws Exception {
    List<Byte> symbols = new ArrayList<>();
    long a = 1;
    long b = 2;
    for (int s = 0; s < 24; s++) {
      for (long k = 0; k < a; k++) {
        symbols.add((byte) (s * 9));
      }
      long c = a + b + 1;
      a = b;
      b = c;
    }
    java.util.Collections.shuffle(symbols, new Random(6));
    byte[] src = new byte[symbols.size()];
    for (int i = 0; i < src.length; i++) {
      src[i] = symbols.get(i);
    }
    // one block for all of it, so its code sees the whole skew
    byte[] stream = roundTrip(new HuffmanDeflate(src.length), src);
    List<ParsedBlock> blocks = parseBlocks(stream);
    assertEquals(1, blocks.size());
    int longest = Arrays.stream(blocks.get(0).literalLengths()).max().orElseThrow();
    assertEquals(15, longest, "the length limit is reached");
    // with the default blocks too
    roundTrip(new HuffmanDeflate(), src);
  }

  @Test
  void sixteenMegabytes() throws Exception {
    byte[] src = floatColumn(BlockCompressor.MAX_BLOCK / 4, 7);
    byte[] stream = roundTrip(new HuffmanDeflate(), src);
    assertEquals(
        (BlockCompressor.MAX_BLOCK / 4 * 4 + HuffmanDeflate.DEFAULT_BLOCK_BYTES - 1)
            / HuffmanDeflate.DEFAULT_BLOCK_BYTES,
        parseBlocks(stream).size());
  }

  @Test
  void reusedEncoderAndOffsets() throws Exception {
    HuffmanDeflate encoder = new HuffmanDeflate();
    byte[] src = floatColumn(20_000, 8);
    byte[] dst = new byte[encoder.maxCompressedLength(src.length)];
    for (int offset : new int[] {0, 1, 3, 1001}) {
      int n = encoder.compress(src, offset, 50_000, dst);
      Inflater inflater = new Inflater();
      inflater.setInput(dst, 0, n);
      byte[] back = new byte[50_000];
      assertEquals(50_000, inflater.inflate(back));
      assertTrue(inflater.finished());
      inflater.end();
      assertArrayEquals(Arrays.copyOfRange(src, offset, offset + 50_000), back);
    }
  }

  // --- an independent reading of the blocks' headers (RFC 1951 3.2.3-3.2.7) ---

  /** A block: its type; for dynamic blocks, the literal/length and distance code lengths. */
  record ParsedBlock(int type, int[] literalLengths, int[] distanceLengths) {}

  private static final int[] ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };

  /**
   * Walks the blocks of a zlib stream made of stored blocks and literal-only Huffman blocks,
   * checking that each code is complete (Kraft sum 1) and at most 15 bits, that no length code is
   * used and that the stream ends at the trailer.
   */
  static List<ParsedBlock> parseBlocks(byte[] stream) {
    Bits in = new Bits(stream, 2);
    List<ParsedBlock> blocks = new ArrayList<>();
    boolean last;
    do {
      last = in.read(1) == 1;
      int type = in.read(2);
      if (type == 0) {
        in.align();
        int len = in.read(16);
        assertEquals(len ^ 0xffff, in.read(16), "NLEN");
        in.skipBytes(len);
        blocks.add(new ParsedBlock(0, null, null));
        continue;
      }
      int[] lit;
      int[] dist = new int[0];
      if (type == 1) {
        lit = new int[288];
        for (int s = 0; s < 288; s++) lit[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
      } else {
        assertEquals(2, type, "block type");
        int hlit = in.read(5) + 257;
        int hdist = in.read(5) + 1;
        int hclen = in.read(4) + 4;
        int[] clen = new int[19];
        for (int i = 0; i < hclen; i++) clen[ORDER[i]] = in.read(3);
        assertComplete(clen, 7);
        Decoder lengthCode = new Decoder(clen);
        int[] all = new int[hlit + hdist];
        for (int i = 0; i < all.length; ) {
          int sym = lengthCode.decode(in);
          if (sym < 16) {
            all[i++] = sym;
          } else if (sym == 16) {
            int prev = all[i - 1];
            for (int k = 3 + in.read(2); k > 0; k--) all[i++] = prev;
          } else {
            for (int k = sym == 17 ? 3 + in.read(3) : 11 + in.read(7); k > 0; k--) all[i++] = 0;
          }
        }
        lit = Arrays.copyOf(all, hlit);
        dist = Arrays.copyOfRange(all, hlit, all.length);
        assertComplete(lit, 15);
        assertComplete(dist, 15);
      }
      Decoder literals = new Decoder(lit);
      int sym;
      while ((sym = literals.decode(in)) != 256) {
        assertTrue(sym < 256, "literal only, got length symbol " + sym);
      }
      blocks.add(new ParsedBlock(type, Arrays.copyOf(lit, 257), dist));
    } while (!last);
    in.align();
    assertEquals(stream.length - 4, in.bytePosition(), "the Adler-32 follows the last block");
    return blocks;
  }

  private static void assertComplete(int[] lengths, int limit) {
    long kraft = 0;
    for (int len : lengths) {
      assertTrue(len <= limit, "code length " + len + " over " + limit);
      if (len > 0) kraft += 1L << (limit - len);
    }
    assertEquals(1L << limit, kraft, "complete code: " + Arrays.toString(lengths));
  }

  /** LSB-first bit reader. */
  private static final class Bits {
    private final byte[] b;
    private long bit;

    Bits(byte[] b, int bytePos) {
      this.b = b;
      this.bit = 8L * bytePos;
    }

    int read(int n) {
      int v = 0;
      for (int i = 0; i < n; i++, bit++) {
        v |= ((b[(int) (bit >>> 3)] >>> (bit & 7)) & 1) << i;
      }
      return v;
    }

    void align() {
      bit = (bit + 7) & ~7L;
    }

    void skipBytes(int n) {
      bit += 8L * n;
    }

    int bytePosition() {
      return (int) (bit >>> 3);
    }
  }

  /** Canonical code decoding one bit at a time, as RFC 1951's codes are defined (puff.c's way). */
  private static final class Decoder {
    private final int[] count = new int[16];
    private final int[] symbols;

    Decoder(int[] lengths) {
      for (int l : lengths) count[l]++;
      int[] offsets = new int[17];
      for (int len = 1; len < 16; len++) offsets[len + 1] = offsets[len] + count[len];
      symbols = new int[offsets[16]];
      for (int s = 0; s < lengths.length; s++) {
        if (lengths[s] > 0) symbols[offsets[lengths[s]]++] = s;
      }
    }

    int decode(Bits in) {
      int code = 0;
      int first = 0;
      int index = 0;
      for (int len = 1; len <= 15; len++) {
        code |= in.read(1);
        if (code - first < count[len]) return symbols[index + code - first];
        index += count[len];
        first = (first + count[len]) << 1;
        code <<= 1;
      }
      throw new AssertionError("no code matches");
    }
  }
}
