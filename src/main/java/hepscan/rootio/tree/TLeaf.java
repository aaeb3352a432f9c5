package hepscan.rootio.tree;

/**
 * A TLeaf as stored in a TBranch: its class (TLeafF, TLeafC, TLeafElement …), name, title (such as
 * {@code Jet_Px[NJet]}), {@code len} values per entry for fixed arrays (1 for scalars), whether it
 * is unsigned, and for jagged arrays the leaf that counts its values ({@code count}, else null).
 */
public record TLeaf(
    String className, String name, String title, int len, boolean unsigned, TLeaf count) {

  /**
   * The numeric type this leaf holds, or null for strings and classes this reader does not decode.
   */
  public LeafType type() {
    return switch (className) {
      case "TLeafO" -> LeafType.BOOL;
      case "TLeafB" -> unsigned ? LeafType.UCHAR : LeafType.CHAR;
      case "TLeafS" -> unsigned ? LeafType.USHORT : LeafType.SHORT;
      case "TLeafI" -> unsigned ? LeafType.UINT : LeafType.INT;
      case "TLeafL", "TLeafG" -> unsigned ? LeafType.ULONG : LeafType.LONG;
      case "TLeafF" -> LeafType.FLOAT;
      case "TLeafD" -> LeafType.DOUBLE;
      default -> null;
    };
  }

  public boolean isString() {
    return "TLeafC".equals(className);
  }

  /**
   * ROOT's type name as rootcheck prints it (e.g. {@code Float_t}, {@code char*}), or the class
   * name.
   */
  public String rootTypeName() {
    return switch (className) {
      case "TLeafG" -> unsigned ? "ULong_t" : "Long_t";
      case "TLeafC" -> "char*";
      case "TLeafF16" -> "Float16_t";
      case "TLeafD32" -> "Double32_t";
      default -> type() == null ? className : type().rootTypeName();
    };
  }

  /**
   * The dimensions in the title after the name, e.g. {@code [NJet]} or {@code [4][3]}; empty for
   * none.
   */
  String titleDimensions() {
    int open = title.indexOf('[');
    return open < 0 ? "" : title.substring(open);
  }
}
