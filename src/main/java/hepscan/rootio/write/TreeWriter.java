package hepscan.rootio.write;

import hepscan.rootio.RootIOException;

/**
 * Appends entries to one TTree, column-wise. Each call passes one primitive array per branch, in
 * branch order, all of the same length: boolean[] for BOOL, byte[] for CHAR and UCHAR, short[] for
 * SHORT and USHORT, int[] for INT and UINT, long[] for LONG and ULONG, float[] for FLOAT, double[]
 * for DOUBLE (unsigned types take the same bits, e.g. (byte) 200 for UChar_t 200). Full baskets are
 * compressed and written as they fill. A call rejected for its arguments adds nothing; after a
 * failed write the whole file is abandoned (its writer only accepts close()).
 */
public interface TreeWriter {
  void append(Object... columns) throws RootIOException;

  long entries();

  /**
   * Nanoseconds spent compressing baskets, summed over the threads that did it (so it may exceed
   * the wall time).
   */
  long compressionNanos();

  /** Nanoseconds spent writing compressed baskets to the file. */
  long fileWriteNanos();
}
