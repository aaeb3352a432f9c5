package hepscan.data.expr;

import java.util.List;

/**
 * CONTRACT STUB (to be implemented by the expression work): a TTreeFormula-like expression,
 * compiled once, evaluated over whole columns. Signatures here are relied upon by hepscan.data.
 */
public interface Expression {
  /** Parses and compiles; a syntax error is an {@link ExpressionException} showing a caret under the bad column. */
  static Expression parse(String text) throws ExpressionException {
    throw new UnsupportedOperationException("expressions not implemented yet");
  }

  /** The source text. */
  String text();

  /** Every variable the expression reads, without duplicates, in order of first appearance. */
  List<VariableRef> variables();

  /** Evaluates for {@code n} events; booleans are 1.0/0.0. */
  double[] evaluate(ColumnLookup columns, int n);
}
