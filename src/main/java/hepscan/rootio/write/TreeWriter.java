package hepscan.rootio.write;

import hepscan.rootio.RootIOException;

/**
 * CONTRACT STUB: appends entries to one TTree, column-wise. Each call passes one primitive array
 * per branch, in branch order, all of the same length: double[] for DOUBLE, float[] for FLOAT,
 * int[] for INT, long[] for LONG, boolean[] for BOOL (and the matching arrays for the other types).
 * Full baskets are compressed and written as they fill.
 */
public interface TreeWriter {
  void append(Object... columns) throws RootIOException;

  long entries();
}
