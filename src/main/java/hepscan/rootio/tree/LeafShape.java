package hepscan.rootio.tree;

/** How many values one entry of a leaf holds. */
public enum LeafShape {
  /** One value per entry. */
  SCALAR,
  /** A fixed number of values per entry, e.g. {@code x[4]/F}. */
  FIXED,
  /**
   * A variable number per entry, given by a counter leaf, e.g. {@code x[n]/F}, or held by each
   * entry as for a {@code std::vector<float>} branch.
   */
  JAGGED,
  /**
   * A {@code std::vector<std::vector<T>>} per entry: the values of an entry's inner vectors one
   * after the other (the offsets give each entry's range; where the inner vectors start is not
   * kept).
   */
  NESTED,
  /** A TLeafC C string. */
  STRING
}
