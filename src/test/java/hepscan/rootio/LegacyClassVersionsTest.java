package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
