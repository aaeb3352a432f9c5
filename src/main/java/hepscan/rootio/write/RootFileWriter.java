package hepscan.rootio.write;

import hepscan.rootio.RootIOException;
import hepscan.rootio.compress.CompressionSetting;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;

/**
 * CONTRACT STUB (to be implemented by the ROOT writer work): writes a ROOT file with one or more
 * TTrees of flat numeric branches. Data goes to a temporary file beside the target; {@link
 * #finish()} writes streamer infos, key list, free segments and header, then renames it to the
 * target. {@link #close()} without {@code finish()} deletes the temporary file: a crash never
 * leaves a half-written file under the final name. Signatures here are relied upon elsewhere; keep them.
 *
 * <pre>{@code
 * try (RootFileWriter w = RootFileWriter.create(path, CompressionSetting.zlib(1))) {
 *   TreeWriter t = w.createTree("tree", "scores", List.of(new BranchSpec("x", LeafType.DOUBLE)));
 *   t.append(new double[] {1, 2, 3});      // one array per branch, same length, any number of calls
 *   w.finish();
 * }
 * }</pre>
 */
public final class RootFileWriter implements Closeable {
  private RootFileWriter() {}

  public static RootFileWriter create(Path target, CompressionSetting compression) throws RootIOException {
    throw new UnsupportedOperationException("ROOT writer not implemented yet");
  }

  public TreeWriter createTree(String name, String title, List<BranchSpec> branches) throws RootIOException {
    throw new UnsupportedOperationException();
  }

  /** Completes every tree and the file, then renames it to the target path. */
  public void finish() throws RootIOException {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
