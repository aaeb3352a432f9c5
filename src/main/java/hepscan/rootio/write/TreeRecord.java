package hepscan.rootio.write;

import hepscan.rootio.bytes.RootWriteBuffer;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serialises a TTree (class version 20, ROOT 6.14+) of single-leaf TBranches (version 13) once all
 * its baskets are on disk: scalar leaves, and array leaves whose {@code fLeafCount} refers to the
 * leaf of their counter branch, written earlier in the same record. The member order follows the
 * TTree/TBranch/TLeaf streamer infos we embed; the constant parts (attribute defaults, TIOFeatures,
 * TObjArray headers) are the bytes uproot5 writes ({@code src/uproot/writing/_cascadetree.py},
 * {@code Tree.write_anew}), which CERN ROOT reads.
 */
final class TreeRecord {
  private TreeRecord() {}

  private static final int NEW_CLASS_TAG = 0xFFFFFFFF;

  /** ROOT's kMapOffset: object references count from 2, so that 0 can mean null. */
  private static final int MAP_OFFSET = 2;

  /** TObject::kMustCleanup, as ROOT sets it on a TTree. */
  private static final int MUST_CLEANUP = 1 << 3;

  /** The bit ROOT leaves set on a TBranch's TObject (uproot writes it too). */
  private static final int BRANCH_BITS = 0x00400000;

  /** TObject::fBits that uproot writes on a TObjArray of branches. */
  private static final int BRANCH_ARRAY_BITS = 0x00004000;

  /** ROOT::TIOFeatures streamed with byte count, version 0 plus class checksum, fIOBits = 0. */
  private static final byte[] IO_FEATURES = {0x40, 0, 0, 7, 0, 0, 0x1a, (byte) 0xa1, 0x2f, 0x10, 0};

  /** TTree::fDefaultEntryOffsetLen, which an array branch takes as its fEntryOffsetLen. */
  private static final int DEFAULT_ENTRY_OFFSET_LEN = 1000;

  /** ROOT's default number of basket slots in a new TBranch. */
  private static final int MIN_MAX_BASKETS = 10;

  /**
   * The TTree object as stored in its key. {@code keylen} is the key header length: ROOT counts
   * object reference offsets from the start of the key, so the TLeaf references need it.
   */
  static byte[] serialize(
      String name,
      String title,
      long entries,
      List<BranchWriter> branches,
      int basketSize,
      CompressionSetting compression,
      int keylen) {
    RootWriteBuffer out = new RootWriteBuffer(4096 + branches.size() * 512);
    long totBytes = 0;
    long zipBytes = 0;
    for (BranchWriter b : branches) {
      totBytes += b.totBytes();
      zipBytes += b.zipBytes();
    }

    int tree = out.startVersioned(20);
    writeNamed(out, name, title, MUST_CLEANUP);
    int att = out.startVersioned(2); // TAttLine: color 602, style 1, width 1
    out.writeShort(602).writeShort(1).writeShort(1);
    out.endByteCount(att);
    writeAttFill(out);
    att = out.startVersioned(2); // TAttMarker: color 1, style 1, size 1
    out.writeShort(1).writeShort(1).writeFloat(1f);
    out.endByteCount(att);

    out.writeLong(entries)
        .writeLong(totBytes)
        .writeLong(zipBytes)
        .writeLong(zipBytes) // fSavedBytes: everything is saved
        .writeLong(0) // fFlushedBytes
        .writeDouble(1.0) // fWeight
        .writeInt(0) // fTimerInterval
        .writeInt(25) // fScanField
        .writeInt(0) // fUpdate
        .writeInt(DEFAULT_ENTRY_OFFSET_LEN) // fDefaultEntryOffsetLen
        .writeInt(0) // fNClusterRange
        .writeLong(1_000_000_000_000L) // fMaxEntries
        .writeLong(1_000_000_000_000L) // fMaxEntryLoop
        .writeLong(0) // fMaxVirtualSize
        .writeLong(-300_000_000L) // fAutoSave (bytes)
        .writeLong(-30_000_000L) // fAutoFlush (bytes): baskets are cut per branch, not per cluster
        .writeLong(1_000_000L); // fEstimate
    out.writeByte(0); // fClusterRangeEnd: empty array
    out.writeByte(0); // fClusterSize: empty array
    out.writeBytes(IO_FEATURES);

    List<Integer> leafRefs = new ArrayList<>(branches.size());
    Map<String, Integer> leafRefByName = new HashMap<>();
    Set<String> counters = new HashSet<>();
    for (BranchWriter b : branches) {
      if (b.spec().isJagged()) {
        counters.add(b.spec().counter());
      }
    }
    int array = startObjArray(out, branches.size(), BRANCH_ARRAY_BITS);
    for (BranchWriter b : branches) {
      BranchSpec spec = b.spec();
      int leafCount = spec.isJagged() ? leafRefByName.get(spec.counter()) : 0;
      writeBranch(
          out,
          b,
          entries,
          basketSize,
          compression,
          keylen,
          leafRefs,
          counters.contains(spec.name()),
          leafCount);
      leafRefByName.put(spec.name(), leafRefs.get(leafRefs.size() - 1));
    }
    out.endByteCount(array);

    array = startObjArray(out, leafRefs.size(), 0);
    for (int ref : leafRefs) {
      out.writeInt(ref);
    }
    out.endByteCount(array);

    out.writeInt(0); // fAliases: null
    out.writeInt(0); // fIndexValues: empty TArrayD
    out.writeInt(0); // fIndex: empty TArrayI
    out.writeInt(0); // fTreeIndex: null
    out.writeInt(0); // fFriends: null
    out.writeInt(0); // fUserInfo: null
    out.writeInt(0); // fBranchRef: null
    out.endByteCount(tree);
    return out.toByteArray();
  }

