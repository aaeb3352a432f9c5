package hepscan.data.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code name@op} inputs, one-hot categories and output column names. */
class VariablesTest {

  @Test
  void oneHotSuffix() throws ExpressionException {
    Variable v = Variable.parse("n_jets@op");
    assertTrue(v.oneHot());
    assertEquals("n_jets@op", v.spec());
    assertEquals(List.of(new VariableRef("n_jets", -1)), v.expression().variables());
    Variable w = Variable.parse("abs(lep_eta)");
    assertFalse(w.oneHot());
    assertEquals("abs(lep_eta)", w.expression().text());
  }

  @Test
  void unknownSuffixHasACaret() {
    ExpressionException e =
        assertThrows(ExpressionException.class, () -> Variable.parse("n_jets@onehot"));
    assertEquals(
        "unknown suffix '@onehot': the only one is @op (one-hot encoding of an integer variable)\n"
            + "  n_jets@onehot\n"
            + "        ^",
        e.getMessage());
    assertEquals(6, e.column());
  }

  @Test
  void expressionErrorsInsideAOneHotSpecKeepTheirColumn() {
    ExpressionException e =
        assertThrows(ExpressionException.class, () -> Variable.parse("(n_jets@op"));
    assertEquals(7, e.column());
  }

  @Test
  void oneHotCategoriesColumnsAndEncoding() {
    OneHot h = OneHot.fit("n_jets", new double[] {3, 2, 5, 3, 2});
    assertEquals(List.of(2L, 3L, 5L), h.categories());
    assertEquals(List.of("n_jets_2", "n_jets_3", "n_jets_5"), h.columnNames("n_jets"));
    double[][] cols = h.encode(new double[] {2, 5, 4, 3, 2.5});
    assertArrayEquals(new double[] {1, 0, 0, 0, 0}, cols[0]);
    assertArrayEquals(new double[] {0, 0, 0, 1, 0}, cols[1]);
    assertArrayEquals(new double[] {0, 1, 0, 0, 0}, cols[2]); // 4 and 2.5 unseen: all zeros
    assertEquals(List.of("q_m1", "q_1"), OneHot.fit("q", new double[] {1, -1}).columnNames("q"));
  }

  @Test
  void oneHotRejectsNonIntegersAndTooManyCategories() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OneHot.fit("met", new double[] {2, 17.5}));
    assertEquals(
        "met: value 17.5 of event 1 is not an integer; @op one-hot encodes integer variables only",
        e.getMessage());
    double[] many = new double[OneHot.MAX_CATEGORIES + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = i;
    }
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> OneHot.fit("id", many))
            .getMessage()
            .startsWith("id has more than 100 distinct values"));
  }

  @Test
  void columnNamesAreSafeReadableAndUnique() {
    assertEquals(
        List.of(
            "lep_pt",
            "jet1_pt_plus_jet2_pt",
            "Abs_lep_eta",
            "x_0",
            "Jet_pt",
            "m_bb_over_1000",
            "a_minus_b",
            "a_plus_b",
            "n_jets_ge_2_and_met_lt_200",
            "not_flag",
            "_2_times_x",
            "lep_pt_2",
            "pow_m_bb_2"),
        ColumnNames.of(
            List.of(
                "lep_pt",
                "jet1_pt + jet2_pt",
                "TMath::Abs(lep_eta)",
                "x[0]",
                "Jet.pt",
                "m_bb/1000",
                "a-b",
                "a+b",
                "n_jets >= 2 && met < 200",
                "!flag",
                "2*x",
                "lep_pt",
                "pow(m_bb, 2)")));
    assertEquals(List.of("a_b", "a_b_2", "a_b_3"), ColumnNames.of(List.of("a_b", "a.b", "a_b")));
    assertEquals("column", ColumnNames.sanitize("()"));
  }
}
