package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {
  @Test
  void sanitise() {
    assertEquals("Jet_Px_0", ColumnNames.sanitise("Jet_Px[0]"));
    assertEquals("jet1_pt_plus_jet2_pt", ColumnNames.sanitise("jet1_pt + jet2_pt"));
    assertEquals("TMath_Abs_lep_eta", ColumnNames.sanitise("TMath::Abs(lep_eta)"));
    assertEquals("Jet_pt", ColumnNames.sanitise("Jet.pt"));
    assertEquals("a_over_b_times_c", ColumnNames.sanitise("a/b*c"));
    assertEquals("minus_x", ColumnNames.sanitise("-x"));
    assertEquals("x_ge_1_and_y_lt_2", ColumnNames.sanitise("x >= 1 && y < 2"));
    assertEquals("v1_5", ColumnNames.sanitise("1.5"));
    assertEquals("a_eq_b_or_not_c", ColumnNames.sanitise("a == b || !c"));
    assertEquals("var", ColumnNames.sanitise("()"));
  }

  @Test
  void uniqueIsDeterministicAndAvoidsLaterNames() {
    assertEquals(
        List.of("a", "a_3", "a_2", "b"), ColumnNames.unique(List.of("a", "a", "a_2", "b")));
    assertEquals(List.of("x", "x_2", "x_3"), ColumnNames.unique(List.of("x", "x", "x")));
  }
}
