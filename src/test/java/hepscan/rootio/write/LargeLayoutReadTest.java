package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.RootFile;
import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.file.KeyHeader;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.RootTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on layouts the real test files do not have. The large-file layout (64-bit seek
 * pointers everywhere: header, directory, keys), as ROOT writes files beyond 2 GB; the writer can
 * force it on a small file (package-private switch, hence this test's package).
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

  /** A 24 MB basket is compressed as several blocks (one block holds at most 16 MiB). */
  @Test
  void readsBasketsOfSeveralCompressedBlocks(@TempDir Path dir) throws Exception {
    int n = 3_000_000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sqrt(i);
    }
    for (CompressionSetting c :
        List.of(
            CompressionSetting.zlib(1), CompressionSetting.lz4(1), CompressionSetting.zstd(1))) {
      Path file = dir.resolve("multiblock-" + c.algorithm().label() + ".root");
      try (RootFileWriter w = RootFileWriter.create(file, c)) {
        w.createTree("t", "", List.of(new BranchSpec("x", LeafType.DOUBLE)), 8 * n).append(x);
        w.finish();
      }
      try (RootFile f = RootFile.open(file)) {
        var tree = f.tree("t");
        var branch = tree.model().branches().get(0);
        assertEquals(1, branch.writeBasket(), "one basket expected");
        byte[] record = f.readBytes(branch.basketSeek(0), branch.basketBytes(0));
        assertTrue(blocks(record) > 1, "the basket must hold several compressed blocks");
        assertArrayEquals(x, (double[]) tree.read("x").array(), c.toString());
      }
    }
  }

  private static int blocks(byte[] record) {
    int p = KeyHeader.read(RootBuffer.of(record)).keylen();
    int n = 0;
    while (p < record.length) {
      p +=
          9 + ((record[p + 3] & 0xff) | (record[p + 4] & 0xff) << 8 | (record[p + 5] & 0xff) << 16);
      n++;
    }
    return n;
  }
}
