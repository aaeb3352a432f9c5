package hepscan.data.expr;

/**
 * Supplies the values of a variable an expression reads: one double per event, or for a {@link
 * VariableRef#elements()} reference of an array branch every element of every event, with {@link
 * #offsets} saying where each event's elements are.
 */
@FunctionalInterface
public interface ColumnLookup {
  double[] column(VariableRef ref);

  /**
   * For an {@link VariableRef#elements()} reference of an array branch: event {@code e}'s elements
   * are {@code column(ref)[offsets[e] .. offsets[e+1]-1]}. Null for one value per event (scalars).
   */
  default int[] offsets(VariableRef ref) {
    return null;
  }
}
