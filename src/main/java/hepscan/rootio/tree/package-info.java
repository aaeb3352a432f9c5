/**
 * TTrees: the TTree, TBranch, TLeaf and TBasket models decoded by class version, and {@link
 * hepscan.rootio.tree.TreeReader}, which reads leaves into primitive columns ({@link
 * hepscan.rootio.tree.Column}) with baskets decompressed in parallel. {@code LeafType}, {@code
 * LeafShape}, {@code LeafInfo}, {@code Column} and {@code RootTree} are shared with the writer and
 * the data layer.
 */
package hepscan.rootio.tree;
