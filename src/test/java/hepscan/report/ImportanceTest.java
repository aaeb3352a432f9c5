package hepscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportanceTest {

  private static Map<String, String> row(String a, String b, double y) {
    return Map.of("a", a, "b", b, "auc", Double.toString(y));
  }

  @Test
  void aKeyThatDrivesTheCriterionExplainsAllOfItAnIrrelevantOneNothing() {
    // auc depends on a only; b takes 3 values, each with every value of a, twice (repetitions)
    List<Map<String, String>> rows = new ArrayList<>();
    double[] byA = {0.7, 0.9};
    for (int rep = 0; rep < 2; rep++) {
      for (int ia = 0; ia < 2; ia++) {
        for (String b : List.of("x", "y", "z")) {
          rows.add(row(Integer.toString(ia), b, byA[ia]));
        }
      }
    }
    Importance imp = Importance.of(rows, List.of("b", "a"), new Ranking("auc", false));
    assertEquals(12, imp.trials());
    assertEquals("a", imp.keys().get(0).key());
    assertEquals(1.0, imp.keys().get(0).share(), 1e-12);
    assertEquals("b", imp.keys().get(1).key());
    assertEquals(0.0, imp.keys().get(1).share(), 1e-12);
    assertEquals(0.0, imp.unexplained(), 1e-12);
    // total variance of a two-valued 0.7/0.9 criterion, half each: 0.1^2
    assertEquals(0.01, imp.totalVariance(), 1e-12);
    Importance.ValueStats a1 = imp.keys().get(0).values().get(1);
    assertEquals("1", a1.value());
    assertEquals(6, a1.trials());
    assertEquals(0.9, a1.mean(), 1e-12);
  }

  @Test
  void sharesOfAnAdditiveGridByHand() {
    // y = 1, 3 (a=0; b=0,1) and 5, 7 (a=1): mean 4, total variance (9+1+1+9)/4 = 5;
    // a's means 2 and 6: variance 4 -> 0.8; b's means 3 and 5: variance 1 -> 0.2; no interaction
    List<Map<String, String>> rows =
        List.of(row("0", "0", 1), row("0", "1", 3), row("1", "0", 5), row("1", "1", 7));
    Importance imp = Importance.of(rows, List.of("a", "b"), new Ranking("auc", false));
    assertEquals(5.0, imp.totalVariance(), 1e-12);
    assertEquals(0.8, imp.keys().get(0).share(), 1e-12);
    assertEquals(0.2, imp.keys().get(1).share(), 1e-12);
    assertEquals(0.0, imp.unexplained(), 1e-12);
    // best per value follows the direction: descending auc -> the largest; ascending -> smallest
    assertEquals(7, imp.keys().get(0).values().get(1).best(), 1e-12);
    Importance asc = Importance.of(rows, List.of("a"), new Ranking("auc", true));
    assertEquals(5, asc.keys().get(0).values().get(1).best(), 1e-12);
  }

  @Test
  void anInteractionIsWhatNoSingleKeyExplains() {
    // y = a XOR b: every per-value mean is the overall mean, all variance is interaction
    List<Map<String, String>> rows =
        List.of(row("0", "0", 0), row("0", "1", 1), row("1", "0", 1), row("1", "1", 0));
    Importance imp = Importance.of(rows, List.of("a", "b"), new Ranking("auc", false));
    assertEquals(0.0, imp.keys().get(0).share(), 1e-12);
    assertEquals(0.0, imp.keys().get(1).share(), 1e-12);
    assertEquals(1.0, imp.unexplained(), 1e-12);
  }

  @Test
  void divergedTrialsAreLeftOut() {
    List<Map<String, String>> rows =
        List.of(row("0", "0", 1), row("1", "0", 3), row("1", "1", Double.NaN));
    Importance imp = Importance.of(rows, List.of("a"), new Ranking("auc", false));
    assertEquals(2, imp.trials());
    assertEquals(1.0, imp.keys().get(0).share(), 1e-12);
  }
}
