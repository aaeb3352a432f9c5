package hepscan.data;

import java.util.Objects;

/**
 * Where each event of a split came from and what test outputs need besides the network inputs,
 * row-aligned with the split's {@link SplitArrays}: the index into {@link PreparedData#files()},
 * the entry number in that file's tree, the event weight as evaluated (before the negative-weight
 * policy), and the values of each {@code other_variables} expression ({@code
 * otherVariables[v][i]}). xsec and event-weight sum come from the file: {@link
 * PreparedData#files()}.
 *
 * <p>Arrays are shared, not copied, for speed: treat them as read-only.
 */
public record EventInfo(int[] file, long[] entry, double[] eventWeight, double[][] otherVariables) {
  public EventInfo {
    Objects.requireNonNull(file);
    if (entry.length != file.length || eventWeight.length != file.length) {
      throw new IllegalArgumentException("file, entry and eventWeight must have the same length");
    }
    for (double[] v : otherVariables) {
      if (v.length != file.length) {
        throw new IllegalArgumentException("every other variable needs " + file.length + " values");
      }
    }
  }

  public int size() {
    return file.length;
  }
}
