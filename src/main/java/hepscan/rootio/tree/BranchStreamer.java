package hepscan.rootio.tree;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import hepscan.rootio.file.ObjectStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the TBranch and TLeaf objects inside a TTree record, by class version. TBranchElement is
 * read through its TBranch part and its own members ({@link BranchElement}), TLeafElement likewise;
 * other TBranch subclasses (TBranchObject, TBranchRef …) are read through their TBranch part and
 * the rest of their members is skipped by byte count.
 */
final class BranchStreamer {
  /**
   * TBranch v6 to v9 (ROOT 3/4, Geant4's g4tools) keep entry numbers in 32-bit integers and
   * doubles; v10 is ROOT 5.x's first with 64-bit entry numbers; v13 (ROOT 6.14) adds TIOFeatures.
   */
  private static final int MIN_BRANCH_VERSION = 6;

  private static final int FIRST_64BIT_BRANCH_VERSION = 10;

  private static final int MAX_BRANCH_VERSION = 13;

  private BranchStreamer() {}

  /** Reads a TObjArray of branches streamed as a member (not through a pointer). */
  static List<TBranch> readBranchArray(ObjectStream in, String what) {
    List<TBranch> out = new ArrayList<>();
    readObjArray(
        in,
        what,
        (slot, obj) -> {
          if (obj instanceof TBranch b) {
            out.add(b);
          } else if (obj != null) {
            throw new RootFormatException(
                what + ": element " + slot + " is not a branch (" + obj + ")");
          }
        },
        BranchStreamer::readBranchObject);
    return out;
  }

  private interface SlotConsumer {
    void accept(int slot, Object obj);
  }

  private static void readObjArray(
      ObjectStream in, String what, SlotConsumer consumer, ObjectStream.ObjectFactory factory) {
    ObjectStream.Header h = in.readHeader(what);
    in.skipTObject();
    in.buffer().readTString(); // fName
    int n = in.readCollectionSize(what);
    in.buffer().readInt(); // fLowerBound
    for (int i = 0; i < n; i++) {
      consumer.accept(i, in.readObjectAny(factory));
    }
    in.checkEnd(h);
  }

  private static Object readBranchObject(String className, ObjectStream in, int end) {
    if ("TBranch".equals(className)) {
      return readTBranch(in, className);
    }
    if ("TBranchElement".equals(className)) {
      return readTBranchElement(in, className);
    }
    if (className.startsWith("TBranch")) {
      ObjectStream.Header outer = in.readHeader(className);
      TBranch b = readTBranch(in, className);
      in.skipToEnd(outer);
      return b;
    }
    return skipUnknown(className, in, end);
  }

  private static Object skipUnknown(String className, ObjectStream in, int end) {
    if (end < 0) {
      throw new RootFormatException(
          "object of class " + className + " without byte count cannot be skipped");
    }
    in.buffer().seek(end);
    return new ObjectStream.Unknown(className);
  }

  /** TBranchElement v2 (ROOT 3) and later carry the parent class and the branch counters. */
  private static final int MIN_BRANCH_ELEMENT_VERSION = 2;

  /**
   * A TBranchElement: its TBranch part, then fClassName, fParentName, fClonesName, fCheckSum,
   * fClassVersion (2 bytes from v10, 4 before), fID, fType, fStreamerType, fMaximum and the two
   * branch-count pointers.
   */
  private static TBranch readTBranchElement(ObjectStream in, String className) {
    ObjectStream.Header outer = in.readHeader(className);
    List<LeafElement> leafElements = new ArrayList<>();
    TBranch branch = readTBranch(in, className, leafElements);
    if (outer.version() < MIN_BRANCH_ELEMENT_VERSION) {
      in.skipToEnd(outer); // listed, never read
      return branch;
    }
    RootBuffer b = in.buffer();
    String cls = b.readTString();
    String parent = b.readTString();
    String clones = b.readTString();
    b.readInt(); // fCheckSum
    int classVersion = outer.version() >= 10 ? b.readShort() : b.readInt();
    int id = b.readInt();
    int type = b.readInt();
    int streamerType = b.readInt();
    int maximum = b.readInt();
    Object count = in.readObjectAny(BranchStreamer::readBranchObject);
    in.readObjectAny(BranchStreamer::readBranchObject); // fBranchCount2
    in.checkEnd(outer);
    LeafElement leaf = leafElements.size() == 1 ? leafElements.get(0) : null;
    return branch.withElement(
        new BranchElement(
            cls,
            parent,
            clones,
            classVersion,
            id,
            type,
            streamerType,
            maximum,
            count instanceof TBranch c ? c.name() : null,
            leaf == null ? -1 : leaf.id(),
            leaf == null ? -1 : leaf.type()));
  }

