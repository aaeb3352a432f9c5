package hepscan.data;

import hepscan.data.expr.VariableRef;
import hepscan.rootio.RootFile;
import hepscan.rootio.RootIOException;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafInfo;
import hepscan.rootio.tree.LeafShape;
import hepscan.rootio.tree.RootTree;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the branches expressions need from a ROOT file with the project's reader. A plain name must
 * be a scalar leaf; {@code x[k]} takes element k of a fixed or jagged array leaf, {@code
 * std::vector} included (NaN where the entry has fewer values); a name inside an array function
 * ({@code Sum$(x)}) takes every element of each entry.
 */
public final class RootSampleReader implements EventSource {

  /**
   * The entries of {@code treePath} in {@code file} (its header and tree metadata only, no data),
   * or -1 when the file or tree cannot be read: the preparation says why.
   */
  public static long entries(Path file, String treePath) {
    try (RootFile f = RootFile.open(file)) {
      return f.tree(treePath).entries();
    } catch (RootIOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Entries a {@link #ranges} read holds: 131,072 (with 20 float inputs about 10 MB of columns, and
   * the preparation's per-event arrays beside them: tens of MB). A multiple of the blocks that
   * {@code --output} predicts and writes, so that those stay the same.
   */
  static final int RANGE_ENTRIES = 1 << 17;

  private final int rangeEntries;

  public RootSampleReader() {
    this(RANGE_ENTRIES);
  }

  /** Reads {@code rangeEntries} entries at a time through {@link #ranges}. */
  RootSampleReader(int rangeEntries) {
    if (rangeEntries < 1) {
      throw new IllegalArgumentException("entries per range: " + rangeEntries + ", expected >= 1");
    }
    this.rangeEntries = rangeEntries;
  }

  @Override
  public long entryCount(Path file, String treePath) {
    return entries(file, treePath);
  }

  @Override
  public FileColumns read(Path file, String treePath, Set<VariableRef> variables)
      throws DataException {
    try (TreeRanges r = open(file, treePath, variables, Integer.MAX_VALUE)) {
      if (r.tree.entries() > Integer.MAX_VALUE) {
        throw new DataException(
            file
                + ": tree '"
                + treePath
                + "' has "
                + r.tree.entries()
                + " entries, more than one file may hold here ("
                + Integer.MAX_VALUE
                + "); split the file");
      }
      return r.next();
    }
  }

  @Override
  public Ranges ranges(Path file, String treePath, Set<VariableRef> variables)
      throws DataException {
    return open(file, treePath, variables, rangeEntries);
  }

  /** The tree opened, its variables checked, to be read {@code entriesPerRange} at a time. */
  private static TreeRanges open(
      Path file, String treePath, Set<VariableRef> variables, int entriesPerRange)
      throws DataException {
    RootFile f;
    try {
      f = RootFile.open(file);
    } catch (RootIOException e) {
      throw error(file, e);
    }
    try {
      RootTree tree = f.tree(treePath);
      Set<String> leaves = new LinkedHashSet<>();
      for (VariableRef v : variables) {
        LeafInfo info = tree.leaf(v.branch());
        check(file, treePath, v, info);
        leaves.add(v.branch());
      }
      return new TreeRanges(file, f, tree, variables, leaves, entriesPerRange);
    } catch (RootIOException e) {
      f.close();
      throw error(file, e);
    } catch (DataException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  private static DataException error(Path file, RootIOException e) {
    return new DataException(
        e.getMessage().startsWith(file.toString()) ? e.getMessage() : file + ": " + e.getMessage(),
        e);
  }

  /** An open file's tree, read a range of entries at a time. */
  private static final class TreeRanges implements Ranges {
    private final Path file;
    private final RootFile root;
    private final RootTree tree;
    private final Set<VariableRef> variables;
    private final Set<String> leaves;
    private final int entriesPerRange;
    private long next;
    private boolean started;

    /** The last range's columns: the next range of as many entries is read into their arrays. */
    private Map<String, Column> last = Map.of();

    TreeRanges(
        Path file,
        RootFile root,
        RootTree tree,
        Set<VariableRef> variables,
        Set<String> leaves,
        int entriesPerRange) {
      this.file = file;
      this.root = root;
      this.tree = tree;
      this.variables = variables;
      this.leaves = leaves;
      this.entriesPerRange = entriesPerRange;
    }

    @Override
    public FileColumns next() throws DataException {
      long end = Math.min(tree.entries(), next + entriesPerRange);
      if (started && next == end) {
        return null;
      }
      try {
        Map<String, Column> read = tree.read(leaves, next, end, last);
        last = read;
        Map<VariableRef, Column> out = new HashMap<>();
        for (VariableRef v : variables) {
          out.put(v, read.get(v.branch()));
        }
        FileColumns columns = FileColumns.ofLeaves((int) (end - next), out);
        next = end;
        started = true;
        return columns;
      } catch (RootIOException e) {
        throw error(file, e);
      }
    }

    @Override
    public void close() {
      root.close();
    }
  }

  @Override
  public java.util.List<String> problems(Path file, String treePath, Set<VariableRef> variables) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    try (RootFile f = RootFile.open(file)) {
      RootTree tree = f.tree(treePath);
      for (VariableRef v : variables) {
        try {
          check(file, treePath, v, tree.leaf(v.branch()));
        } catch (RootIOException | DataException e) {
          String m = e.getMessage();
          problems.add(m.startsWith(file.toString()) ? m : file + ": " + m);
        }
      }
    } catch (RootIOException e) {
      String m = e.getMessage();
      problems.add(m.startsWith(file.toString()) ? m : file + ": " + m);
    }
    return problems;
  }

  private static void check(Path file, String tree, VariableRef v, LeafInfo info)
      throws DataException {
    String where = file + ": tree '" + tree + "': branch '" + v.branch() + "' ";
    if (info.shape() == LeafShape.STRING) {
      throw new DataException(where + "holds strings; expressions need numbers");
    }
    if (info.shape() == LeafShape.NESTED) {
      throw new DataException(
          where
              + "holds vectors of vectors, which expressions cannot use; write the values as a"
              + " flat branch such as std::vector<float> or x[n]/F");
    }
    if (v.index() == -1 && info.shape() != LeafShape.SCALAR) {
      throw new DataException(
          where
              + "holds "
              + info.shape().name().toLowerCase(java.util.Locale.ROOT)
              + " arrays; use an element such as "
              + v.branch()
              + "[0] (Alt$("
              + v.branch()
              + "[0], -1) for a default where it is missing), or an array function such as"
              + " Length$("
              + v.branch()
              + "), Sum$, Min$, Max$, MinIf$, MaxIf$");
    }
    if (v.index() >= 0 && info.shape() == LeafShape.SCALAR) {
      throw new DataException(
          where + "is a scalar; write " + v.branch() + " without [" + v.index() + "]");
    }
    if (v.index() >= 0 && info.shape() == LeafShape.FIXED && v.index() >= info.fixedLength()) {
      throw new DataException(
          where
              + "has "
              + info.fixedLength()
              + " values per entry; index "
              + v.index()
              + " is out of range");
    }
  }
}
