package hepscan.rootio.tree;

/**
 * What a leaf holds. {@code fixedLength} is the number of values per entry for FIXED (1 for
 * SCALAR); {@code countLeaf} names the counter leaf for JAGGED (null otherwise). {@code type} is
 * null for STRING leaves.
 */
public record LeafInfo(String branch, String name, LeafType type, LeafShape shape, int fixedLength, String countLeaf) {}
