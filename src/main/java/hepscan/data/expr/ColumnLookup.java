package hepscan.data.expr;

/** Supplies the per-event values of a variable an expression reads (one double per event). */
@FunctionalInterface
public interface ColumnLookup {
  double[] column(VariableRef ref);
}
