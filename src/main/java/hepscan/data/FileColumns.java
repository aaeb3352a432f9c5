package hepscan.data;

import hepscan.data.expr.VariableRef;
import java.util.Map;

/**
 * The variables of one tree read into memory: one double per entry for every requested {@link
 * VariableRef} ({@code x[k]} is NaN for entries whose array has fewer than k+1 values).
 */
public record FileColumns(int entries, Map<VariableRef, double[]> columns) {
  public FileColumns {
    columns = Map.copyOf(columns);
    for (var e : columns.entrySet()) {
      if (e.getValue().length < entries) {
        throw new IllegalArgumentException(
            e.getKey() + " has " + e.getValue().length + " values for " + entries + " entries");
      }
    }
  }
}
