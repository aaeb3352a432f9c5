package hepscan.data.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values computed by hand (or by the C library definition where stated). */
class ExpressionTest {
  private static final double DELTA = 1e-12;

  /**
   * Events: a = {1, 2, -3, 0}, b = {4, 0.5, 2, 0}, x[0] = {10, 20, 30, 40}, x[1] = {-1, -2, -3,
   * -4}.
   */
  private static final Map<VariableRef, double[]> COLUMNS =
      Map.of(
          new VariableRef("a", -1), new double[] {1, 2, -3, 0},
          new VariableRef("b", -1), new double[] {4, 0.5, 2, 0},
          new VariableRef("Jet.pt", -1), new double[] {100, 50, 25, 0},
          new VariableRef("x", 0), new double[] {10, 20, 30, 40},
          new VariableRef("x", 1), new double[] {-1, -2, -3, -4});

  private static double[] eval(String text) throws ExpressionException {
    return Expression.parse(text).evaluate(COLUMNS::get, 4);
  }

  /** A constant expression: evaluated with a lookup that must never be asked. */
  private static double constant(String text) throws ExpressionException {
    double[] v =
        Expression.parse(text)
            .evaluate(
                ref -> {
                  throw new AssertionError("constant expression read " + ref);
                },
                1);
    return v[0];
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiterString = " => ",
      value = {
        "1 + 2 * 3 => 7",
        "(1 + 2) * 3 => 9",
        "2 * 3 % 4 => 2", // % binds like *, left to right: (2*3)%4
        "2 + 7 % 4 => 5",
        "10 - 4 - 3 => 3", // left-associative
        "64 / 4 / 2 => 8",
        "-2 * -3 => 6",
        "- -2 => 2",
        "+5 => 5",
        "1 < 2 == 1 => 1", // relational binds tighter than equality
        "3 > 2 > 1 => 0", // (3>2)=1, 1>1 = 0, as in C++
        "1 || 0 && 0 => 1", // && binds tighter than ||
        "(1 || 0) && 0 => 0",
        "1 + 1 == 2 && 2 * 2 == 4 => 1",
        "!0 => 1",
        "!5 => 0",
        "!0 + 1 => 2", // unary ! binds tighter than +
        "!(2 > 1) => 0",
        "true + true => 2",
        "false || kTRUE => 1",
        "3 / 2 => 1.5", // doubles, not C++ integer division
        "7 % 3 => 1",
        "-7 % 3 => -1", // C++ remainder: sign of the dividend
        "7 % -3 => 1",
        "7.9 % 3.9 => 1", // ROOT: operands truncated to Long64_t, 7 % 3
        "-7.9 % 2 => -1",
        "1e3 => 1000",
        "2.5E-1 => 0.25",
        ".5 + 1. => 1.5",
        "abs(-2.5) => 2.5",
        "fabs(-3) => 3",
        "sqrt(16) => 4",
        "exp(0) => 1",
        "log(1) => 0",
        "log10(1000) => 3",
        "pow(2, 10) => 1024",
        "pow(2, -1) => 0.5",
        "sin(0) + cos(0) => 1",
        "tan(0) => 0",
        "atan2(1, 1) * 4 => 3.141592653589793",
        "atan2(0, -1) => 3.141592653589793",
        "min(3, -2) => -2",
        "max(3, -2) => 3",
        "hypot(3, 4) => 5",
        "TMath::Abs(-4) => 4",
        "TMath::Sqrt(9) => 3",
        "TMath::Exp(0) => 1",
        "TMath::Log(1) => 0",
        "TMath::Log10(100) => 2",
        "TMath::Power(3, 2) => 9",
        "TMath::Sin(0) => 0",
        "TMath::Cos(0) => 1",
        "TMath::Tan(0) => 0",
        "TMath::ATan2(0, 1) => 0",
        "TMath::Min(1, 2) => 1",
        "TMath::Max(1, 2) => 2",
        "TMath::sqrt(25) => 5", // lower-case names under the prefix
        "TMath::Pi() => 3.141592653589793",
        "2 * pow(3, 2) - sqrt(4) => 16",
        "max(min(5, 3), 1 + 1) => 3",
      })
  void constantsFoldToHandComputedValues(String text, double expected) throws ExpressionException {
    assertEquals(expected, constant(text), DELTA, text);
  }

