package hepscan.rootio.tree;

import java.util.Map;

/**
 * A {@code std::vector} of numbers as ROOT names it in a TBranchElement's class name: {@code
 * vector<float>} (depth 1) or {@code vector<vector<float> >} (depth 2), with the element type. ROOT
 * writes the element types with C++ names ({@code unsigned int}, {@code long}) or its own typedefs
 * ({@code UInt_t}, {@code Long64_t}); {@code long} is 64 bits, as on the Linux and macOS machines
 * that write ROOT files. Double32_t and Float16_t are not plain numbers on disk and are not
 * accepted here.
 */
record VectorType(LeafType element, int depth) {
  static final int MAX_DEPTH = 2;

  private static final Map<String, LeafType> ELEMENTS =
      Map.ofEntries(
          Map.entry("bool", LeafType.BOOL),
          Map.entry("Bool_t", LeafType.BOOL),
          Map.entry("char", LeafType.CHAR),
          Map.entry("signed char", LeafType.CHAR),
          Map.entry("Char_t", LeafType.CHAR),
          Map.entry("int8_t", LeafType.CHAR),
          Map.entry("unsigned char", LeafType.UCHAR),
          Map.entry("UChar_t", LeafType.UCHAR),
          Map.entry("uint8_t", LeafType.UCHAR),
          Map.entry("short", LeafType.SHORT),
          Map.entry("Short_t", LeafType.SHORT),
          Map.entry("int16_t", LeafType.SHORT),
          Map.entry("unsigned short", LeafType.USHORT),
          Map.entry("UShort_t", LeafType.USHORT),
          Map.entry("uint16_t", LeafType.USHORT),
          Map.entry("int", LeafType.INT),
          Map.entry("Int_t", LeafType.INT),
          Map.entry("int32_t", LeafType.INT),
          Map.entry("unsigned int", LeafType.UINT),
          Map.entry("UInt_t", LeafType.UINT),
          Map.entry("uint32_t", LeafType.UINT),
          Map.entry("long", LeafType.LONG),
          Map.entry("long long", LeafType.LONG),
          Map.entry("Long_t", LeafType.LONG),
          Map.entry("Long64_t", LeafType.LONG),
          Map.entry("int64_t", LeafType.LONG),
          Map.entry("unsigned long", LeafType.ULONG),
          Map.entry("unsigned long long", LeafType.ULONG),
          Map.entry("ULong_t", LeafType.ULONG),
          Map.entry("ULong64_t", LeafType.ULONG),
          Map.entry("uint64_t", LeafType.ULONG),
          Map.entry("float", LeafType.FLOAT),
          Map.entry("Float_t", LeafType.FLOAT),
          Map.entry("double", LeafType.DOUBLE),
          Map.entry("Double_t", LeafType.DOUBLE));

  /**
   * The vector type of a branch this reader decodes as {@code std::vector}: a TBranchElement
   * holding one whole {@code vector<T>} (or {@code vector<vector<T>>}) per entry, as ROOT writes
   * {@code tree->Branch("x", &vec)} at any split level (a vector of numbers is never split), with
   * one TLeafElement and no sub-branches; null for any other branch.
   */
  static VectorType of(TBranch b) {
    BranchElement e = b.element();
    if (e == null
        || !e.wholeObject()
        || !b.branches().isEmpty()
        || b.leaves().size() != 1
        || !"TLeafElement".equals(b.leaves().get(0).className())) {
      return null;
    }
    return parse(e.className());
  }

  /**
   * The vector type a class name such as {@code vector<float>} or {@code std::vector<vector<int> >}
   * names, or null for any other class.
   */
  static VectorType parse(String className) {
    String s = className.strip();
    int depth = 0;
    while (true) {
      String inner = unwrap(s);
      if (inner == null) {
        break;
      }
      s = inner;
      depth++;
    }
    LeafType element = ELEMENTS.get(s.replaceAll("\\s+", " "));
    return depth < 1 || depth > MAX_DEPTH || element == null
        ? null
        : new VectorType(element, depth);
  }

  /** The type between {@code vector<} and {@code >}, or null when {@code s} is not a vector. */
  private static String unwrap(String s) {
    String rest = s.startsWith("std::") ? s.substring(5) : s;
    if (!rest.startsWith("vector<") || !rest.endsWith(">")) {
      return null;
    }
    String inner = rest.substring("vector<".length(), rest.length() - 1).strip();
    // vector<T, allocator<T> > is the same layout; anything after a top-level comma is dropped.
    int level = 0;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '<') {
        level++;
      } else if (c == '>') {
        level--;
      } else if (c == ',' && level == 0) {
        return inner.substring(0, i).strip();
      }
    }
    return inner;
  }
}
