package hepscan.rootio.tree;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import hepscan.rootio.file.ObjectStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of a TTree record this reader needs: name, title, class version, entry count and the
 * branches. TTree is decoded by class version (16, ROOT 5.23 and later, to 20, ROOT ≥ 6.14, and 5,
 * ROOT 3 and Geant4's g4tools writer): after TNamed and three attribute bases come the counters
 * (their number grew with the versions), the cluster ranges (v19+), the TIOFeatures (v20) and then
 * the TObjArray of branches.
 */
public record TTree(
    String className,
    String name,
    String title,
    int version,
    long entries,
    List<TBranch> branches) {

  static final int MIN_VERSION = 16;
  static final int MAX_VERSION = 20;

  /**
   * The old layout that ROOT 3 and g4tools (Geant4's ROOT writer) still write: counters as doubles
   * (Stat_t) and 32-bit integers, no fWeight, fMaxEntries, fAutoFlush or cluster ranges.
   */
  static final int OLD_VERSION = 5;

  public TTree {
    branches = List.copyOf(branches);
  }

  /** Every branch, sub-branches after their parent, in the order rootcheck lists them. */
  public List<TBranch> allBranches() {
    List<TBranch> out = new ArrayList<>();
    addAll(branches, out);
    return out;
  }

  private static void addAll(List<TBranch> list, List<TBranch> out) {
    for (TBranch b : list) {
      out.add(b);
      addAll(b.branches(), out);
    }
  }

  /** Reads a TTree (or a TNtuple/TNtupleD, which extend it) from its record. */
  public static TTree read(String className, RootBuffer record) {
    ObjectStream in = new ObjectStream(record);
    if ("TTree".equals(className)) {
      return readTree(in, className);
    }
    ObjectStream.Header outer = in.readHeader(className);
    TTree tree = readTree(in, className);
    in.skipToEnd(outer);
    return tree;
  }

  private static TTree readTree(ObjectStream in, String className) {
    ObjectStream.Header h = in.readHeader("TTree");
    int v = h.version();
    if (v != OLD_VERSION && (v < MIN_VERSION || v > MAX_VERSION)) {
      throw new RootFormatException(
          "TTree class version "
              + v
              + " is not supported (this reader knows "
              + OLD_VERSION
              + ", ROOT 3 and Geant4, and "
              + MIN_VERSION
              + " to "
              + MAX_VERSION
              + ", ROOT 5.23 to 6.3x)");
    }
    ObjectStream.Named named = in.readTNamed("TTree");
    in.skipObject("TAttLine");
    in.skipObject("TAttFill");
    in.skipObject("TAttMarker");
    long entries =
        v == OLD_VERSION
            ? readOldCounters(in.buffer(), named.name())
            : readCounters(in, v, named.name());
    if (entries < 0) {
      throw new RootFormatException("TTree '" + named.name() + "' claims " + entries + " entries");
    }
    List<TBranch> branches =
        BranchStreamer.readBranchArray(in, "TTree '" + named.name() + "' branches");
    // fLeaves, aliases, indices, friends and user info follow; none is needed to read the branches.
    in.skipToEnd(h);
    return new TTree(className, named.name(), named.title(), v, entries, branches);
  }

  /** The counters of TTree v16..20 up to the branches; returns fEntries. */
  private static long readCounters(ObjectStream in, int v, String treeName) {
    RootBuffer b = in.buffer();
    long entries = b.readLong();
    b.skip(3 * 8); // fTotBytes, fZipBytes, fSavedBytes
    if (v >= 18) {
      b.skip(8); // fFlushedBytes
    }
    b.skip(8 + 3 * 4); // fWeight, fTimerInterval, fScanField, fUpdate
    if (v >= 17) {
      b.skip(4); // fDefaultEntryOffsetLen
    }
    int clusterRanges = v >= 19 ? b.readInt() : 0;
    b.skip(4 * 8); // fMaxEntries, fMaxEntryLoop, fMaxVirtualSize, fAutoSave
    if (v >= 18) {
      b.skip(8); // fAutoFlush
    }
    b.skip(8); // fEstimate
    if (v >= 19) {
      if (clusterRanges < 0) {
        throw new RootFormatException(
            "TTree '" + treeName + "': negative cluster range count " + clusterRanges);
      }
      skipLongArray(b, clusterRanges); // fClusterRangeEnd
      skipLongArray(b, clusterRanges); // fClusterSize
    }
    if (v >= 20) {
      in.skipObject("TIOFeatures");
    }
    return entries;
  }

  /**
   * The counters of TTree v5 up to the branches; returns fEntries, stored as a double (Stat_t), so
   * it must be a whole number.
   */
  private static long readOldCounters(RootBuffer b, String treeName) {
    double entries = Double.longBitsToDouble(b.readLong());
    b.skip(3 * 8); // fTotBytes, fZipBytes, fSavedBytes (doubles)
    b.skip(3 * 4); // fTimerInterval, fScanField, fUpdate
    b.skip(3 * 4); // fMaxEntryLoop, fMaxVirtualSize, fAutoSave (32-bit)
    b.skip(4); // fEstimate
    if (!(entries >= 0 && entries <= Long.MAX_VALUE && entries == Math.rint(entries))) {
      throw new RootFormatException("TTree '" + treeName + "' claims " + entries + " entries");
    }
    return (long) entries;
  }

  private static void skipLongArray(RootBuffer b, int n) {
    if (b.readByte() != 0) {
      b.skip(8L * n);
    }
  }
}
