package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafInfo;
import hepscan.rootio.tree.LeafShape;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.RootTree;
import hepscan.rootio.tree.TreeReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The columnar API on real files: directories, leaf lists, ranges, strings, embedded baskets. */
class RootReaderTest {

  @Test
  void treesInSubdirectories() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-nesteddirs.root"))) {
      assertEquals(List.of("one/two/tree", "one/tree", "three/tree"), f.treePaths());
      RootTree t = f.tree("one/two/tree");
      assertEquals("one/two/tree", t.path());
      assertEquals(100, t.entries());
      Column c = t.read("Int32");
      int[] values = (int[]) c.array();
      for (int i = 0; i < 100; i++) {
        assertEquals(i, values[i]);
      }
      RootTree small = f.tree("one/tree");
      assertArrayEquals(new int[] {1, 2, 3, 4}, (int[]) small.read("one").array());
      assertEquals(
          List.of("uno", "dos", "tres", "quatro"),
          Arrays.asList((String[]) small.read("three").array()));
    }
  }

  @Test
  void objectBranchesAreListedAsUnsupportedNotRead() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-nesteddirs.root"))) {
      RootTree t = f.tree("three/tree");
      assertEquals(100, t.entries());
      assertTrue(t.leaves().isEmpty(), "split-object leaves must not be offered: " + t.leaves());
      RootIOException e = assertThrows(RootIOException.class, () -> t.read("StlVecI32"));
      assertTrue(e.getMessage().contains("uproot-nesteddirs.root"), e.getMessage());
      assertTrue(
          e.getMessage()
              .contains(
                  "'StlVecI32' cannot be read: not supported: branch 'StlVecI32' of class Event"
                      + " (a part of a split object"),
          e.getMessage());
    }
  }

  @Test
  void leafListColumnsAreNamedBranchDotLeaf() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-leaflist.root"))) {
      RootTree t = f.tree("tree");
      assertEquals(
          List.of(
              new LeafInfo("leaflist", "leaflist.x", LeafType.DOUBLE, LeafShape.SCALAR, 1, null),
              new LeafInfo("leaflist", "leaflist.y", LeafType.INT, LeafShape.SCALAR, 1, null),
              new LeafInfo("leaflist", "leaflist.z", LeafType.CHAR, LeafShape.SCALAR, 1, null)),
          t.leaves());
      Map<String, Column> cols = t.read(List.of("leaflist.x", "y", "z"));
      assertArrayEquals(
          new double[] {1.1, 2.2, 3.3, 4.0, 5.5}, (double[]) cols.get("leaflist.x").array());
      assertArrayEquals(new int[] {1, 2, 3, 4, 5}, (int[]) cols.get("y").array());
      assertArrayEquals(new byte[] {'a', 'b', 'c', 'd', 'e'}, (byte[]) cols.get("z").array());
    }
  }

  @Test
  void emptyTree() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-empty.root"))) {
      RootTree t = f.tree("tree");
      assertEquals(0, t.entries());
      Column x = t.read("x");
      assertEquals(0, x.entries());
      assertEquals(0, x.size());
      assertEquals(0, t.read("z").size());
    }
  }

  @Test
  void entryRangeIsASliceOfTheWholeColumn() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-HZZ.root"))) {
      RootTree t = f.tree("events");
      Column all = t.read("Jet_Px");
      Column part = t.read("Jet_Px", 100, 1000);
      assertEquals(900, part.entries());
      int base = all.offsets()[100];
      for (int e = 0; e <= 900; e++) {
        assertEquals(all.offsets()[100 + e] - base, part.offsets()[e]);
      }
      float[] a = (float[]) all.array();
      float[] p = (float[]) part.array();
      assertEquals(all.offsets()[1000] - base, p.length);
      for (int i = 0; i < p.length; i++) {
        assertEquals(a[base + i], p[i]);
      }
      Column scalar = t.read("MET_px", 2420, 2421);
      assertEquals(((float[]) t.read("MET_px").array())[2420], ((float[]) scalar.array())[0]);
      assertThrows(IllegalArgumentException.class, () -> t.read("MET_px", 10, 2422));
    }
  }

  /**
   * Every entry range [start, end) of leaves of every shape (scalar, fixed array, jagged, string;
   * several baskets each; a leaf list) read at once on four threads equals the slice of the whole
   * column: baskets are decoded in parallel, each into its own place.
   */
  @Test
  void everyEntryRangeOfEveryShapeIsTheSliceOfTheWholeColumn() throws Exception {
    check(
        "uproot-sample-6.20.04-zlib.root",
        "sample",
        List.of("n", "i4", "f8", "ai4", "af4", "Ai8", "Af4", "ab", "str"));
    check("uproot-leaflist.root", "tree", List.of("leaflist.x", "leaflist.y", "leaflist.z"));
  }

  private static void check(String fileName, String treeName, List<String> names) throws Exception {
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(4);
    try (RootFile f = RootFile.open(RootTestFiles.file(fileName))) {
      RootTree t = f.tree(treeName);
      Map<String, Column> whole = t.read(names);
      int n = (int) t.entries();
      for (int start = 0; start <= n; start++) {
        for (int end = start; end <= n; end++) {
          int from = start;
          int to = end;
          Map<String, Column> part = pool.submit(() -> t.read(names, from, to)).get();
          for (String name : names) {
            String where = fileName + " " + name + " [" + from + ", " + to + ")";
            Column w = whole.get(name);
            Column p = part.get(name);
            assertEquals(to - from, p.entries(), where);
            if (w.leaf().shape() == LeafShape.STRING) {
              for (int e = from; e < to; e++) {
                assertEquals(w.getString(e), p.getString(e - from), where);
              }
              continue;
            }
            int lo = w.offsets() == null ? from : w.offsets()[from];
            int hi = w.offsets() == null ? to : w.offsets()[to];
            assertArrayEquals(
                java.util.Arrays.copyOfRange(w.toDoubleArray(), lo, hi), p.toDoubleArray(), where);
            if (w.offsets() != null) {
              for (int e = 0; e <= to - from; e++) {
                assertEquals(w.offsets()[from + e] - lo, p.offsets()[e], where);
              }
            }
          }
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void severalLeavesOverAnEntryRange() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-HZZ-zstd.root"))) {
      var t = f.tree("events");
      List<String> names = List.of("Muon_Px", "NMuon", "MET_px", "Jet_ID");
      Map<String, Column> cols = t.read(names, 17, 1234);
      assertEquals(names, List.copyOf(cols.keySet()));
      for (String n : names) {
        Column one = t.read(n, 17, 1234);
        assertEquals(1234 - 17, cols.get(n).entries(), n);
        assertArrayEquals(one.offsets(), cols.get(n).offsets(), n);
        assertArrayEquals(one.toDoubleArray(), cols.get(n).toDoubleArray(), n);
      }
    }
  }

  @Test
  void anInterruptedReadLeavesTheFileReadable() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-simple.root"))) {
      RootTree t = f.tree("tree");
      Thread.currentThread().interrupt();
      RootIOException e = assertThrows(RootIOException.class, () -> t.read("one"));
      assertTrue(Thread.interrupted(), "the interrupt status must stay set");
      assertTrue(e.getMessage().contains("interrupted while reading"), e.getMessage());
      assertArrayEquals(new int[] {1, 2, 3, 4}, (int[]) t.read("one").array());
    }
  }

  /** Entry offsets stored in the baskets must agree with the values of the counter leaf. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "uproot-HZZ.root",
        "uproot-HZZ-lz4.root",
        "nanoAOD_2015_CMS_Open_Data_ttbar.root",
        "uproot-sample-5.30.00-zlib.root",
        "uproot-small-flat-tree.root"
      })
  void jaggedOffsetsAgreeWithCounterLeaves(String file) throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(file))) {
      RootTree t = f.tree(f.treePaths().get(0));
      int checked = 0;
      for (LeafInfo leaf : t.leaves()) {
        if (leaf.shape() != LeafShape.JAGGED) {
          continue;
        }
        Column values = t.read(leaf.name());
        Column counts = t.read(leaf.countLeaf());
        for (int e = 0; e < values.entries(); e++) {
          long n = values.offsets()[e + 1] - values.offsets()[e];
          assertEquals(counts.getLong(e) * leaf.fixedLength(), n, leaf.name() + " entry " + e);
        }
        checked++;
      }
      assertTrue(checked > 0);
    }
  }

  @Test
  void basketsEmbeddedInTheTreeRecord() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("nanoAOD_2015_CMS_Open_Data_ttbar.root"))) {
      RootTree t = f.tree("Events");
      assertEquals(200, t.entries());
      assertEquals(947, t.leaves().size());
      Column event = t.read("event");
      assertEquals(LeafType.ULONG, event.leaf().type());
      Column nJet = t.read("nJet");
      assertEquals(LeafType.UINT, nJet.leaf().type());
      Column jetPt = t.read("Jet_pt");
      assertEquals("nJet", jetPt.leaf().countLeaf());
      assertEquals(jetPt.size(), Arrays.stream(nJet.toDoubleArray()).sum(), 0.0);
      for (int i = 0; i < jetPt.size(); i++) {
        assertTrue(jetPt.getDouble(i) > 0, "jet pt must be positive");
      }
    }
  }

  @Test
  void stringsAndUnsignedValues() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-small-flat-tree.root"))) {
      RootTree t = f.tree("tree");
      Column str = t.read("Str");
      assertEquals(LeafShape.STRING, str.leaf().shape());
      assertNull(str.leaf().type());
      assertEquals("evt-000", str.getString(0));
      assertEquals("evt-099", str.getString(99));
      Column u64 = t.read("UInt64");
      assertEquals(LeafType.ULONG, u64.leaf().type());
      assertEquals(99.0, u64.getDouble(99));
    }
  }

  /** The StreamerInfo record and the TTree record, decoded independently, agree on the version. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "uproot-HZZ.root",
        "uproot-sample-5.30.00-zlib.root",
        "uproot-sample-6.10.05-zlib.root",
        "uproot-sample-6.14.00-zlib.root",
        "nanoAOD_2015_CMS_Open_Data_ttbar.root"
      })
  void streamerInfoGivesTheClassVersions(String file) throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(file))) {
      TreeReader t = f.tree(f.treePaths().get(0));
      assertEquals(f.classVersions().get("TTree"), t.model().version());
      assertTrue(f.classVersions().get("TBranch") >= 10, f.classVersions().toString());
    }
  }

  @Test
  void cyclesAndMissingNames() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-Zmumu.root"))) {
      assertEquals(2304, f.tree("events;1").entries());
      RootIOException noCycle = assertThrows(RootIOException.class, () -> f.tree("events;2"));
      assertTrue(
          noCycle.getMessage().contains("no TTree 'events;2' (trees: events)"),
          noCycle.getMessage());
      RootTree t = f.tree("events");
      RootIOException e = assertThrows(RootIOException.class, () -> t.read("pX1"));
      assertEquals(
          RootTestFiles.file("uproot-Zmumu.root")
              + ": tree 'events': no branch or leaf named 'pX1'"
              + " (did you mean px1, pt1, px2?)",
          e.getMessage());
    }
  }
}
