package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafInfo;
import hepscan.rootio.tree.LeafShape;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.RootTree;
import hepscan.rootio.tree.TreeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code std::vector<T>} branches (TBranchElement with one TLeafElement) read as jagged columns,
 * checked against values known independently: uproot's test suite values for issue38a (one vector
 * of each type), and the flat counter-based twin of the HZZ-objects file (uproot-HZZ.root holds the
 * same events as {@code Jet_btag[NJet]}, {@code Muon_Charge[NMuon]} …).
 */
class VectorBranchTest {
  @TempDir Path tmp;

  @Test
  void everyNumericElementType() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-issue38a.root"))) {
      RootTree t = f.tree("ntupler/tree");
      assertEquals(1, t.entries());
      Map<String, LeafType> types =
          Map.of(
              "v_int16", LeafType.SHORT,
              "v_int32", LeafType.INT,
              "v_int64", LeafType.LONG,
              "v_uint16", LeafType.USHORT,
              "v_uint32", LeafType.UINT,
              "v_uint64", LeafType.ULONG,
              "v_bool", LeafType.BOOL,
              "v_float", LeafType.FLOAT,
              "v_double", LeafType.DOUBLE);
      for (Map.Entry<String, LeafType> e : types.entrySet()) {
        assertEquals(
            new LeafInfo(e.getKey(), e.getKey(), e.getValue(), LeafShape.JAGGED, 1, null),
            t.leaf(e.getKey()));
      }
      Map<String, Column> c = t.read(types.keySet());
      assertArrayEquals(new short[] {1, 2, 3}, (short[]) c.get("v_int16").array());
      assertArrayEquals(new int[] {1, 2, 3}, (int[]) c.get("v_int32").array());
      assertArrayEquals(new long[] {1, 2, 3}, (long[]) c.get("v_int64").array());
      assertArrayEquals(new short[] {1, 2, 3}, (short[]) c.get("v_uint16").array());
      assertArrayEquals(new int[] {1, 2, 3}, (int[]) c.get("v_uint32").array());
      assertArrayEquals(new long[] {1, 2, 3}, (long[]) c.get("v_uint64").array());
      assertArrayEquals(new boolean[] {false, true}, (boolean[]) c.get("v_bool").array());
      assertArrayEquals(new float[] {999, -999}, (float[]) c.get("v_float").array());
      assertArrayEquals(new double[] {999, -999}, (double[]) c.get("v_double").array());
      assertArrayEquals(new int[] {0, 3}, c.get("v_int16").offsets());
      assertArrayEquals(new int[] {0, 2}, c.get("v_bool").offsets());
      assertEquals(1, c.get("v_float").entries());
    }
  }

  /** Each vector branch against its flat twin: same per-entry counts and values, every entry. */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "jetbtag, Jet_btag",
    "jetid, Jet_ID",
    "muonq, Muon_Charge",
    "muoniso, Muon_Iso",
    "electronq, Electron_Charge",
    "electroniso, Electron_Iso",
    "photoniso, Photon_Iso"
  })
  void sameEventsAsTheFlatTwin(String vector, String flat) throws Exception {
    try (RootFile objects = RootFile.open(RootTestFiles.file("uproot-HZZ-objects.root"));
        RootFile twin = RootFile.open(RootTestFiles.file("uproot-HZZ.root"))) {
      RootTree v = objects.tree("events");
      RootTree t = twin.tree("events");
      assertEquals(2421, v.entries());
      assertEquals(t.entries(), v.entries());
      assertNull(v.leaf(vector).countLeaf());
      assertEquals(t.leaf(flat).type(), v.leaf(vector).type());
      Column a = v.read(vector);
      Column b = t.read(flat);
      assertTrue(a.size() > 100, vector + " holds only " + a.size() + " values");
      assertArrayEquals(b.offsets(), a.offsets(), vector + " per-entry counts");
      assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), vector + " values");
      // ranges across the basket boundary, and an empty range
      for (long[] r : new long[][] {{0, 1}, {1000, 2000}, {2400, 2421}, {1, 1}}) {
        Column x = v.read(vector, r[0], r[1]);
        Column y = t.read(flat, r[0], r[1]);
        assertArrayEquals(y.offsets(), x.offsets(), vector + " offsets of " + r[0] + ".." + r[1]);
        assertArrayEquals(y.toDoubleArray(), x.toDoubleArray(), vector + " " + r[0] + ".." + r[1]);
      }
    }
  }

  @Test
  void otherClassesAreNamedAsUnsupportedAndTheRestStaysReadable() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-HZZ-objects.root"))) {
      TreeReader t = f.tree("events");
      List<String> names = t.leaves().stream().map(LeafInfo::name).toList();
      assertEquals(
          List.of(
              "jetbtag",
              "jetid",
              "muonq",
              "muoniso",
              "electronq",
              "electroniso",
              "photoniso",
              "MC_leptonpdgid",
              "num_primaryvertex",
              "trigger_isomu24",
              "eventweight"),
          names);
      RootIOException e = assertThrows(RootIOException.class, () -> t.read("jetp4"));
      String m = e.getMessage();
      assertTrue(m.startsWith(RootTestFiles.file("uproot-HZZ-objects.root") + ": "), m);
      assertTrue(
          m.contains(
              "branch 'jetp4' cannot be read: not supported: branch 'jetp4' of class"
                  + " vector<TLorentzVector>;"),
          m);
      assertTrue(m.contains("jetp4_pt[n]/F"), "hint to write a flat variable: " + m);
      assertTrue(
          t.unsupportedReason("MET").orElseThrow().contains("branch 'MET' of class TVector2"));
      Map<String, Column> all = t.read(names);
      assertEquals(names.size(), all.size());
      assertEquals(2421, all.get("eventweight").size());
    }
  }

  @Test
  void membersOfASplitObjectAreNamedAsUnsupported() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-small-evnt-tree-fullsplit.root"))) {
      TreeReader t = f.tree("tree");
      assertTrue(t.leaves().isEmpty(), t.leaves().toString());
      String reason = t.unsupportedReason("StlVecI16").orElseThrow();
      assertTrue(
          reason.contains("branch 'StlVecI16' of class Event (a part of a split object"), reason);
    }
  }

  @Test
  void vectorsOfVectorsAreFlattenedPerEntry() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-vectorVectorDouble.root"))) {
      RootTree t = f.tree("t");
      assertEquals(new LeafInfo("x", "x", LeafType.DOUBLE, LeafShape.NESTED, 1, null), t.leaf("x"));
      // uproot's test: [[], [[], []], [[10], [], [10, 20]], [[20, -21, -22]], [[200], [-201],
      // [202]]]
      Column c = t.read("x");
      assertArrayEquals(new int[] {0, 0, 0, 3, 6, 9}, c.offsets());
      assertArrayEquals(
          new double[] {10, 10, 20, 20, -21, -22, 200, -201, 202}, (double[]) c.array());
      assertArrayEquals(new int[] {0, 3, 6}, t.read("x", 2, 4).offsets());
    }
  }

  @Test
  void vectorsNextToOtherContainers() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-stl_containers.root"))) {
      TreeReader t = f.tree("tree");
      assertEquals(
          List.of("vector_int32", "vector_vector_int32"),
          t.leaves().stream().map(LeafInfo::name).toList());
      // uproot's test: [[1], [1, 2], [1, 2, 3], [1, 2, 3, 4], [1, 2, 3, 4, 5]]
      Column c = t.read("vector_int32");
      assertArrayEquals(new int[] {0, 1, 3, 6, 10, 15}, c.offsets());
      assertArrayEquals(
          new int[] {1, 1, 2, 1, 2, 3, 1, 2, 3, 4}, java.util.Arrays.copyOf((int[]) c.array(), 10));
      assertTrue(t.unsupportedReason("map_int32_int16").orElseThrow().contains("map<int,short>"));
      assertTrue(t.unsupportedReason("vector_string").orElseThrow().contains("vector<string>"));
    }
  }

  /** A vector whose size is patched to 1000 must fail naming the branch and entry. */
  @Test
  void damagedVectorSizeFailsNamingTheBranch() throws Exception {
    byte[] b = Files.readAllBytes(RootTestFiles.file("uproot-issue38a.root"));
    // v_int32's one entry: byte count, version, then size 3 and the values 1, 2, 3
    int at = indexOf(b, new byte[] {0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3});
    assertTrue(at > 0);
    b[at + 2] = 0x03;
    b[at + 3] = (byte) 0xe8;
    Path p = tmp.resolve("bad.root");
    Files.write(p, b);
    try (RootFile f = RootFile.open(p)) {
      RootTree t = f.tree("ntupler/tree");
      RootIOException e = assertThrows(RootIOException.class, () -> t.read("v_int32"));
      String m = e.getMessage();
      assertTrue(m.startsWith(p + ": tree 'ntupler/tree' branch 'v_int32': "), m);
      assertTrue(m.contains("entry 0 claims 1000 elements"), m);
      assertFalse(m.contains("\n"), m);
      assertArrayEquals(new short[] {1, 2, 3}, (short[]) t.read("v_int16").array());
    }
  }

  private static int indexOf(byte[] b, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= b.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (b[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
