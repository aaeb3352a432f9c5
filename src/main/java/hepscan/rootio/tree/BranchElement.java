package hepscan.rootio.tree;

/**
 * The members of a TBranchElement after its TBranch part, and those of its TLeafElement: what ROOT
 * needs to stream the branch's object. {@code className} is the class of the object the branch
 * holds (e.g. {@code vector<float>}), or the parent class for a member of a split object; {@code
 * id} is the element number in that class's StreamerInfo, -1 for a branch holding a whole object
 * (-2 for the top of a split one); {@code type} is ROOT's branch type (0 or -1 for a whole object,
 * 1–4, 31 and 41 for parts of split objects, base classes and collections); {@code streamerType}
 * the TStreamerElement type code (-1 for a whole object); {@code branchCount} names the branch
 * counting a split collection's elements (null when none). {@code leafId}/{@code leafType} are the
 * TLeafElement's fID and fType (-1 for a whole object; the element's type code otherwise).
 */
public record BranchElement(
    String className,
    String parentName,
    String clonesName,
    int classVersion,
    int id,
    int type,
    int streamerType,
    int maximum,
    String branchCount,
    int leafId,
    int leafType) {

  /** Whether the branch streams one whole object per entry (not a part of a split object). */
  public boolean wholeObject() {
    return id == -1 && (type == 0 || type == -1) && streamerType == -1;
  }
}
