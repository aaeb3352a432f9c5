package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hepscan.rootio.RootFile;
import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.compress.BlockCompressor;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.compress.HuffmanDeflate;
import hepscan.rootio.file.KeyHeader;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.TBranch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Float columns as in test outputs (full-precision Gaussian values, zlib level 1) take Huffman
 * coding alone, {@link HuffmanDeflate}'s streams (checked byte for byte against the baskets read
 * back with hepscan's reader); CERN's JSROOT reads them back (count, sum, min, max, first values
 * equal to those written), also when a stream holds several blocks, stored and Huffman-coded.
 */
class HuffmanBasketRootCheckTest {
  @TempDir Path dir;

  @Test
  void jsrootReadsFloatBasketsCodedWithHuffmanAlone() throws Exception {
    RootCheck.assumeAvailable();
    Path file = dir.resolve("floats.root");
    int n = 200_000;
    List<BranchSpec> specs = new ArrayList<>();
    Map<String, float[]> written = new HashMap<>();
    SplittableRandom r = new SplittableRandom(11);
    for (int j = 0; j < 4; j++) {
      String name = "x" + j;
      specs.add(new BranchSpec(name, LeafType.FLOAT));
      float[] x = new float[n];
      for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian(10 * j, 1 + j);
      written.put(name, x);
    }
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t = w.createTree("t", "floats", specs);
      t.append(specs.stream().map(s -> (Object) written.get(s.name())).toArray());
      w.finish();
    }

    HuffmanDeflate encoder = new HuffmanDeflate();
    int huffmanBaskets =
        (int) baskets(file).stream().filter(b -> b.isHuffmanDeflates(encoder)).count();
    int baskets = specs.size() * ((4 * n + 31_999) / 32_000);
    System.out.printf("%d of %d float baskets coded with Huffman alone%n", huffmanBaskets, baskets);
    // all but at most the probes (one basket in 16) are Huffman coding alone
    assertTrue(
        huffmanBaskets >= baskets - specs.size() * ((baskets / specs.size() + 15) / 16),
        huffmanBaskets + " of " + baskets + " baskets coded with Huffman alone");

    JsonNode json = RootCheck.read(file);
    assertEquals("zlib", json.at("/compression/algorithm").asText());
    JsonNode tree = json.get("trees").get(0);
    assertEquals(n, tree.get("entries").asLong());
    for (JsonNode b : tree.get("branches")) {
      String name = b.get("name").asText();
      assertEquals("zlib", b.get("firstBasketCompression").asText());
      ExpectedStats.check(name, LeafType.FLOAT, written.get(name), b.get("stats"));
      written.remove(name);
    }
    assertTrue(written.isEmpty(), "JSROOT saw every branch, missing " + written.keySet());
    assertTrue(json.get("messages").isEmpty(), json.get("messages").toString());
  }

  /**
   * Baskets of 256 kB, so each zlib stream holds several DEFLATE blocks: where the values are
   * random bits the blocks are stored, elsewhere Huffman-coded. JSROOT reads both kinds in one
   * stream.
   */
  @Test
  void jsrootReadsStreamsOfStoredAndHuffmanBlocks() throws Exception {
    RootCheck.assumeAvailable();
    Path file = dir.resolve("mixed.root");
    int basketBytes = 1 << 18;
    int n = 200_000;
    float[] x = new float[n];
    SplittableRandom r = new SplittableRandom(12);
    int randomFrom = basketBytes / 4; // the second basket starts with 160 kB of random bits
    for (int i = 0; i < n; i++) {
      if (i >= randomFrom && i < randomFrom + 40_000) {
        // sign, exponent 1-254 (finite, not subnormal), mantissa: bytes close to uniform
        int bits = r.nextInt() & 0x807fffff | (1 + r.nextInt(254)) << 23;
        x[i] = Float.intBitsToFloat(bits);
      } else {
        x[i] = (float) r.nextGaussian(5, 2);
      }
    }
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t =
          w.createTree("t", "mixed", List.of(new BranchSpec("x", LeafType.FLOAT)), basketBytes);
      t.append((Object) x);
      w.finish();
    }

    List<StoredBasket> baskets = baskets(file);
    assertEquals((4 * n + basketBytes - 1) / basketBytes, baskets.size());
    StoredBasket second = baskets.get(1);
    assertTrue(second.isHuffmanDeflates(new HuffmanDeflate()), "Huffman alone after the probe");
    assertEquals(0, (second.stream()[2] >> 1) & 3, "its first DEFLATE block is stored");
    assertTrue(
        second.stream().length > 3 * HuffmanDeflate.DEFAULT_BLOCK_BYTES,
        "160 kB of random bits stay about as large");
    assertTrue(second.stream().length < basketBytes, "the rest Huffman-coded");

    JsonNode json = RootCheck.read(file);
    JsonNode branch = json.get("trees").get(0).get("branches").get(0);
    assertEquals("x", branch.get("name").asText());
    ExpectedStats.check("x", LeafType.FLOAT, x, branch.get("stats"));
    assertTrue(json.get("messages").isEmpty(), json.get("messages").toString());
  }

  /** A basket as stored: its zlib stream (after ROOT's 9-byte block header) and its bytes. */
  private record StoredBasket(String branch, int index, byte[] stream, byte[] raw) {
    boolean isHuffmanDeflates(HuffmanDeflate encoder) {
      byte[] ours = new byte[encoder.maxCompressedLength(raw.length)];
      int k = encoder.compress(raw, 0, raw.length, ours);
      return Arrays.equals(stream, Arrays.copyOf(ours, k));
    }
  }

  /** Each basket's record, read with hepscan's reader; its one zlib block inflated. */
  private static List<StoredBasket> baskets(Path file) throws Exception {
    List<StoredBasket> baskets = new ArrayList<>();
    try (RootFile rf = RootFile.open(file)) {
      for (TBranch branch : rf.tree("t").model().allBranches()) {
        for (int i = 0; i < branch.writeBasket(); i++) {
          byte[] record = rf.readBytes(branch.basketSeek(i), branch.basketBytes(i));
          KeyHeader key = KeyHeader.read(RootBuffer.of(record));
          int at = key.keylen();
          assertEquals("ZL", new String(record, at, 2, java.nio.charset.StandardCharsets.US_ASCII));
          int csize = le24(record, at + 3);
          assertEquals(key.objlen(), le24(record, at + 6), "one block per basket");
          byte[] stream =
              Arrays.copyOfRange(record, at + BlockCompressor.HEADER_SIZE, record.length);
          assertEquals(csize, stream.length);
          Inflater inflater = new Inflater();
          byte[] raw = new byte[key.objlen()];
          inflater.setInput(stream);
          assertEquals(raw.length, inflater.inflate(raw));
          assertTrue(inflater.finished());
          inflater.end();
          baskets.add(new StoredBasket(branch.name(), i, stream, raw));
        }
      }
    }
    return baskets;
  }

  private static int le24(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
  }
}
