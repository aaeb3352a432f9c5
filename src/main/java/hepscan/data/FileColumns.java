package hepscan.data;

import hepscan.data.expr.ColumnLookup;
import hepscan.data.expr.VariableRef;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafShape;
import hepscan.rootio.tree.LeafType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The variables of one tree read into memory, one value per entry for every {@link VariableRef}
 * ({@code x[k]} is NaN for entries whose array has fewer than k+1 values), or every element with
 * its offsets for a reference to all elements ({@code x} inside {@code Sum$(x)}).
 *
 * <p>Values stay in the leaf's own type until an expression needs doubles: a float leaf used as a
 * plain input goes from the reader's array straight into the feature matrix ({@link #floats}), and
 * a double leaf is never copied. Thread-safe: conversions run at most once per variable.
 */
public final class FileColumns implements ColumnLookup {
  private final int entries;
  private final Map<VariableRef, Values> values;

  private FileColumns(int entries, Map<VariableRef, Values> values) {
    this.entries = entries;
    this.values = Map.copyOf(values);
  }

  /** Columns already in doubles (each with at least {@code entries} values). */
  public static FileColumns ofDoubles(int entries, Map<VariableRef, double[]> columns) {
    Map<VariableRef, Values> v = new LinkedHashMap<>();
    columns.forEach(
        (ref, array) -> {
          if (array.length < entries) {
            throw new IllegalArgumentException(
                ref + " has " + array.length + " values for " + entries + " entries");
          }
          v.put(ref, new Values(null, ref.index(), array));
        });
    return new FileColumns(entries, v);
  }

  /**
   * Leaf columns as the ROOT reader returns them, keyed by the variable that reads them: a scalar
   * column for a plain name, an array column for {@code x[k]}.
   */
  static FileColumns ofLeaves(int entries, Map<VariableRef, Column> columns) {
    Map<VariableRef, Values> v = new LinkedHashMap<>();
    columns.forEach(
        (ref, column) -> {
          if (column.entries() != entries) {
            throw new IllegalArgumentException(
                ref + " has " + column.entries() + " entries, expected " + entries);
          }
          v.put(ref, new Values(column, ref.index(), null));
        });
    return new FileColumns(entries, v);
  }

  public int entries() {
    return entries;
  }

  public Set<VariableRef> variables() {
    return values.keySet();
  }

  /**
   * The values of {@code ref} as doubles (read-only; at least {@link #entries()} of them), or null
   * when it was not read. Converted from the leaf's type on the first call.
   */
  public double[] doubles(VariableRef ref) {
    Values v = values.get(ref);
    return v == null ? null : v.doubles(entries);
  }

  @Override
  public double[] column(VariableRef ref) {
    return doubles(ref);
  }

  /**
   * Where each entry's elements are in {@link #doubles} for a reference to all elements ({@code x}
   * inside {@code Sum$(x)}) of an array leaf; null for one value per entry.
   */
  @Override
  public int[] offsets(VariableRef ref) {
    Values v = values.get(ref);
    if (v == null || v.column == null || !ref.elements()) {
      return null;
    }
    return v.column.leaf().shape() == LeafShape.SCALAR ? null : v.column.offsets();
  }

  /**
   * The values of {@code ref} as the float array the reader filled (read-only) when the variable is
   * a scalar float leaf; null otherwise (then use {@link #doubles}).
   */
  public float[] floats(VariableRef ref) {
    Values v = values.get(ref);
    if (v == null || v.column == null) {
      return null;
    }
    Column c = v.column;
    return c.leaf().type() == LeafType.FLOAT && c.leaf().shape() == LeafShape.SCALAR
        ? (float[]) c.array()
        : null;
  }

  /** One variable: a leaf column, converted to doubles when first asked. */
  private static final class Values {
    private final Column column;
    private final int index;
    private double[] doubles;

    Values(Column column, int index, double[] doubles) {
      this.column = column;
      this.index = index;
      this.doubles = doubles;
    }

    synchronized double[] doubles(int entries) {
      if (doubles == null) {
        doubles = convert(column, index, entries);
      }
      return doubles;
    }

    /**
     * One value per entry: the scalar, or element {@code k} of the entry's array (NaN when absent);
     * every element of every entry for {@link VariableRef#ELEMENTS}.
     */
    private static double[] convert(Column c, int k, int n) {
      if (k < 0) {
        if (c.leaf().type() == LeafType.DOUBLE && c.array() instanceof double[] d) {
          return d; // already doubles: no copy
        }
        return c.toDoubleArray();
      }
      int[] offsets = c.offsets();
      double[] out = new double[n];
      for (int e = 0; e < n; e++) {
        int i = offsets[e] + k;
        out[e] = i < offsets[e + 1] ? c.getDouble(i) : Double.NaN;
      }
      return out;
    }
  }
}
