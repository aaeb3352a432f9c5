package hepscan.rootio.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import hepscan.rootio.RootFile;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree read range after range into the previous range's arrays: the same values as fresh reads,
 * in the same arrays while the ranges have as many entries, in new ones when they do not.
 */
class RangeReuseTest {
  @TempDir Path dir;

  @Test
  void rangesReadIntoThePreviousArraysGiveTheValuesOfFreshReads() throws Exception {
    int n = 10_000;
    float[] f = new float[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      f[i] = i * 0.5f;
      d[i] = -i * 0.25;
    }
    Path file = dir.resolve("t.root");
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t =
          w.createTree(
              "tree",
              "t",
              List.of(new BranchSpec("f", LeafType.FLOAT), new BranchSpec("d", LeafType.DOUBLE)));
      t.append(f, d);
      w.finish();
    }
    List<String> names = List.of("f", "d");
    try (RootFile root = RootFile.open(file)) {
      RootTree tree = root.tree("tree");
      Map<String, Column> previous = Map.of();
      int range = 997;
      for (int start = 0; start < n; start += range) {
        int end = Math.min(n, start + range);
        Map<String, Column> fresh = tree.read(names, start, end);
        Map<String, Column> reused = tree.read(names, start, end, previous);
        for (String name : names) {
          assertArrayEquals(
              fresh.get(name).toDoubleArray(),
              reused.get(name).toDoubleArray(),
              name + " " + start);
          if (start > 0 && end - start == range) {
            assertSame(previous.get(name).array(), reused.get(name).array(), name + " reused");
          } else if (start > 0) {
            assertNotSame(previous.get(name).array(), reused.get(name).array(), name + " shorter");
          }
        }
        previous = reused;
      }
    }
  }
}