  @Test
  void divisionByZeroAndDomainErrorsFollowIeeeLikeCpp() throws ExpressionException {
    assertEquals(Double.POSITIVE_INFINITY, constant("1 / 0"));
    assertEquals(Double.NEGATIVE_INFINITY, constant("-1 / 0"));
    assertTrue(Double.isNaN(constant("0 / 0")));
    assertEquals(Double.NEGATIVE_INFINITY, constant("log(0)"));
    assertTrue(Double.isNaN(constant("log(-1)")));
    assertTrue(Double.isNaN(constant("sqrt(-1)")));
    // ROOT's integer %: a zero divisor (also after truncation) is undefined in C++, NaN here
    assertTrue(Double.isNaN(constant("5 % 0")));
    assertTrue(Double.isNaN(constant("5 % 0.5")));
    assertTrue(Double.isNaN(constant("(1/0) % 3")));
    // C's pow, not Java's: pow(1, NaN) = 1 and pow(-1, inf) = 1
    assertEquals(1.0, constant("pow(1, 0/0)"));
    assertEquals(1.0, constant("pow(-1, 1/0)"));
    assertTrue(Double.isNaN(constant("pow(-8, 1/3)")));
    // NaN is "true" in && and ||, as a non-zero double converted to bool in C++; comparisons false
    assertEquals(1.0, constant("(0/0) && 1"));
    assertEquals(0.0, constant("!(0/0)"));
    assertEquals(0.0, constant("(0/0) == (0/0)"));
    assertEquals(1.0, constant("(0/0) != (0/0)"));
    // TMath::Min/Max: a <= b ? a : b
    assertEquals(1.0, constant("min(0/0, 1)"));
    assertTrue(Double.isNaN(constant("min(1, 0/0)")));
  }

  @Test
  void columnsEveryOperandShape() throws ExpressionException {
    // a = {1, 2, -3, 0}, b = {4, 0.5, 2, 0}
    assertArrayEquals(new double[] {5, 2.5, -1, 0}, eval("a + b"), DELTA);
    assertArrayEquals(new double[] {-1, 0, -5, -2}, eval("a - 2"), DELTA);
    assertArrayEquals(new double[] {1, 0, 5, 2}, eval("2 - a"), DELTA);
    assertArrayEquals(new double[] {0.25, 4, -1.5, Double.NaN}, eval("a / b"), DELTA);
    assertArrayEquals(new double[] {1, 0, 0, 0}, eval("a < b && a > 0"), DELTA);
    assertArrayEquals(new double[] {1, 1, 1, 0}, eval("a || b"), DELTA);
    assertArrayEquals(new double[] {0, 0, 1, 1}, eval("!(a > 0)"), DELTA);
    assertArrayEquals(
        new double[] {1, 0, 0, 0}, eval("a % 2 * a % 3"), DELTA); // ({1,0,-1,0}*a) % 3
    assertArrayEquals(
        new double[] {1, Double.NaN, -1, Double.NaN}, eval("a % b"), DELTA); // 0.5 truncates to 0
  }

  @Test
  void aLoneVariableIsRecognisedSoItsColumnCanBeUsedAsItIs() throws ExpressionException {
    assertEquals(
        java.util.Optional.of(new VariableRef("pt", -1)), Expression.parse("pt").asVariable());
    assertEquals(
        java.util.Optional.of(new VariableRef("jet", 0)),
        Expression.parse(" ( jet[0] ) ").asVariable());
    for (String computed : List.of("1 * pt", "pt + 0", "-pt", "abs(pt)", "pt > 0", "3")) {
      assertTrue(Expression.parse(computed).asVariable().isEmpty(), computed);
    }
  }

  @Test
  void sameVariableTwiceAndConstantOnEitherSide() throws ExpressionException {
    assertArrayEquals(new double[] {1, 4, 9, 0}, eval("a * a"), DELTA);
    assertArrayEquals(new double[] {2, 4, -6, 0}, eval("a + a"), DELTA);
    assertArrayEquals(new double[] {1, 4, 9, 0}, eval("pow(a, 2)"), DELTA);
    assertArrayEquals(new double[] {2, 4, 0.125, 1}, eval("pow(2, a)"), DELTA);
    assertArrayEquals(new double[] {1, 2, -3, 0}, eval("min(a, 5)"), DELTA);
    assertArrayEquals(new double[] {5, 5, 5, 5}, eval("max(5, a)"), DELTA);
  }

