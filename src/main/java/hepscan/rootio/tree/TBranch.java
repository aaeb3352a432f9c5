package hepscan.rootio.tree;

import java.util.List;

/**
 * A TBranch (or the TBranch part of a subclass such as TBranchElement): its leaves, sub-branches,
 * and where its baskets are. Baskets {@code 0 .. writeBasket-1} are records of their own in the
 * file, at {@code basketSeek[i]}, {@code basketBytes[i]} long, holding entries {@code
 * basketEntry[i] .. basketEntry[i+1]-1}; a basket still in memory when the tree was written is
 * stored inside the TTree record ({@code embedded}).
 */
public final class TBranch {
  private final String className;
  private final String name;
  private final String title;
  private final int compress;
  private final int writeBasket;
  private final long entries;
  private final List<TBranch> branches;
  private final List<TLeaf> leaves;
  private final int[] basketBytes;
  private final long[] basketEntry;
  private final long[] basketSeek;
  private final List<EmbeddedBasket> embedded;
  private final String fileName;
  private final BranchElement element;

  TBranch(
      String className,
      String name,
      String title,
      int compress,
      int writeBasket,
      long entries,
      List<TBranch> branches,
      List<TLeaf> leaves,
      int[] basketBytes,
      long[] basketEntry,
      long[] basketSeek,
      List<EmbeddedBasket> embedded,
      String fileName) {
    this(
        className,
        name,
        title,
        compress,
        writeBasket,
        entries,
        branches,
        leaves,
        basketBytes,
        basketEntry,
        basketSeek,
        embedded,
        fileName,
        null);
  }

  private TBranch(
      String className,
      String name,
      String title,
      int compress,
      int writeBasket,
      long entries,
      List<TBranch> branches,
      List<TLeaf> leaves,
      int[] basketBytes,
      long[] basketEntry,
      long[] basketSeek,
      List<EmbeddedBasket> embedded,
      String fileName,
      BranchElement element) {
    this.element = element;
    this.fileName = fileName;
    this.className = className;
    this.name = name;
    this.title = title;
    this.compress = compress;
    this.writeBasket = writeBasket;
    this.entries = entries;
    this.branches = List.copyOf(branches);
    this.leaves = List.copyOf(leaves);
    this.basketBytes = basketBytes;
    this.basketEntry = basketEntry;
    this.basketSeek = basketSeek;
    this.embedded = List.copyOf(embedded);
  }

  /**
   * A basket stored inside the TTree record: its slot in fBaskets and its uncompressed contents.
   */
  public record EmbeddedBasket(int slot, TBasket basket) {}

  public String className() {
    return className;
  }

  public String name() {
    return name;
  }

  public String title() {
    return title;
  }

  /** The branch's compression setting (fCompress), as ROOT encodes it. */
  public int compress() {
    return compress;
  }

  /** Number of baskets written to the file as records of their own (fWriteBasket). */
  public int writeBasket() {
    return writeBasket;
  }

  public long entries() {
    return entries;
  }

  public List<TBranch> branches() {
    return branches;
  }

  public List<TLeaf> leaves() {
    return leaves;
  }

  public int basketBytes(int i) {
    return basketBytes[i];
  }

  public long basketSeek(int i) {
    return basketSeek[i];
  }

  /**
   * First entry of basket {@code i}; {@code i} may be {@code writeBasket}, the first entry after
   * the written ones.
   */
  public long basketEntry(int i) {
    return basketEntry[i];
  }

  public List<EmbeddedBasket> embedded() {
    return embedded;
  }

  /** The file holding the baskets when not this one (TBranch::SetFile), else empty. */
  public String fileName() {
    return fileName;
  }

  /** This TBranch part with the TBranchElement members that follow it in the file. */
  TBranch withElement(BranchElement e) {
    return new TBranch(
        className,
        name,
        title,
        compress,
        writeBasket,
        entries,
        branches,
        leaves,
        basketBytes,
        basketEntry,
        basketSeek,
        embedded,
        fileName,
        e);
  }

  /** The TBranchElement members, or null for other branch classes. */
  public BranchElement element() {
    return element;
  }

  /** Whether this is a plain TBranch, the only kind whose baskets this reader decodes. */
  public boolean isPlain() {
    return "TBranch".equals(className);
  }
}
