package hepscan.data.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TTreeFormula's array functions over jagged columns, against values computed by hand.
 *
 * <p>Four events: jet_pt = {50, 20, 35}, {}, {10}, {40, 60}; jet_btag (same counts) = {0.9, 0.1,
 * 0.5}, {}, {0.8}, {0.2, 0.7}; mu_pt (other counts) = {30}, {5, 6}, {}, {25, 15, 12}; met = 10, 20,
 * 30, 40 (a scalar).
 */
class ArrayFunctionsTest {
  private static final double DELTA = 1e-12;

  private static final int[] JET_OFFSETS = {0, 3, 3, 4, 6};
  private static final int[] MU_OFFSETS = {0, 1, 3, 3, 6};

  private static final Map<VariableRef, double[]> VALUES =
      Map.of(
          VariableRef.ofElements("jet_pt"),
          new double[] {50, 20, 35, 10, 40, 60},
          VariableRef.ofElements("jet_btag"),
          new double[] {0.9, 0.1, 0.5, 0.8, 0.2, 0.7},
          VariableRef.ofElements("mu_pt"),
          new double[] {30, 5, 6, 25, 15, 12},
          VariableRef.ofElements("met"),
          new double[] {10, 20, 30, 40},
          new VariableRef("met", -1),
          new double[] {10, 20, 30, 40},
          new VariableRef("jet_pt", 0),
          new double[] {50, Double.NaN, 10, 40},
          new VariableRef("jet_pt", 1),
          new double[] {20, Double.NaN, Double.NaN, 60});

  private static final Map<VariableRef, int[]> OFFSETS =
      Map.of(
          VariableRef.ofElements("jet_pt"), JET_OFFSETS,
          VariableRef.ofElements("jet_btag"), JET_OFFSETS,
          VariableRef.ofElements("mu_pt"), MU_OFFSETS);

  private static final ColumnLookup LOOKUP =
      new ColumnLookup() {
        @Override
        public double[] column(VariableRef ref) {
          return VALUES.get(ref);
        }

        @Override
        public int[] offsets(VariableRef ref) {
          return OFFSETS.get(ref);
        }
      };

  private static double[] eval(String text) throws ExpressionException {
    return Expression.parse(text).evaluate(LOOKUP, 4);
  }

  @Test
  void lengthCountsTheElementsOfEachEntry() throws Exception {
    assertArrayEquals(new double[] {3, 0, 1, 2}, eval("Length$(jet_pt)"), DELTA);
    assertArrayEquals(new double[] {1, 2, 0, 3}, eval("Length$(mu_pt)"), DELTA);
    // a scalar has one element per entry
    assertArrayEquals(new double[] {1, 1, 1, 1}, eval("Length$(met)"), DELTA);
  }

  @Test
  void sumMinAndMaxOverEachEntryWithZeroForNone() throws Exception {
    assertArrayEquals(new double[] {105, 0, 10, 100}, eval("Sum$(jet_pt)"), DELTA);
    assertArrayEquals(new double[] {20, 0, 10, 40}, eval("Min$(jet_pt)"), DELTA);
    assertArrayEquals(new double[] {50, 0, 10, 60}, eval("Max$(jet_pt)"), DELTA);
    // counting with a condition: jets above 30 GeV
    assertArrayEquals(new double[] {2, 0, 0, 2}, eval("Sum$(jet_pt > 30)"), DELTA);
  }

  @Test
  void elementWiseArithmeticOverArraysOfTheSameCounter() throws Exception {
    // the b-tag of the jets above 25 GeV, largest: {0.9, 0.5} -> 0.9; {} -> 0; {} -> 0; {0.2, 0.7}
    assertArrayEquals(new double[] {0.9, 0, 0, 0.7}, eval("Max$(jet_btag * (jet_pt > 25))"), DELTA);
    // scalar pt-weighted b-tag sum: 50*0.9 + 20*0.1 + 35*0.5 = 64.5; 8; 40*0.2 + 60*0.7 = 50
    assertArrayEquals(new double[] {64.5, 0, 8, 50}, eval("Sum$(jet_pt * jet_btag)"), DELTA);
  }

  @Test
  void scalarsAndSingleElementsAreRepeatedForEveryElement() throws Exception {
    // jets above the event's met: {50, 20, 35} > 10 -> 3; {} -> 0; {10} > 30 -> 0; {40, 60} > 40
    assertArrayEquals(new double[] {3, 0, 0, 1}, eval("Sum$(jet_pt > met)"), DELTA);
    // jets below the first one: 50 -> {20, 35}: 2; none; {10}: 0; 40 -> {60}: 0
    double[] v = eval("Sum$(jet_pt < jet_pt[0])");
    assertEquals(2, v[0], DELTA);
    assertEquals(0, v[1], DELTA); // no element: 0 whatever the other side is
    assertEquals(0, v[2], DELTA);
    assertEquals(0, v[3], DELTA);
  }

