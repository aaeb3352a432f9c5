package hepscan.rootio.tree;

/**
 * CONTRACT STUB: the values of one leaf over a range of entries, unboxed. For SCALAR leaves value
 * {@code i} belongs to entry {@code i}; for FIXED and JAGGED leaves the values of entry {@code e}
 * are {@code offsets()[e] .. offsets()[e+1]-1} (offsets has entries+1 elements, null for SCALAR).
 * Signatures here are relied upon by hepscan.data; keep them.
 */
public interface Column {
  LeafInfo leaf();

  /** Number of entries covered. */
  int entries();

  /** Number of values (entries for scalars; sum of counts for arrays). */
  int size();

  /** Offsets per entry into the values (length entries+1), or null for scalar leaves. */
  int[] offsets();

  /** Value {@code i} as a double (exact for all types but large 64-bit integers). */
  double getDouble(int i);

  /** Value {@code i} as a long (integer types; unsigned 64-bit values wrap as in Java). */
  long getLong(int i);

  /** All values as a new double array. */
  double[] toDoubleArray();

  /** The backing primitive array (boolean[], byte[], short[], int[], long[], float[] or double[]); read-only. */
  Object array();
}
