package hepscan.rootio.tree;

/** How many values one entry of a leaf holds. */
public enum LeafShape {
  /** One value per entry. */
  SCALAR,
  /** A fixed number of values per entry, e.g. {@code x[4]/F}. */
  FIXED,
  /** A variable number per entry, given by a counter leaf, e.g. {@code x[n]/F}. */
  JAGGED,
  /** A TLeafC C string. */
  STRING
}