  /** A TLeafElement: its TLeaf part, its fID and fType. */
  private record LeafElement(TLeaf leaf, int id, int type) {}

  private static TBranch readTBranch(ObjectStream in, String className) {
    return readTBranch(in, className, new ArrayList<>());
  }

  private static TBranch readTBranch(
      ObjectStream in, String className, List<LeafElement> leafElements) {
    RootBuffer b = in.buffer();
    ObjectStream.Header h = in.readHeader("TBranch");
    if (h.version() < MIN_BRANCH_VERSION || h.version() > MAX_BRANCH_VERSION) {
      throw new RootFormatException(
          "TBranch class version "
              + h.version()
              + " is not supported ("
              + MIN_BRANCH_VERSION
              + " to "
              + MAX_BRANCH_VERSION
              + ")");
    }
    int v = h.version();
    ObjectStream.Named named = in.readTNamed("TBranch");
    String what = "branch '" + named.name() + "'";
    boolean old = v < FIRST_64BIT_BRANCH_VERSION;
    if (v >= 8) {
      in.skipObject("TAttFill");
    }
    int compress = b.readInt();
    b.readInt(); // fBasketSize
    b.readInt(); // fEntryOffsetLen
    int writeBasket = b.readInt();
    b.skip(old ? 4 : 8); // fEntryNumber
    if (v >= 13) {
      in.skipObject("TIOFeatures");
    }
    b.readInt(); // fOffset
    int maxBaskets = b.readInt();
    if (v >= 7) {
      b.readInt(); // fSplitLevel
    }
    long entries = old ? wholeNumber(b.readLong(), what) : b.readLong();
    if (v >= 11) {
      b.readLong(); // fFirstEntry
    }
    b.skip(2 * 8); // fTotBytes, fZipBytes (doubles before v10)
    List<TBranch> branches = readBranchArray(in, what + " sub-branches");
    List<TLeaf> leaves = new ArrayList<>();
    readObjArray(
        in,
        what + " leaves",
        (slot, obj) -> {
          if (obj instanceof TLeaf leaf) {
            leaves.add(leaf);
          } else if (obj instanceof LeafElement le) {
            leaves.add(le.leaf());
            leafElements.add(le);
          } else if (obj instanceof ObjectStream.Unknown u) {
            // Keep a placeholder so the branch is reported as unsupported rather than read without
            // it.
            leaves.add(new TLeaf(u.className(), "?", "?", 1, false, null));
          }
        },
        BranchStreamer::readLeafObject);
    List<TBranch.EmbeddedBasket> embedded = new ArrayList<>();
    readObjArray(
        in,
        what + " baskets",
        (slot, obj) -> {
          if (obj instanceof TBasket basket) {
            embedded.add(new TBranch.EmbeddedBasket(slot, basket));
          }
        },
        (cls, s, end) ->
            "TBasket".equals(cls) ? TBasket.readEmbedded(s) : skipUnknown(cls, s, end));
    if (maxBaskets < 0 || writeBasket < 0 || writeBasket > maxBaskets || entries < 0) {
      throw new RootFormatException(
          what
              + ": inconsistent basket counts (fWriteBasket "
              + writeBasket
              + ", fMaxBaskets "
              + maxBaskets
              + ", fEntries "
              + entries
              + ")");
    }
    b.require((old ? 4L + 4 + 4 : 4L + 8 + 8) * maxBaskets, what + " basket tables");
    int[] basketBytes = new int[maxBaskets];
    if (b.readByte() != 0 || old) { // before v10 the values follow whatever the flag says
      for (int i = 0; i < maxBaskets; i++) {
        basketBytes[i] = b.readInt();
      }
    }
    long[] basketEntry = old ? readOldInts(b, maxBaskets) : readLongs(b, maxBaskets);
    long[] basketSeek = old ? readOldSeeks(b, maxBaskets) : readLongs(b, maxBaskets);
    String fileName = b.readTString();
    in.checkEnd(h);
    if (basketEntry.length == writeBasket) {
      // fMaxBaskets == fWriteBasket leaves no slot for the end entry; it is fEntries.
      long[] withEnd = java.util.Arrays.copyOf(basketEntry, writeBasket + 1);
      withEnd[writeBasket] = entries;
      basketEntry = withEnd;
    }
    return new TBranch(
        className,
        named.name(),
        named.title(),
        compress,
        writeBasket,
        entries,
        branches,
        leaves,
        basketBytes,
        basketEntry,
        basketSeek,
        embedded,
        fileName);
  }

