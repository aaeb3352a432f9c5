package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafShape;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.RootTree;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our writer and our reader agree bit for bit: every leaf type, many baskets, every compression,
 * values written in several appends. (JSROOT reading the writer's files is tested in
 * RootFileWriterTest; JSROOT agreeing with the reader in RootcheckReferenceTest.)
 */
class WriteReadRoundTripTest {

  static Stream<CompressionSetting> compressions() {
    return Stream.of(
        CompressionSetting.zlib(1),
        CompressionSetting.zlib(9),
        CompressionSetting.lzma(4),
        CompressionSetting.lz4(4),
        CompressionSetting.zstd(5),
        CompressionSetting.UNCOMPRESSED);
  }

  @ParameterizedTest
  @MethodSource("compressions")
  void everyTypeSurvivesWritingAndReading(CompressionSetting compression, @TempDir Path dir)
      throws Exception {
    int n = 20_000;
    SplittableRandom rng = new SplittableRandom(compression.rootCode());
    boolean[] o = new boolean[n];
    byte[] b = new byte[n];
    short[] s = new short[n];
    int[] i = new int[n];
    long[] l = new long[n];
    float[] f = new float[n];
    double[] d = new double[n];
    for (int k = 0; k < n; k++) {
      o[k] = rng.nextBoolean();
      b[k] = (byte) rng.nextInt();
      s[k] = (short) rng.nextInt();
      i[k] = rng.nextInt();
      l[k] = rng.nextLong();
      f[k] = (float) rng.nextGaussian();
      d[k] = k % 1000 == 7 ? Double.NaN : rng.nextGaussian() * 1e6;
    }
    List<BranchSpec> specs =
        List.of(
            new BranchSpec("o", LeafType.BOOL),
            new BranchSpec("b", LeafType.CHAR),
            new BranchSpec("ub", LeafType.UCHAR),
            new BranchSpec("s", LeafType.SHORT),
            new BranchSpec("us", LeafType.USHORT),
            new BranchSpec("i", LeafType.INT),
            new BranchSpec("ui", LeafType.UINT),
            new BranchSpec("l", LeafType.LONG),
            new BranchSpec("ul", LeafType.ULONG),
            new BranchSpec("f", LeafType.FLOAT),
            new BranchSpec("d", LeafType.DOUBLE));
    Path file = dir.resolve("roundtrip.root");
    try (RootFileWriter w = RootFileWriter.create(file, compression)) {
      TreeWriter t = w.createTree("events", "round trip", specs, 4000);
      int half = n / 3;
      t.append(
          head(o, half),
          head(b, half),
          head(b, half),
          head(s, half),
          head(s, half),
          head(i, half),
          head(i, half),
          head(l, half),
          head(l, half),
          head(f, half),
          head(d, half));
      t.append(
          tail(o, half),
          tail(b, half),
          tail(b, half),
          tail(s, half),
          tail(s, half),
          tail(i, half),
          tail(i, half),
          tail(l, half),
          tail(l, half),
          tail(f, half),
          tail(d, half));
      assertEquals(n, t.entries());
      w.finish();
    }

    try (RootFile root = RootFile.open(file)) {
      assertEquals(List.of("events"), root.treePaths());
      RootTree tree = root.tree("events");
      assertEquals(n, tree.entries());
      List<String> names = new ArrayList<>();
      specs.forEach(spec -> names.add(spec.name()));
      Map<String, Column> cols = tree.read(names);
      for (BranchSpec spec : specs) {
        Column c = cols.get(spec.name());
        assertEquals(spec.type(), c.leaf().type(), spec.name());
        assertEquals(LeafShape.SCALAR, c.leaf().shape(), spec.name());
        assertEquals(n, c.size(), spec.name());
      }
      assertArrayEquals(o, (boolean[]) cols.get("o").array());
      assertArrayEquals(b, (byte[]) cols.get("b").array());
      assertArrayEquals(b, (byte[]) cols.get("ub").array());
      assertEquals(Byte.toUnsignedInt(b[5]), cols.get("ub").getLong(5));
      assertArrayEquals(s, (short[]) cols.get("s").array());
      assertEquals(Short.toUnsignedInt(s[9]), cols.get("us").getLong(9));
      assertArrayEquals(i, (int[]) cols.get("i").array());
      assertEquals(Integer.toUnsignedLong(i[3]), cols.get("ui").getLong(3));
      assertArrayEquals(l, (long[]) cols.get("l").array());
      assertArrayEquals(l, (long[]) cols.get("ul").array());
      assertArrayEquals(f, (float[]) cols.get("f").array());
      assertArrayEquals(d, (double[]) cols.get("d").array());
      // an entry range crossing basket boundaries
      Column range = tree.read("d", 3_999, 12_001);
      assertEquals(8_002, range.size());
      for (int k = 0; k < range.size(); k++) {
        assertEquals(
            Double.doubleToRawLongBits(d[3_999 + k]),
            Double.doubleToRawLongBits(range.getDouble(k)));
      }
      assertTrue(Double.isNaN(cols.get("d").getDouble(7)));
    }
  }

  private static Object head(Object a, int n) {
    return slice(a, 0, n);
  }

  private static Object tail(Object a, int from) {
    return slice(a, from, java.lang.reflect.Array.getLength(a));
  }

  private static Object slice(Object a, int from, int to) {
    Object out = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), to - from);
    System.arraycopy(a, from, out, 0, to - from);
    return out;
  }
}
