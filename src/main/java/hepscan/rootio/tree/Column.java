package hepscan.rootio.tree;

/**
 * The values of one leaf over a range of entries, unboxed. For SCALAR leaves value {@code i}
 * belongs to entry {@code i}; for FIXED and JAGGED leaves the values of entry {@code e} are {@code
 * offsets()[e] .. offsets()[e+1]-1} (offsets has entries+1 elements, null for SCALAR). For STRING
 * leaves value {@code i} is the string of entry {@code i}, read with {@link #getString}.
 */
public interface Column {
  LeafInfo leaf();

  /** Number of entries covered. */
  int entries();

  /** Number of values (entries for scalars and strings; sum of counts for arrays). */
  int size();

  /** Offsets per entry into the values (length entries+1), or null for scalar and string leaves. */
  int[] offsets();

  /**
   * Value {@code i} as a double (exact for all types but large 64-bit integers; unsigned types read
   * as unsigned).
   */
  double getDouble(int i);

  /** Value {@code i} as a long (integer types; unsigned 64-bit values wrap as in Java). */
  long getLong(int i);

  /** All values as a new double array. */
  double[] toDoubleArray();

  /**
   * The backing array (boolean[], byte[], short[], int[], long[], float[] or double[]; String[] for
   * STRING leaves); read-only. Unsigned types keep their bits in the signed array of the same
   * width.
   */
  Object array();

  /** The string of entry {@code i} of a STRING leaf; other leaves throw. */
  default String getString(int i) {
    throw new UnsupportedOperationException("leaf '" + leaf().name() + "' does not hold strings");
  }
}
