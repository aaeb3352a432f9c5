package hepscan.data.expr;

/**
 * A branch an expression reads: {@code index} is -1 for a whole scalar branch, k for {@code x[k]}.
 */
public record VariableRef(String branch, int index) {
  @Override
  public String toString() {
    return index < 0 ? branch : branch + "[" + index + "]";
  }
}
