package hepscan.data.expr;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An expression compiled into a {@link Node} tree. Immutable and thread-safe: buffers live per
 * call.
 */
final class CompiledExpression implements Expression {
  /** Events per block: the buffers of a block stay in the L1/L2 caches. */
  static final int BLOCK = 2048;

  private final String text;
  private final List<VariableRef> variables;
  private final Node root;

  CompiledExpression(String text, List<VariableRef> variables, Node root) {
    this.text = text;
    this.variables = List.copyOf(variables);
    this.root = root;
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public List<VariableRef> variables() {
    return variables;
  }

  @Override
  public double[] evaluate(ColumnLookup columns, int n) {
    if (n < 0) {
      throw new IllegalArgumentException(
          "negative event count " + n + " for expression '" + text + "'");
    }
    double[] out = new double[n];
    if (root instanceof Node.Const c) {
      Arrays.fill(out, c.value);
      return out;
    }
    double[][] cols = new double[variables.size()][];
    int[][] offsets = new int[variables.size()][];
    for (int v = 0; v < cols.length; v++) {
      VariableRef ref = variables.get(v);
      double[] col = columns.column(ref);
      if (col == null) {
        throw new IllegalArgumentException(
            "no values for variable '" + ref + "' read by expression '" + text + "'");
      }
      if (ref.elements()) {
        offsets[v] = columns.offsets(ref);
      }
      int[] off = offsets[v];
      if (off != null && (off.length < n + 1 || off[n] > col.length)) {
        throw new IllegalArgumentException(
            "variable '"
                + ref
                + "' of expression '"
                + text
                + "' has offsets for "
                + (off.length - 1)
                + " events or fewer values than they say, "
                + n
                + " events needed");
      }
      if (off == null && col.length < n) {
        throw new IllegalArgumentException(
            "variable '"
                + ref
                + "' of expression '"
                + text
                + "' has "
                + col.length
                + " values, "
                + n
                + " needed");
      }
      cols[v] = col;
    }
    Node.Frame frame = new Node.Frame(cols, offsets, Math.min(BLOCK, n));
    for (int from = 0; from < n; from += BLOCK) {
      int len = Math.min(BLOCK, n - from);
      double[] block = root.eval(frame, from, len);
      System.arraycopy(block, 0, out, from, len);
      frame.release(block);
    }
    return out;
  }

  @Override
  public Optional<VariableRef> asVariable() {
    return root instanceof Node.Var v ? Optional.of(variables.get(v.column)) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompiledExpression e && e.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
