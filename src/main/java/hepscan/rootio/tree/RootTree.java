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

  /** Every leaf of every plain branch, in file order; unsupported object branches are left out. */
  List<LeafInfo> leaves();

  /**
   * The leaf with this name (leaf name, or "branch.leaf" for leaf lists), or an error naming the
   * near misses.
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
}
