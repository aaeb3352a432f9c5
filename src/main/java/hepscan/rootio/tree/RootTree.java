package hepscan.rootio.tree;

import hepscan.rootio.RootIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A TTree opened for reading columns. Column names are branch names (or {@code branch.leaf} for
 * leaf lists, see {@link LeafInfo}); reads fail with a one-line {@link RootIOException} naming the
 * file, tree, branch and basket. Implemented by {@link TreeReader}.
 */
public interface RootTree {
  /** The tree's path in the file, e.g. "events" or "dir/tree". */
  String path();

  long entries();

  /**
   * Every leaf of every readable branch (plain branches and {@code std::vector} branches), in file
   * order; unsupported object branches are left out.
   */
  List<LeafInfo> leaves();

  /**
   * The leaf with this column name ({@link LeafInfo#name()}: the branch name, or "branch.leaf" for
   * leaf lists; a bare leaf name is accepted when it is unambiguous), or an error naming the near
   * misses.
   */
  LeafInfo leaf(String name) throws RootIOException;

  /** All entries of one leaf. */
  Column read(String leafName) throws RootIOException;

  /** Entries [start, end) of one leaf. */
  Column read(String leafName, long start, long end) throws RootIOException;

  /**
   * All entries of several leaves, baskets decompressed in parallel; keys are the names asked for.
   */
  Map<String, Column> read(Collection<String> leafNames) throws RootIOException;

  /**
   * Entries [start, end) of several leaves; keys are the names asked for, in that order. {@link
   * TreeReader} reads them in parallel; this default reads one leaf after the other.
   */
  default Map<String, Column> read(Collection<String> leafNames, long start, long end)
      throws RootIOException {
    Map<String, Column> out = new java.util.LinkedHashMap<>();
    for (String name : leafNames) {
      out.put(name, read(name, start, end));
    }
    return out;
  }

  /**
   * Entries [start, end) of several leaves, as {@link #read(Collection, long, long)}, the values of
   * a fixed-size leaf written into the array of its column in {@code previous} (the columns of an
   * earlier range of as many entries, which the caller no longer uses) when that array holds
   * exactly as many values: reading a tree range after range then allocates no new arrays for them.
   * This default allocates new ones.
   */
  default Map<String, Column> read(
      Collection<String> leafNames, long start, long end, Map<String, Column> previous)
      throws RootIOException {
    return read(leafNames, start, end);
  }
}