  @Test
  void dottedNamesAndArrayElements() throws ExpressionException {
    assertArrayEquals(new double[] {9, 18, 27, 36}, eval("x[0] + x[1]"), DELTA);
    assertArrayEquals(new double[] {0.1, 0.05, 0.025, 0}, eval("Jet.pt / 1000"), DELTA);
    Expression e = Expression.parse("x[1] * x[0] + x[1]");
    assertEquals(List.of(new VariableRef("x", 1), new VariableRef("x", 0)), e.variables());
  }

  @Test
  void variablesInOrderOfFirstAppearanceWithoutDuplicates() throws ExpressionException {
    Expression e = Expression.parse("b + a*b - sqrt(c) + a + TMath::Max(c, d[2])");
    assertEquals(
        List.of(
            new VariableRef("b", -1),
            new VariableRef("a", -1),
            new VariableRef("c", -1),
            new VariableRef("d", 2)),
        e.variables());
    assertEquals("b + a*b - sqrt(c) + a + TMath::Max(c, d[2])", e.text());
    assertEquals(List.of(), Expression.parse("2 * TMath::Pi()").variables());
  }

  @Test
  void lookupIsAskedOncePerVariable() throws ExpressionException {
    Map<VariableRef, Integer> asked = new HashMap<>();
    Expression.parse("a * a + a / b")
        .evaluate(
            ref -> {
              asked.merge(ref, 1, Integer::sum);
              return COLUMNS.get(ref);
            },
            4);
    assertEquals(Map.of(new VariableRef("a", -1), 1, new VariableRef("b", -1), 1), asked);
  }

  @Test
  void inputColumnsAreNeverWritten() throws ExpressionException {
    double[] a = {1, 2, 3};
    Expression.parse("-(a * 2 + 1)").evaluate(ref -> a, 3);
    assertArrayEquals(new double[] {1, 2, 3}, a);
    double[] copy = Expression.parse("a").evaluate(ref -> a, 3);
    copy[0] = 99;
    assertEquals(1, a[0]);
  }

  @Test
  void manyBlocksMatchAScalarLoop() throws ExpressionException {
    int n = CompiledExpression.BLOCK * 3 + 17;
    double[] a = new double[n + 5]; // a longer column: only the first n values are used
    double[] b = new double[n + 5];
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.sin(i) * 10;
      b[i] = (i % 7) - 3;
    }
    double[] got =
        Expression.parse("(a > 0) * sqrt(abs(a)) + b / (1 + a*a) - max(a, b) % 3")
            .evaluate(ref -> ref.branch().equals("a") ? a : b, n);
    assertEquals(n, got.length);
    for (int i = 0; i < n; i++) {
      double expected =
          (a[i] > 0 ? 1 : 0) * Math.sqrt(Math.abs(a[i]))
              + b[i] / (1 + a[i] * a[i])
              - (double) ((long) Math.max(a[i], b[i]) % 3L);
      assertEquals(expected, got[i], DELTA, "event " + i);
    }
  }

  @Test
  void constantAndEmptyEvaluations() throws ExpressionException {
    assertArrayEquals(new double[] {3, 3, 3}, Expression.parse("1 + 2").evaluate(ref -> null, 3));
    assertArrayEquals(new double[0], Expression.parse("a + 1").evaluate(COLUMNS::get, 0));
  }

  @Test
  void missingOrShortColumnsAreNamed() throws ExpressionException {
    Expression e = Expression.parse("a + zz");
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> e.evaluate(COLUMNS::get, 4));
    assertEquals("no values for variable 'zz' read by expression 'a + zz'", missing.getMessage());
    IllegalArgumentException shortCol =
        assertThrows(IllegalArgumentException.class, () -> e.evaluate(COLUMNS::get, 5));
    assertEquals(
        "variable 'a' of expression 'a + zz' has 4 values, 5 needed", shortCol.getMessage());
  }

  @Test
  void longChainsNeedFewBuffers() throws ExpressionException {
    // 2000 terms: one block buffer per occurrence would be 2000 x 16 kB
    String text = "a" + " + a".repeat(1999);
    assertArrayEquals(new double[] {2000, 4000, -6000, 0}, eval(text), DELTA);
    assertArrayEquals(new double[] {-1998, -3996, 5994, 0}, eval("a" + " - a".repeat(1999)), DELTA);
  }
}
