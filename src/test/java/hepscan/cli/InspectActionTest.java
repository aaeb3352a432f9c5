package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.rootio.RootTestFiles;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --inspect action end to end: tree selection, --first, exit code and one-line errors. */
class InspectActionTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Path file, String tree, int first) {
    return InspectAction.run(file, tree, first, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void selectsOneTreeAndPrintsTheFirstValuesAsked() throws Exception {
    assertEquals(0, run(RootTestFiles.file("uproot-nesteddirs.root"), "one/tree", 2));
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    assertEquals(1, doc.get("trees").size());
    JsonNode tree = doc.get("trees").get(0);
    assertEquals("one/tree", tree.get("name").asText());
    assertEquals("[1,2]", tree.get("branches").get(0).get("stats").get("first").toString());
    assertEquals(
        "[\"uno\",\"dos\"]", tree.get("branches").get(2).get("stats").get("first").toString());
    assertEquals("", err.toString());
  }

  /** Sums beyond 2^53 (and beyond 2^64) are exact and printed as strings, as rootcheck does. */
  @Test
  void integerSumsAreExact(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("big-integers.root");
    long[] signed = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, -5, 1L << 53};
    long[] unsigned = {-1L, -2L, 7}; // 2^64-1, 2^64-2, 7 as ULong64_t
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      w.createTree("s", "", List.of(new BranchSpec("v", LeafType.LONG))).append(signed);
      w.createTree("u", "", List.of(new BranchSpec("v", LeafType.ULONG))).append(unsigned);
      w.finish();
    }
    assertEquals(0, run(file, null, 5), err.toString());
    JsonNode trees = new ObjectMapper().readTree(out.toString()).get("trees");
    JsonNode s = trees.get(0).get("branches").get(0).get("stats");
    BigInteger expected = BigInteger.ZERO;
    for (long v : signed) {
      expected = expected.add(BigInteger.valueOf(v));
    }
    assertEquals(expected.toString(), s.get("sum").asText());
    assertEquals(String.valueOf(Long.MIN_VALUE), s.get("min").asText());
    assertEquals("9007199254740992", s.get("first").get(4).asText());
    JsonNode u = trees.get(1).get("branches").get(0).get("stats");
    BigInteger twoTo64 = BigInteger.ONE.shiftLeft(64);
    assertEquals(
        twoTo64
            .subtract(BigInteger.ONE)
            .add(twoTo64)
            .subtract(BigInteger.TWO)
            .add(BigInteger.valueOf(7))
            .toString(),
        u.get("sum").asText());
    assertEquals(twoTo64.subtract(BigInteger.ONE).toString(), u.get("max").asText());
    assertEquals(7, u.get("min").asLong());
  }

  @Test
  void unknownTreeIsExitOneWithOneLine() {
    Path file = RootTestFiles.file("uproot-HZZ.root");
    assertEquals(1, run(file, "evnts", 5));
    assertEquals(
        "hepscan: cannot read "
            + file
            + ": no TTree named 'evnts' (trees: events)"
            + System.lineSeparator(),
        err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void unreadableFileIsExitOneWithOneLine(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("text.root");
    Files.writeString(file, "hello, not ROOT at all\n".repeat(10));
    assertEquals(1, run(file, null, 5));
    assertEquals(
        "hepscan: cannot read "
            + file
            + ": not a ROOT file (no \"root\" magic at byte 0)"
            + System.lineSeparator(),
        err.toString());
    assertTrue(out.toString().isEmpty());
  }
}
