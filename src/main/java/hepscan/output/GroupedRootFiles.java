package hepscan.output;

import hepscan.rootio.RootIOException;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ROOT file per group (tag or sample) in a folder, each with the tree {@code tree}, created
 * when its first events come. Each file is written under a temporary name and takes its own only in
 * {@link #finish}; {@link #close} without it leaves nothing behind.
 */
final class GroupedRootFiles implements AutoCloseable {
  static final String TREE = "tree";

  private final Path dir;
  private final OutputColumns columns;
  private final String title;
  private final Map<String, RootFileWriter> files = new LinkedHashMap<>();
  private final Map<String, TreeWriter> trees = new LinkedHashMap<>();

  GroupedRootFiles(Path dir, OutputColumns columns, String title) {
    this.dir = dir;
    this.columns = columns;
    this.title = title;
  }

  static String fileName(String group) {
    return hepscan.data.ColumnNames.sanitise(group) + ".root";
  }

  void append(String group, Object[] values) throws RootIOException {
    TreeWriter tree = trees.get(group);
    if (tree == null) {
      RootFileWriter file = RootFileWriter.create(dir.resolve(fileName(group)));
      files.put(group, file);
      tree = file.createTree(TREE, title, columns.branches());
      trees.put(group, tree);
    }
    tree.append(values);
  }

  /** Nanoseconds spent compressing baskets, summed over threads; see {@link TreeWriter}. */
  long compressionNanos() {
    return trees.values().stream().mapToLong(TreeWriter::compressionNanos).sum();
  }

  /** Nanoseconds spent writing compressed baskets to the files. */
  long fileWriteNanos() {
    return trees.values().stream().mapToLong(TreeWriter::fileWriteNanos).sum();
  }

  /** Moves every file into place; returns them with their entry counts. */
  Map<Path, Long> finish() throws RootIOException {
    Map<Path, Long> done = new LinkedHashMap<>();
    List<String> groups = new ArrayList<>(files.keySet());
    for (String g : groups) {
      long entries = trees.get(g).entries();
      files.get(g).finish();
      done.put(dir.resolve(fileName(g)), entries);
    }
    return done;
  }

  @Override
  public void close() {
    files.values().forEach(RootFileWriter::close);
  }
}
