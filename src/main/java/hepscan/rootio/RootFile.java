package hepscan.rootio;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import hepscan.rootio.file.FileHeader;
import hepscan.rootio.file.KeyHeader;
import hepscan.rootio.file.RootDirectory;
import hepscan.rootio.file.RootSource;
import hepscan.rootio.file.StreamerInfoList;
import hepscan.rootio.tree.TTree;
import hepscan.rootio.tree.TreeReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ROOT file opened for reading: header, directories and key lists, StreamerInfo, and its TTrees.
 * Opening reads and checks every directory's key list; trees are decoded when asked for.
 */
public final class RootFile implements Closeable {
  private static final List<String> TREE_CLASSES = List.of("TTree", "TNtuple", "TNtupleD");

  private final Path path;
  private final RootSource source;
  private final FileHeader header;
  private final RootDirectory top;
  private final StreamerInfoList streamerInfo;
  private final KeyHeader streamerInfoKey;

  /** A key with its full path ("dir/sub/name"). */
  public record Key(String path, KeyHeader header) {}

  private RootFile(
      Path path,
      RootSource source,
      FileHeader header,
      RootDirectory top,
      KeyHeader streamerInfoKey,
      StreamerInfoList streamerInfo) {
    this.streamerInfoKey = streamerInfoKey;
    this.path = path;
    this.source = source;
    this.header = header;
    this.top = top;
    this.streamerInfo = streamerInfo;
  }

  /** Opens and validates the header, key list and streamer infos; fails with a one-line message. */
  public static RootFile open(Path path) throws RootIOException {
    RootSource source;
    try {
      source = RootSource.open(path);
    } catch (NoSuchFileException e) {
      throw new RootIOException(path + ": no such file");
    } catch (IOException e) {
      throw new RootIOException(path + ": cannot open: " + e.getMessage(), e);
    }
    try {
      FileHeader header = FileHeader.read(source.readUpTo(0, FileHeader.MAX_SIZE), source.size());
      RootDirectory top = RootDirectory.readTop(source, header);
      KeyHeader infoKey = header.seekInfo() == 0 ? null : source.readKey(header.seekInfo());
      StreamerInfoList infos = readStreamerInfo(source, header, infoKey);
      return new RootFile(path, source, header, top, infoKey, infos);
    } catch (RootFormatException e) {
      closeQuietly(source);
      throw new RootIOException(path + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(source);
      throw e;
    }
  }

  private static StreamerInfoList readStreamerInfo(
      RootSource source, FileHeader header, KeyHeader key) {
    if (key == null) {
      return new StreamerInfoList(Map.of());
    }
    if (key.nbytes() != header.nbytesInfo()) {
      throw new RootFormatException(
          "StreamerInfo record at offset "
              + header.seekInfo()
              + " is "
              + key.nbytes()
              + " bytes, the header says "
              + header.nbytesInfo());
    }
    try {
      return StreamerInfoList.read(source.readObject(key));
    } catch (RootFormatException e) {
      throw new RootFormatException(
          "StreamerInfo record at offset " + header.seekInfo() + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(RootSource source) {
    try {
      source.close();
    } catch (IOException ignored) {
      // the open already failed; that error is the one to report
    }
  }

  public Path path() {
    return path;
  }

  public FileHeader header() {
    return header;
  }

  /** Size of the file on disk. */
  public long size() {
    return source.size();
  }

  /** Class name → class version, from the StreamerInfo record. */
  public Map<String, Integer> classVersions() {
    return streamerInfo.classVersions();
  }

  /**
   * The key of the StreamerInfo record (not part of any directory's key list), or null when absent.
   */
  public KeyHeader streamerInfoKey() {
    return streamerInfoKey;
  }

  /** Reads up to {@code length} raw bytes at {@code offset} (fewer at the end of the file). */
  public byte[] readBytes(long offset, int length) throws RootIOException {
    try {
      return source.readUpTo(offset, length);
    } catch (RootFormatException e) {
      throw new RootIOException(path + ": " + e.getMessage(), e);
    }
  }

  /** Every key, subdirectories' keys after their directory's key, in key-list order. */
  public List<Key> keys() {
    List<Key> out = new ArrayList<>();
    addKeys(top, out);
    return out;
  }

  private static void addKeys(RootDirectory dir, List<Key> out) {
    int sub = 0;
    for (KeyHeader k : dir.keys()) {
      String full = dir.path().isEmpty() ? k.name() : dir.path() + "/" + k.name();
      out.add(new Key(full, k));
      if (RootDirectory.isDirectory(k)) {
        addKeys(dir.subdirectories().get(sub++), out);
      }
    }
  }

  /**
   * Paths ("name" or "dir/sub/name") of every TTree in the file, subdirectories included, highest
   * cycles.
   */
  public List<String> treePaths() {
    return List.copyOf(highestTreeCycles().keySet());
  }

  /** Tree path → key of its highest cycle, in the order the names first appear. */
  public Map<String, Key> highestTreeCycles() {
    Map<String, Key> out = new LinkedHashMap<>();
    for (Key k : keys()) {
      if (TREE_CLASSES.contains(k.header().className())) {
        Key prev = out.get(k.path());
        if (prev == null || k.header().cycle() > prev.header().cycle()) {
          out.put(k.path(), k);
        }
      }
    }
    return out;
  }

  /**
   * The TTree at {@code path} ("name", "dir/name", optionally ";cycle"); the highest cycle unless
   * one is given.
   */
  public TreeReader tree(String treePath) throws RootIOException {
    String name = treePath;
    Integer cycle = null;
    int semi = treePath.lastIndexOf(';');
    if (semi >= 0) {
      name = treePath.substring(0, semi);
      try {
        cycle = Integer.parseInt(treePath.substring(semi + 1));
      } catch (NumberFormatException e) {
        throw new RootIOException(path + ": bad cycle in tree path '" + treePath + "'");
      }
    }
    Key key = null;
    for (Key k : keys()) {
      if (k.path().equals(name)
          && TREE_CLASSES.contains(k.header().className())
          && (cycle == null
              ? key == null || k.header().cycle() > key.header().cycle()
              : k.header().cycle() == cycle)) {
        key = k;
      }
    }
    if (key == null) {
      List<String> trees = treePaths();
      throw new RootIOException(
          path
              + ": no TTree '"
              + treePath
              + "' (trees: "
              + (trees.isEmpty() ? "none" : String.join(", ", trees))
              + ")");
    }
    try {
      RootBuffer record = source.readObject(key.header());
      TTree tree = TTree.read(key.header().className(), record);
      return new TreeReader(source, path.toString(), name, tree);
    } catch (RootFormatException e) {
      throw new RootIOException(path + ": tree '" + name + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closeQuietly(source);
  }
}