  @Test
  void minIfAndMaxIfKeepOnlyElementsPassingTheCondition() throws Exception {
    assertArrayEquals(new double[] {35, 0, 10, 60}, eval("MinIf$(jet_pt, jet_btag > 0.3)"), DELTA);
    assertArrayEquals(new double[] {50, 0, 10, 60}, eval("MaxIf$(jet_pt, jet_btag > 0.3)"), DELTA);
    assertArrayEquals(new double[] {0, 0, 0, 0}, eval("MaxIf$(jet_pt, jet_pt > 100)"), DELTA);
  }

  /** Arrays of other counters are walked up to the shortest one, as TTreeFormula does. */
  @Test
  void arraysOfDifferentLengthsStopAtTheShortest() throws Exception {
    // jet {50, 20, 35} with mu {30}: 50 + 30; {} with {5, 6}: none; {10} with {}: none;
    // {40, 60} with {25, 15, 12}: 40 + 25 + 60 + 15
    assertArrayEquals(new double[] {80, 0, 0, 140}, eval("Sum$(jet_pt + mu_pt)"), DELTA);
    assertArrayEquals(new double[] {1, 0, 0, 2}, eval("Length$(jet_pt + mu_pt)"), DELTA);
  }

  @Test
  void altGivesTheAlternativeWhereAnElementIsMissing() throws Exception {
    assertArrayEquals(new double[] {20, -1, -1, 60}, eval("Alt$(jet_pt[1], -1)"), DELTA);
    assertArrayEquals(new double[] {20, 20, 30, 60}, eval("Alt$(jet_pt[1], met)"), DELTA);
  }

  @Test
  void arrayFunctionsMixWithEventWiseExpressions() throws Exception {
    assertArrayEquals(
        new double[] {105 / 10.0, 0, 10 / 30.0, 100 / 40.0}, eval("Sum$(jet_pt) / met"), DELTA);
    assertArrayEquals(
        new double[] {1, 0, 0, 1}, eval("Length$(jet_pt) >= 2 && Max$(jet_pt) > 45"), DELTA);
  }

  /** Blocks of 2048 events: offsets that cross a block boundary are followed exactly. */
  @Test
  void manyEventsAcrossBlocks() throws Exception {
    int n = 5000;
    int[] offsets = new int[n + 1];
    for (int e = 0; e < n; e++) {
      offsets[e + 1] = offsets[e] + e % 4;
    }
    double[] pt = new double[offsets[n]];
    for (int i = 0; i < pt.length; i++) {
      pt[i] = i;
    }
    VariableRef ref = VariableRef.ofElements("pt");
    ColumnLookup lookup =
        new ColumnLookup() {
          @Override
          public double[] column(VariableRef r) {
            return pt;
          }

          @Override
          public int[] offsets(VariableRef r) {
            return offsets;
          }
        };
    Expression sum = Expression.parse("Sum$(pt)");
    assertEquals(List.of(ref), sum.variables());
    double[] v = sum.evaluate(lookup, n);
    for (int e = 0; e < n; e++) {
      double expected = 0;
      for (int i = offsets[e]; i < offsets[e + 1]; i++) {
        expected += i;
      }
      assertEquals(expected, v[e], DELTA, "event " + e);
    }
  }

  @Test
  void namesInsideArrayFunctionsReadAllElements() throws Exception {
    Expression e = Expression.parse("Sum$(jet_pt > met) + met + jet_pt[0]");
    assertEquals(
        List.of(
            VariableRef.ofElements("jet_pt"),
            VariableRef.ofElements("met"),
            new VariableRef("met", -1),
            new VariableRef("jet_pt", 0)),
        e.variables());
    assertEquals("jet_pt[]", VariableRef.ofElements("jet_pt").toString());
  }

  @Test
  void mistakesAreSaidWithTheColumn() {
    ExpressionException nested =
        assertThrows(ExpressionException.class, () -> Expression.parse("Sum$(Max$(x))"));
    assertTrue(
        nested.getMessage().startsWith("array functions cannot be nested"), nested.getMessage());
    ExpressionException arity =
        assertThrows(ExpressionException.class, () -> Expression.parse("MaxIf$(x)"));
    assertTrue(
        arity.getMessage().startsWith("wrong number of arguments to MaxIf$: 1 (expected 2)"));
    ExpressionException unknown =
        assertThrows(ExpressionException.class, () -> Expression.parse("Mean$(x)"));
    assertTrue(unknown.getMessage().contains("Length$ Sum$ Min$ Max$ MinIf$ MaxIf$ Alt$"));
    ExpressionException bare =
        assertThrows(ExpressionException.class, () -> Expression.parse("Sum$ + 1"));
    assertTrue(bare.getMessage().startsWith("'Sum$' is a function"), bare.getMessage());
  }
}