  private static void writeBranch(
      RootWriteBuffer out,
      BranchWriter b,
      long entries,
      int basketSize,
      CompressionSetting compression,
      int keylen,
      List<Integer> leafRefs,
      boolean isCounter,
      int leafCountRef) {
    LeafType type = b.spec().type();
    String name = b.spec().name();
    boolean jagged = b.spec().isJagged();
    int baskets = b.baskets();
    int maxBaskets = Math.max(MIN_MAX_BASKETS, baskets + 1); // fBasketEntry[baskets] holds the end

    int any = out.startByteCount();
    out.writeInt(NEW_CLASS_TAG).writeCString("TBranch");
    int branch = out.startVersioned(13);
    writeNamed(out, name, b.spec().leafTitle() + "/" + type.code(), BRANCH_BITS);
    writeAttFill(out);
    // the true setting (uproot writes 0): ROOT only second-guesses raw baskets of compressed
    // branches in files of version <= 3.04/01 (TBasket::ReadBasketBuffers "oldCase"), and we are
    // 6.24
    out.writeInt(compression.rootCode())
        .writeInt(basketSize)
        // fEntryOffsetLen: ROOT's default for an array branch (its baskets store entry offsets);
        // fixed-size entries need none
        .writeInt(jagged ? DEFAULT_ENTRY_OFFSET_LEN : 0)
        .writeInt(baskets) // fWriteBasket
        .writeLong(entries); // fEntryNumber
    out.writeBytes(IO_FEATURES);
    out.writeInt(0) // fOffset
        .writeInt(maxBaskets)
        .writeInt(0) // fSplitLevel
        .writeLong(entries)
        .writeLong(0) // fFirstEntry
        .writeLong(b.totBytes())
        .writeLong(b.zipBytes());
    out.endByteCount(startObjArray(out, 0, 0)); // fBranches

    int leaves = startObjArray(out, 1, 0);
    leafRefs.add(keylen + out.position() + MAP_OFFSET);
    writeLeaf(out, b.spec(), isCounter, leafCountRef, b.maxCount());
    out.endByteCount(leaves);

    out.endByteCount(startObjArray(out, 0, 0)); // fBaskets: none kept in memory, all on disk

    out.writeByte(1); // fBasketBytes
    for (int i = 0; i < maxBaskets; i++) {
      out.writeInt(i < baskets ? b.storedBytes(i) : 0);
    }
    out.writeByte(1); // fBasketEntry
    for (int i = 0; i < maxBaskets; i++) {
      out.writeLong(i < baskets ? b.firstEntry(i) : i == baskets ? entries : 0);
    }
    out.writeByte(1); // fBasketSeek
    for (int i = 0; i < maxBaskets; i++) {
      out.writeLong(i < baskets ? b.seek(i) : 0);
    }
    out.writeString(""); // fFileName: baskets are in this file
    out.endByteCount(branch);
    out.endByteCount(any);
  }

  /**
   * A TLeaf. A counter's leaf is a range ({@code fIsRange}) whose {@code fMaximum} is the longest
   * array it counted: ROOT sizes its read buffers by it. An array's {@code fLeafCount} is a
   * reference to its counter's leaf, already in this record.
   */
  private static void writeLeaf(
      RootWriteBuffer out, BranchSpec spec, boolean isCounter, int leafCountRef, int maximum) {
    LeafType type = spec.type();
    int any = out.startByteCount();
    out.writeInt(NEW_CLASS_TAG).writeCString(type.leafClass());
    int specific = out.startVersioned(1);
    int leaf = out.startVersioned(2);
    writeNamed(out, spec.name(), spec.leafTitle(), 0);
    out.writeInt(1) // fLen
        .writeInt(type.size()) // fLenType
        .writeInt(0) // fOffset
        .writeBoolean(isCounter) // fIsRange
        .writeBoolean(type.unsigned())
        .writeInt(leafCountRef); // fLeafCount: 0 is null
    out.endByteCount(leaf);
    // fMinimum, fMaximum in the leaf's own type; ROOT leaves them 0 for plain branches
    long[] minMax = {0, isCounter ? maximum : 0};
    for (long v : minMax) {
      switch (type.size()) {
        case 1 -> out.writeByte((int) v);
        case 2 -> out.writeShort((int) v);
        case 4 -> out.writeInt((int) v);
        default -> out.writeLong(v);
      }
    }
    out.endByteCount(specific);
    out.endByteCount(any);
  }

  private static void writeNamed(RootWriteBuffer out, String name, String title, int extraBits) {
    int named = out.startVersioned(1);
    out.writeShort(1).writeInt(0).writeInt(FileLayout.OBJECT_BITS | extraBits); // TObject
    out.writeString(name).writeString(title);
    out.endByteCount(named);
  }

  private static void writeAttFill(RootWriteBuffer out) {
    int att = out.startVersioned(2); // TAttFill: color 0, style 1001
    out.writeShort(0).writeShort(1001);
    out.endByteCount(att);
  }

  /**
   * TObjArray header (version 3, unnamed, lower bound 0); returns the offset for the byte count.
   */
  private static int startObjArray(RootWriteBuffer out, int size, int extraBits) {
    int at = out.startVersioned(3);
    out.writeShort(1).writeInt(0).writeInt(FileLayout.OBJECT_BITS | extraBits); // TObject
    out.writeString("").writeInt(size).writeInt(0);
    return at;
  }
}
