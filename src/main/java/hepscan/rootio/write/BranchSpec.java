package hepscan.rootio.write;

import hepscan.rootio.tree.LeafType;

/**
 * One flat (scalar) branch to write: its name and the numeric type of its single leaf ({@code
 * name/D}).
 */
public record BranchSpec(String name, LeafType type) {}
