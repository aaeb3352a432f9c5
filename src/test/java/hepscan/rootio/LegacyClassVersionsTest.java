package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.TBranch;
import hepscan.rootio.tree.TreeReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Trees written with old TTree/TBranch class versions: Geant4's g4tools writer stores TTree v5 and
 * TBranch v8 (counters as doubles and 32-bit integers, baskets inside the TTree record). All values
 * are also compared with JSROOT's in {@link RootcheckReferenceTest}; here the trees are checked
 * against each other, as the simulation that wrote them relates them.
 */
class LegacyClassVersionsTest {
  private static final String GEANT4 = "uproot-from-geant4.root";

  /** The StreamerInfo record, decoded independently of the trees, names the same old versions. */
  @Test
  void geant4TreesAreReadThroughTheirOldClassVersions() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(GEANT4))) {
      assertEquals(
          List.of("Details", "HitStrips", "GeneratedTracks", "TrackedRays"), f.treePaths());
      assertEquals(5, f.classVersions().get("TTree"));
      int branchVersion = f.classVersions().get("TBranch");
      assertTrue(branchVersion >= 6 && branchVersion < 10, "TBranch v" + branchVersion);
      for (String path : f.treePaths()) {
        TreeReader t = f.tree(path);
        assertEquals(5, t.model().version(), path);
        for (TBranch b : t.model().allBranches()) {
          assertEquals(Optional.empty(), t.unsupportedReason(b.name()), path + "/" + b.name());
        }
      }
    }
  }

  @Test
  void geant4TreesAgreeWithEachOther() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(GEANT4))) {
      TreeReader details = f.tree("Details");
      TreeReader generated = f.tree("GeneratedTracks");
      TreeReader tracked = f.tree("TrackedRays");
      assertEquals(1, details.entries());
      assertEquals(1000, generated.entries());
      assertEquals(224, tracked.entries());
      // the run summary counts the rays generated and those that were tracked (numgood)
      assertEquals(generated.entries(), details.read("nrays").getLong(0));
      assertEquals(tracked.entries(), details.read("numgood").getLong(0));
      double perRay = details.read("timeperray").getDouble(0);
      double total = details.read("totaltime").getDouble(0);
      assertEquals(total, perRay * generated.entries(), 1e-12 * total);
      // rays are numbered from 1 in generation order; each event generates one ray
      int[] raynum = (int[]) generated.read("raynum").array();
      int[] event = (int[]) generated.read("Event").array();
      for (int i = 0; i < raynum.length; i++) {
        assertEquals(i + 1, raynum[i]);
        assertEquals(i, event[i]);
      }
      // tracked rays are a subset of the generated events, in order
      int[] trackedEvent = (int[]) tracked.read("Event").array();
      for (int i = 1; i < trackedEvent.length; i++) {
        assertTrue(trackedEvent[i - 1] < trackedEvent[i], "entry " + i);
      }
      assertTrue(trackedEvent[0] >= 0 && trackedEvent[trackedEvent.length - 1] < 1000);
      assertTrue(
          details.read("opts").getString(0).startsWith("[sim]\noutput=MiniDet_Opt\n"),
          details.read("opts").getString(0));
    }
  }

  /**
   * go-hep's writer stores TLeafI/TLeafD class version 1 (JSROOT fails on them); the values are
   * those uproot's test of this file expects (tests/test_0034_generic_objects_in_ttrees.py).
   */
  @Test
  void goHepLeavesOfClassVersionOne() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-issue413.root"))) {
      TreeReader t = f.tree("mytree");
      assertEquals(5, t.entries());
      assertArrayEquals(new int[] {0, 1, 2, 3, 4}, (int[]) t.read("I32").array());
      assertArrayEquals(new double[] {0, 1, 2, 3, 4}, (double[]) t.read("F64").array());
      assertArrayEquals(
          new String[] {"evt-0", "evt-1", "evt-2", "evt-3", "evt-4"},
          (String[]) t.read("Str").array());
      Column arr = t.read("ArrF64");
      double[] values = (double[]) arr.array();
      for (int e = 0; e < 5; e++) {
        for (int i = 0; i < 5; i++) {
          assertEquals(e + i, values[arr.offsets()[e] + i]);
        }
      }
      assertArrayEquals(new int[] {0, 1, 2, 3, 4}, (int[]) t.read("N").array());
      Column sli = t.read("SliF64");
      assertArrayEquals(new int[] {0, 0, 1, 3, 6, 10}, sli.offsets());
      assertArrayEquals(new double[] {1, 2, 3, 3, 4, 5, 4, 5, 6, 7}, (double[]) sli.array());
    }
  }
}
