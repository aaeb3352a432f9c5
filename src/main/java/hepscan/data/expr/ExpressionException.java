package hepscan.data.expr;

/**
 * An expression that cannot be parsed. The message has three lines: what is wrong (columns in it
 * counted from 1, as editors do), the expression, and a caret {@code ^} under the bad column.
 */
public class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String expression;
  private final int column;

  public ExpressionException(String message, String expression, int column) {
    super(message);
    this.expression = expression;
    this.column = column;
  }

  public String expression() {
    return expression;
  }

  /**
   * 0-based column of the error in the expression ({@code expression().length()} for an early end).
   */
  public int column() {
    return column;
  }
}
