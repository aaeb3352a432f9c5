package hepscan.data.expr;

/**
 * A branch an expression reads: {@code index} is -1 for a whole scalar branch, k for {@code x[k]},
 * and {@link #ELEMENTS} for every element of an array branch, as a name inside an array function
 * such as {@code Sum$(x)} reads it (a scalar branch read this way has one element per entry).
 */
public record VariableRef(String branch, int index) {
  /** The index of a reference to all elements of each entry. */
  public static final int ELEMENTS = -2;

  /** All elements of each entry of {@code branch}. */
  public static VariableRef ofElements(String branch) {
    return new VariableRef(branch, ELEMENTS);
  }

  /** Whether this reads all elements of each entry ({@code x} inside an array function). */
  public boolean elements() {
    return index == ELEMENTS;
  }

  @Override
  public String toString() {
    return index == ELEMENTS ? branch + "[]" : index < 0 ? branch : branch + "[" + index + "]";
  }
}
