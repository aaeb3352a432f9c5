package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.expr.Expression;
import hepscan.data.expr.VariableRef;
import hepscan.rootio.RootFile;
import hepscan.rootio.tree.Column;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * TTreeFormula's array functions on real files: the std::vector branches of uproot-HZZ-objects.root
 * give exactly what the same expressions give on the counter-based jagged branches of its twin
 * uproot-HZZ.root (the same 2421 events), and what a loop over the reader's raw columns gives.
 */
class ArrayExpressionsOnRootFilesTest {
  static final Path ROOT = Path.of("src/test/resources/root").toAbsolutePath();
  static final Path VECTORS = ROOT.resolve("uproot-HZZ-objects.root");
  static final Path FLAT = ROOT.resolve("uproot-HZZ.root");

  private static double[] evaluate(Path file, String text) throws Exception {
    Expression e = Expression.parse(text);
    FileColumns cols =
        new RootSampleReader().read(file, "events", new LinkedHashSet<>(e.variables()));
    return e.evaluate(cols, cols.entries());
  }

  @Test
  void vectorBranchesAndTheirCounterBasedTwinsGiveTheSameValues() throws Exception {
    String[][] pairs = {
      {"Length$(jetbtag)", "Length$(Jet_btag)"},
      {"Sum$(muoniso)", "Sum$(Muon_Iso)"},
      {"Max$(jetbtag * jetid)", "Max$(Jet_btag * Jet_ID)"},
      {"Min$(muoniso)", "Min$(Muon_Iso)"},
      {"MaxIf$(electroniso, electronq > 0)", "MaxIf$(Electron_Iso, Electron_Charge > 0)"},
      {"Sum$(muonq) == 0 && Length$(muonq) >= 2", "Sum$(Muon_Charge) == 0 && NMuon >= 2"},
      {"Alt$(muoniso[1], -1)", "Alt$(Muon_Iso[1], -1)"},
    };
    for (String[] p : pairs) {
      double[] v = evaluate(VECTORS, p[0]);
      assertEquals(2421, v.length);
      assertArrayEquals(evaluate(FLAT, p[1]), v, 0.0, p[0] + " vs " + p[1]);
    }
  }

  /** Sum$, Max$ and Length$ against a loop over the raw std::vector column. */
  @Test
  void againstALoopOverTheRawColumn() throws Exception {
    Column iso;
    try (RootFile f = RootFile.open(VECTORS)) {
      iso = f.tree("events").read("muoniso");
    }
    int[] off = iso.offsets();
    double[] sum = evaluate(VECTORS, "Sum$(muoniso)");
    double[] max = evaluate(VECTORS, "Max$(muoniso)");
    double[] length = evaluate(VECTORS, "Length$(muoniso)");
    double[] above = evaluate(VECTORS, "Sum$(muoniso > 1)");
    int nonEmpty = 0;
    for (int e = 0; e < 2421; e++) {
      double s = 0;
      double m = 0;
      int n = 0;
      for (int i = off[e]; i < off[e + 1]; i++) {
        double x = iso.getDouble(i);
        s += x;
        m = i == off[e] ? x : Math.max(m, x);
        n += x > 1 ? 1 : 0;
      }
      assertEquals(s, sum[e], 0.0, "event " + e);
      assertEquals(m, max[e], 0.0, "event " + e);
      assertEquals(off[e + 1] - off[e], length[e], 0.0, "event " + e);
      assertEquals(n, above[e], 0.0, "event " + e);
      nonEmpty += off[e + 1] > off[e] ? 1 : 0;
    }
    assertTrue(nonEmpty > 2000, "most events have muons: " + nonEmpty);
  }

  @Test
  void aWholeArrayOutsideAnArrayFunctionIsRefusedWithTheFunctionsToUse() {
    Set<VariableRef> bare = Set.of(new VariableRef("muoniso", -1));
    DataException e =
        assertThrows(
            DataException.class, () -> new RootSampleReader().read(VECTORS, "events", bare));
    assertTrue(
        e.getMessage().contains("'muoniso' holds jagged arrays")
            && e.getMessage().contains("Length$(muoniso)")
            && e.getMessage().contains("Alt$(muoniso[0], -1)"),
        e.getMessage());
  }
}
