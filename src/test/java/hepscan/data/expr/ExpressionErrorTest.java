package hepscan.data.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parse errors: the first line says what, then the expression, then a caret under the 0-based
 * column.
 */
class ExpressionErrorTest {

  private static ExpressionException error(String text) {
    return assertThrows(ExpressionException.class, () -> Expression.parse(text), text);
  }

  @Test
  void fullMessageWithCaret() {
    ExpressionException e = error("(a + b))");
    assertEquals(
        "unexpected ')' at column 8 (no matching '(')\n  (a + b))\n         ^", e.getMessage());
    assertEquals(7, e.column());
    assertEquals("(a + b))", e.expression());
  }

  @Test
  void unknownFunctionSuggestsTheNearestName() {
    ExpressionException e = error("sqr(x) + 1");
    assertEquals("unknown function 'sqr' (did you mean sqrt?)\n  sqr(x) + 1\n  ^", e.getMessage());
    assertEquals(0, e.column());
  }

  @Test
  void wrongArgumentCountPointsAtTheFunction() {
    ExpressionException e = error("1 + pow(x)");
    assertEquals(
        "wrong number of arguments to pow: 1 (expected 2)\n  1 + pow(x)\n      ^", e.getMessage());
    assertEquals(4, e.column());
  }

  @Test
  void tabsKeepTheCaretAligned() {
    ExpressionException e = error("a\t+ )");
    assertEquals("unexpected ')' at column 5\n  a + )\n      ^", e.getMessage());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiterString = " ;; ",
      quoteCharacter = '"',
      value = {
        // expression ;; 0-based column ;; first line of the message
        "a + * b ;; 4 ;; unexpected '*' at column 5",
        "(a + b ;; 6 ;; missing ')' to close the '(' at column 1",
        "(a + b c) ;; 7 ;; expected ')' to close the '(' at column 1, found 'c' at column 8",
        "a b ;; 2 ;; unexpected 'b' at column 3 (expected an operator)",
        "a + ;; 3 ;; unexpected end of expression (expected a number, a variable, a function call or '(')",
        "\"   \" ;; 0 ;; empty expression",
        "\"\" ;; 0 ;; empty expression",
        "() ;; 1 ;; unexpected ')' at column 2",
        "a = 1 ;; 2 ;; '=' is an assignment; write '==' to compare",
        "a & b ;; 2 ;; bitwise '&' is not supported; write '&&' for a logical and",
        "a | b ;; 2 ;; bitwise '|' is not supported; write '||' for a logical or",
        "a ^ 2 ;; 2 ;; '^' is not supported (power in ROOT's TFormula, something else in C++); write pow(x, y)",
        "a ** 2 ;; 2 ;; '**' is not supported (power in ROOT's TFormula, something else in C++); write pow(x, y)",
        "a # b ;; 2 ;; unexpected character '#' at column 3",
        "1e+ 2 ;; 0 ;; malformed number '1e+': the exponent has no digits",
        "1.2.3 ;; 0 ;; malformed number '1.2.3'",
        "2pt ;; 0 ;; malformed number '2pt'",
        "Sqrt(x) ;; 0 ;; unknown function 'Sqrt' (did you mean sqrt?)",
        "power(x, 2) ;; 0 ;; unknown function 'power' (did you mean TMath::Power?)",
        "TMath::Sqr(x) ;; 0 ;; unknown function 'TMath::Sqr' (did you mean TMath::Sqrt?)",
        "std::abs(x) ;; 0 ;; unknown namespace in 'std::abs' (only TMath:: is accepted)",
        "frobnicate(x) ;; 0 ;; unknown function 'frobnicate'",
        "TMath::Pi + 1 ;; 0 ;; 'TMath::Pi' is not a branch name; a function call needs parentheses, e.g. TMath::Pi(...)",
        "max(1, 2, 3) ;; 0 ;; wrong number of arguments to max: 3 (expected 2)",
        "TMath::Pi(1) ;; 0 ;; wrong number of arguments to TMath::Pi: 1 (expected 0)",
        "sqrt() ;; 0 ;; wrong number of arguments to sqrt: 0 (expected 1)",
        "pow(a; 2) ;; 5 ;; unexpected character ';' at column 6",
        "pow(a 2) ;; 6 ;; expected ',' or ')' in the arguments of pow, found '2' at column 7",
        "pow(a, 2 ;; 8 ;; missing ',' or ')' in the arguments of pow",
        "x[i] ;; 2 ;; the index of 'x[...]' must be a non-negative integer constant, found 'i'",
        "x[-1] ;; 2 ;; the index of 'x[...]' must be a non-negative integer constant, found '-'",
        "x[1.5] ;; 2 ;; the index of 'x[...]' must be a non-negative integer constant, found '1.5'",
        "x[1 ;; 3 ;; missing ']' to close the '[' of 'x'",
        "x[1][2] ;; 4 ;; multi-dimensional arrays are not supported: 'x[1][...]'",
      })
  void badInputs(String text, int column, String firstLine) {
    ExpressionException e = error(text);
    String[] lines = e.getMessage().split("\n", -1);
    assertEquals(3, lines.length, e.getMessage());
    assertEquals(firstLine, lines[0]);
    assertEquals("  " + text.replaceAll("\\s", " "), lines[1]);
    assertEquals("  " + " ".repeat(column) + "^", lines[2]);
    assertEquals(column, e.column());
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() throws ExpressionException {
    String ok = "(".repeat(200) + "x" + ")".repeat(200);
    assertEquals(ok, Expression.parse(ok).text());
    ExpressionException e = error("(".repeat(300) + "x" + ")".repeat(300));
    assertEquals(256, e.column());
    assertTrue(
        e.getMessage().startsWith("expression nested more than 256 levels deep at column 257"));
    assertEquals(256, error("-".repeat(300) + "x").column());
  }
}
