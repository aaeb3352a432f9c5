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
 * coding alone, {@link HuffmanDeflate}'s streams; CERN's JSROOT reads them back (count, sum, min,
 * max, first values equal to those written).
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

    int huffmanBaskets = huffmanAloneBaskets(file);
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
   * Reads each basket's record from the file with hepscan's reader, inflates it and counts those
   * whose zlib stream is byte for byte what {@link HuffmanDeflate} makes of the basket.
   */
  private static int huffmanAloneBaskets(Path file) throws Exception {
    int same = 0;
    HuffmanDeflate encoder = new HuffmanDeflate();
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
          byte[] basket = new byte[key.objlen()];
          inflater.setInput(stream);
          assertEquals(basket.length, inflater.inflate(basket));
          assertTrue(inflater.finished());
          inflater.end();
          byte[] ours = new byte[encoder.maxCompressedLength(basket.length)];
          int k = encoder.compress(basket, 0, basket.length, ours);
          if (Arrays.equals(stream, Arrays.copyOf(ours, k))) {
            same++;
          }
        }
      }
    }
    return same;
  }

  private static int le24(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
  }
}
