package hepscan.rootio.tree;

/**
 * What a leaf holds. {@code branch} is the branch's name; {@code name} is the column name to pass
 * to {@link RootTree#read(String)}: the branch name for a branch with one leaf (as ROOT users name
 * their variables), {@code branch.leaf} for a leaf of a leaf list such as {@code a/D:b/I}. {@code
 * fixedLength} is the number of values per entry for FIXED (1 for SCALAR, the inner length for
 * JAGGED leaves like {@code x[n][3]}); {@code countLeaf} is the column name of the counter leaf for
 * JAGGED (null otherwise, and for {@code std::vector} branches, whose entries hold their own size).
 * {@code type} is null for STRING leaves, the element type for {@code std::vector} branches.
 */
public record LeafInfo(
    String branch,
    String name,
    LeafType type,
    LeafShape shape,
    int fixedLength,
    String countLeaf) {}
