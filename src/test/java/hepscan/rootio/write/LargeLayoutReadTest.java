package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.RootFile;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.RootTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on the large-file layout (64-bit seek pointers everywhere: header, directory, keys),
 * as ROOT writes files beyond 2 GB; the writer can force it on a small file (package-private
 * switch, hence this test's package).
 */
class LargeLayoutReadTest {

  @Test
  void readsSixtyFourBitSeeks(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big-layout.root");
    int n = 100_000;
    double[] x = new double[n];
    long[] id = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = i * 0.25;
      id[i] = (long) i << 33;
    }
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1), true)) {
      TreeWriter t =
          w.createTree(
              "t",
              "",
              List.of(new BranchSpec("x", LeafType.DOUBLE), new BranchSpec("id", LeafType.LONG)));
      t.append(x, id);
      w.finish();
    }
    try (RootFile f = RootFile.open(file)) {
      assertTrue(f.header().largeFile());
      assertTrue(f.keys().get(0).header().version() > 1000, "keys must use 64-bit seeks");
      RootTree t = f.tree("t");
      assertEquals(n, t.entries());
      assertArrayEquals(x, (double[]) t.read("x").array());
      assertArrayEquals(id, (long[]) t.read("id").array());
    }
  }
}
