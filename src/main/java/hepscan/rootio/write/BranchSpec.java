package hepscan.rootio.write;

import hepscan.rootio.tree.LeafType;

/**
 * One branch to write, with a single leaf: a scalar ({@code name/D}) when {@code counter} is null,
 * else a variable-length array per entry whose length is the value of the earlier {@code Int_t}
 * branch {@code counter} in the same entry ({@code name[counter]/F}), as ROOT's own counter-based
 * jagged branches.
 */
public record BranchSpec(String name, LeafType type, String counter) {

  /** A scalar branch. */
  public BranchSpec(String name, LeafType type) {
    this(name, type, null);
  }

  /** An array branch of {@code type} whose lengths are the values of branch {@code counter}. */
  public static BranchSpec jagged(String name, LeafType type, String counter) {
    return new BranchSpec(name, type, counter);
  }

  public boolean isJagged() {
    return counter != null;
  }

  /** The leaf's title: the name, with the counter in brackets for an array. */
  String leafTitle() {
    return counter == null ? name : name + "[" + counter + "]";
  }
}