  private static long[] readLongs(RootBuffer b, int n) {
    long[] out = new long[n];
    if (b.readByte() != 0) {
      for (int i = 0; i < n; i++) {
        out[i] = b.readLong();
      }
    }
    return out;
  }

  /**
   * An array of 32-bit integers as TBranch v6..9 stores fBasketEntry: a flag byte, then always
   * {@code n} values.
   */
  private static long[] readOldInts(RootBuffer b, int n) {
    b.readByte();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.readInt();
    }
    return out;
  }

  /** fBasketSeek of TBranch v6..9: 64-bit when the flag byte is 2, else 32-bit unsigned. */
  private static long[] readOldSeeks(RootBuffer b, int n) {
    boolean wide = b.readByte() == 2;
    b.require((wide ? 8L : 4L) * n, "basket seek table");
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = wide ? b.readLong() : Integer.toUnsignedLong(b.readInt());
    }
    return out;
  }

  /** A count stored as a double (ROOT's Stat_t in old class versions), checked to be whole. */
  private static long wholeNumber(long doubleBits, String what) {
    double d = Double.longBitsToDouble(doubleBits);
    if (!(d >= 0 && d <= Long.MAX_VALUE && d == Math.rint(d))) {
      throw new RootFormatException(what + ": entry count " + d + " is not a whole number");
    }
    return (long) d;
  }

  private static Object readLeafObject(String className, ObjectStream in, int end) {
    if (!className.startsWith("TLeaf")) {
      return skipUnknown(className, in, end);
    }
    ObjectStream.Header outer = in.readHeader(className);
    RootBuffer b = in.buffer();
    ObjectStream.Header h = in.readHeader("TLeaf");
    ObjectStream.Named named = in.readTNamed("TLeaf");
    int len = b.readInt();
    b.readInt(); // fLenType
    b.readInt(); // fOffset
    b.readBoolean(); // fIsRange
    boolean unsigned = b.readBoolean();
    Object count = in.readObjectAny(BranchStreamer::readLeafObject);
    in.checkEnd(h);
    if (count instanceof LeafElement le) {
      count = le.leaf();
    }
    TLeaf leaf =
        new TLeaf(
            className,
            named.name(),
            named.title(),
            Math.max(len, 1),
            unsigned,
            count instanceof TLeaf c ? c : null);
    if ("TLeafElement".equals(className)) {
      LeafElement le = new LeafElement(leaf, b.readInt(), b.readInt());
      in.checkEnd(outer);
      return le;
    }
    in.skipToEnd(outer); // the subclass's fMinimum/fMaximum
    return leaf;
  }
}
