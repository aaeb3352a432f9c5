package hepscan.rootio.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.RootFile;
import hepscan.rootio.RootTestFiles;
import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.file.KeyHeader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jagged branches written with ROOT's kGenerateOffsetMap I/O feature keep no entry offsets in their
 * baskets; the reader rebuilds them from the counter branch. JSROOT cannot read such a file, so the
 * reference is its twin, the same events written with offsets.
 */
class GeneratedOffsetsTest {
  private static final String NO_OFFSETS = "uproot-small-dy-nooffsets.root";
  private static final String WITH_OFFSETS = "uproot-small-dy-withoffsets.root";

  /** The test is only meaningful if the baskets really lack their offsets. */
  @Test
  void jaggedBasketsAnnounceGeneratedOffsets() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(NO_OFFSETS))) {
      TreeReader t = f.tree("tree");
      TBranch jetPt =
          t.model().allBranches().stream()
              .filter(b -> b.name().equals("Jet_pt"))
              .findFirst()
              .orElseThrow();
      assertTrue(jetPt.writeBasket() > 1, "several baskets");
      for (int i = 0; i < jetPt.writeBasket(); i++) {
        RootBuffer b = RootBuffer.of(f.readBytes(jetPt.basketSeek(i), 200));
        KeyHeader.read(b);
        b.readShort(); // TBasket version
        b.readInt(); // fBufferSize
        assertTrue(b.readInt() < 0, "basket " + i + ": fNevBufSize announces I/O feature bits");
      }
    }
  }

  @Test
  void everyLeafEqualsTheTwinFileWrittenWithOffsets() throws Exception {
    try (RootFile without = RootFile.open(RootTestFiles.file(NO_OFFSETS));
        RootFile with = RootFile.open(RootTestFiles.file(WITH_OFFSETS))) {
      TreeReader a = without.tree("tree");
      TreeReader b = with.tree("tree");
      assertEquals(501, a.entries());
      assertEquals(b.leaves(), a.leaves());
      List<String> names = a.leaves().stream().map(LeafInfo::name).toList();
      assertTrue(
          a.leaves().stream().filter(l -> l.shape() == LeafShape.JAGGED).count() >= 3,
          a.leaves().toString());
      long[][] ranges = {{0, 501}, {0, 1}, {37, 38}, {150, 420}, {250, 251}, {499, 501}, {5, 5}};
      for (long[] r : ranges) {
        Map<String, Column> x = a.read(names, r[0], r[1]);
        Map<String, Column> y = b.read(names, r[0], r[1]);
        for (String n : names) {
          String where = n + " entries " + r[0] + ".." + r[1];
          assertArrayEquals(y.get(n).offsets(), x.get(n).offsets(), where);
          assertArrayEquals(y.get(n).toDoubleArray(), x.get(n).toDoubleArray(), where);
          assertEquals(y.get(n).size(), x.get(n).size(), where);
        }
      }
      Column jets = a.read("Jet_pt");
      assertEquals(a.read("nJet").toDoubleArray().length, jets.entries());
      int[] nJet = (int[]) a.read("nJet").array();
      for (int e = 0; e < nJet.length; e++) {
        assertEquals(nJet[e], jets.offsets()[e + 1] - jets.offsets()[e], "entry " + e);
      }
    }
  }
}
