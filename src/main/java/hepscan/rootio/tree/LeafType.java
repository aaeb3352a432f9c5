package hepscan.rootio.tree;

/**
 * The numeric leaf types of a plain TBranch, with ROOT's type code (the letter after the slash in a
 * leaf list such as {@code x[n]/F}), the TLeaf class that stores it and its size on disk.
 */
public enum LeafType {
  BOOL('O', "TLeafO", "Bool_t", 1),
  CHAR('B', "TLeafB", "Char_t", 1),
  UCHAR('b', "TLeafB", "UChar_t", 1),
  SHORT('S', "TLeafS", "Short_t", 2),
  USHORT('s', "TLeafS", "UShort_t", 2),
  INT('I', "TLeafI", "Int_t", 4),
  UINT('i', "TLeafI", "UInt_t", 4),
  LONG('L', "TLeafL", "Long64_t", 8),
  ULONG('l', "TLeafL", "ULong64_t", 8),
  FLOAT('F', "TLeafF", "Float_t", 4),
  DOUBLE('D', "TLeafD", "Double_t", 8);

  private final char code;
  private final String leafClass;
  private final String rootTypeName;
  private final int size;

  LeafType(char code, String leafClass, String rootTypeName, int size) {
    this.code = code;
    this.leafClass = leafClass;
    this.rootTypeName = rootTypeName;
    this.size = size;
  }

  /** ROOT's one-letter type code, as in {@code "pt/F"}. */
  public char code() {
    return code;
  }

  /** The TLeaf subclass that stores this type, e.g. {@code TLeafF}. */
  public String leafClass() {
    return leafClass;
  }

  /** ROOT's name of the type, e.g. {@code Float_t}. */
  public String rootTypeName() {
    return rootTypeName;
  }

  /** Bytes per value on disk. */
  public int size() {
    return size;
  }

  /** Whether the type is unsigned (fIsUnsigned in the TLeaf). */
  public boolean unsigned() {
    return this == UCHAR || this == USHORT || this == UINT || this == ULONG;
  }

  /** The type with ROOT's one-letter code, or throws for a code this package does not read. */
  public static LeafType ofCode(char code) {
    for (LeafType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown ROOT leaf type code '" + code + "'");
  }
}
