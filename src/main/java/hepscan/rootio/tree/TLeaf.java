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
   * Double32_t and Float16_t leaves hold DOUBLE and FLOAT values, stored packed ({@link
   * #packing()}).
   */
  public LeafType type() {
    return switch (className) {
      case "TLeafO" -> LeafType.BOOL;
      case "TLeafB" -> unsigned ? LeafType.UCHAR : LeafType.CHAR;
      case "TLeafS" -> unsigned ? LeafType.USHORT : LeafType.SHORT;
      case "TLeafI" -> unsigned ? LeafType.UINT : LeafType.INT;
      case "TLeafL", "TLeafG" -> unsigned ? LeafType.ULONG : LeafType.LONG;
      case "TLeafF", "TLeafF16" -> LeafType.FLOAT;
      case "TLeafD", "TLeafD32" -> LeafType.DOUBLE;
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
   * none. A Double32_t/Float16_t range such as {@code [-2.71,10,30]} is not a dimension.
   */
  String titleDimensions() {
    int open = title.indexOf('[');
    String dims = open < 0 ? "" : title.substring(open);
    return packing() == null ? dims : dims.replaceAll("\\[[^\\]]*,[^\\]]*\\]", "");
  }

  /**
   * How a Double32_t/Float16_t leaf packs its values, null for other leaves; throws
   * IllegalArgumentException for a range ROOT cannot read back.
   */
  FloatPacking packing() {
    return switch (className) {
      case "TLeafD32" -> FloatPacking.of(true, title);
      case "TLeafF16" -> FloatPacking.of(false, title);
      default -> null;
    };
  }
}
