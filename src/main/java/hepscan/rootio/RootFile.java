package hepscan.rootio;

import hepscan.rootio.tree.RootTree;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;

/**
 * CONTRACT STUB (to be implemented by the ROOT reader work): opens a ROOT file for reading.
 * Signatures here are relied upon by hepscan.data; keep them.
 */
public final class RootFile implements Closeable {
  private RootFile() {}

  /** Opens and validates the header, key list and streamer infos; fails with a one-line message. */
  public static RootFile open(Path path) throws RootIOException {
    throw new UnsupportedOperationException("ROOT reader not implemented yet");
  }

  public Path path() {
    throw new UnsupportedOperationException();
  }

  /** Paths ("name" or "dir/sub/name") of every TTree in the file, subdirectories included, highest cycles. */
  public List<String> treePaths() {
    throw new UnsupportedOperationException();
  }

  /** The TTree at {@code path} ("name", "dir/name", optionally ";cycle"); the highest cycle unless one is given. */
  public RootTree tree(String path) throws RootIOException {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
