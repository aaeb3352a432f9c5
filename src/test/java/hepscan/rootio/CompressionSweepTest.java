package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafInfo;
import hepscan.rootio.tree.RootTree;
import java.lang.reflect.Array;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files written with the same content and different compression (zlib, LZMA, LZ4, ZSTD, none; ROOT
 * 5.32 to 6.20) must give bit-identical columns, as in uproot's test_0014 habit.
 */
class CompressionSweepTest {

  static Stream<Arguments> groups() {
    return Stream.of(
        Arguments.of(
            "events",
            List.of(
                "uproot-HZZ.root",
                "uproot-HZZ-zlib.root",
                "uproot-HZZ-lzma.root",
                "uproot-HZZ-lz4.root",
                "uproot-HZZ-zstd.root",
                "uproot-HZZ-uncompressed.root")),
        Arguments.of(
            "events",
            List.of(
                "uproot-Zmumu.root",
                "uproot-Zmumu-zlib.root",
                "uproot-Zmumu-lzma.root",
                "uproot-Zmumu-lz4.root",
                "uproot-Zmumu-zstd.root",
                "uproot-Zmumu-uncompressed.root")),
        Arguments.of(
            "sample",
            List.of(
                "uproot-sample-6.20.04-zlib.root",
                "uproot-sample-6.20.04-lzma.root",
                "uproot-sample-6.20.04-lz4.root",
                "uproot-sample-6.20.04-uncompressed.root")),
        // Same content across ROOT versions, 5.23 to 6.20.
        Arguments.of(
            "sample",
            List.of(
                "uproot-sample-5.23.02-zlib.root",
                "uproot-sample-5.24.00-zlib.root",
                "uproot-sample-5.25.02-zlib.root",
                "uproot-sample-5.26.00-zlib.root",
                "uproot-sample-5.27.02-zlib.root",
                "uproot-sample-5.28.00-zlib.root",
                "uproot-sample-5.29.02-zlib.root",
                "uproot-sample-5.30.00-zlib.root",
                "uproot-sample-6.10.05-zlib.root",
                "uproot-sample-6.14.00-zlib.root",
                "uproot-sample-6.20.04-zlib.root")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("groups")
  void sameColumnsWhateverTheCompression(String treeName, List<String> files) throws Exception {
    Map<String, Column> reference = null;
    List<LeafInfo> referenceLeaves = null;
    for (String name : files) {
      try (RootFile f = RootFile.open(RootTestFiles.file(name))) {
        RootTree tree = f.tree(treeName);
        List<LeafInfo> leaves = tree.leaves();
        Map<String, Column> columns = tree.read(leaves.stream().map(LeafInfo::name).toList());
        if (reference == null) {
          reference = columns;
          referenceLeaves = leaves;
          assertTrue(leaves.size() >= 20, "too few leaves compared");
          continue;
        }
        assertEquals(referenceLeaves, leaves, name + ": leaves");
        for (LeafInfo leaf : leaves) {
          Column a = reference.get(leaf.name());
          Column b = columns.get(leaf.name());
          String where = name + " " + leaf.name();
          assertEquals(a.entries(), b.entries(), where);
          assertArrayEquals(a.offsets(), b.offsets(), where + " offsets");
          assertArraysBitIdentical(a.array(), b.array(), where);
        }
      }
    }
  }

  private static void assertArraysBitIdentical(Object a, Object b, String where) {
    assertEquals(a.getClass(), b.getClass(), where);
    assertEquals(Array.getLength(a), Array.getLength(b), where + " length");
    if (a instanceof float[] x) {
      float[] y = (float[]) b;
      for (int i = 0; i < x.length; i++) {
        assertEquals(
            Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), where + "[" + i + "]");
      }
    } else if (a instanceof double[] x) {
      double[] y = (double[]) b;
      for (int i = 0; i < x.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(x[i]),
            Double.doubleToRawLongBits(y[i]),
            where + "[" + i + "]");
      }
    } else if (a instanceof Object[] x) {
      assertArrayEquals(x, (Object[]) b, where);
    } else {
      for (int i = 0; i < Array.getLength(a); i++) {
        assertEquals(Array.get(a, i), Array.get(b, i), where + "[" + i + "]");
      }
    }
  }
}
