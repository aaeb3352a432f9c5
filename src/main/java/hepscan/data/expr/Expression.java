package hepscan.data.expr;

import java.util.List;
import java.util.Optional;

/**
 * A TTreeFormula-like expression, compiled once, evaluated over whole columns. The language is
 * described in {@code package-info.java}. Implementations are immutable and thread-safe.
 */
public interface Expression {
  /**
   * Parses and compiles {@code text}. A syntax error is an {@link ExpressionException} whose
   * message shows what is wrong, the expression, and a caret under the bad column.
   */
  static Expression parse(String text) throws ExpressionException {
    return Parser.parse(text);
  }

  /** The source text. */
  String text();

  /** Every variable the expression reads, without duplicates, in order of first appearance. */
  List<VariableRef> variables();

  /**
   * Evaluates for {@code n} events into a new array; booleans are 1.0/0.0. {@code columns} is asked
   * once per variable of {@link #variables()} for an array of at least {@code n} values, which is
   * only read. A constant expression asks for nothing.
   */
  double[] evaluate(ColumnLookup columns, int n);

  /**
   * The variable this expression is, when it is nothing but one variable ({@code pt}, {@code
   * (jet_pt[0])}); empty otherwise. Lets a caller use the column itself instead of an evaluated
   * copy of it.
   */
  Optional<VariableRef> asVariable();
}
