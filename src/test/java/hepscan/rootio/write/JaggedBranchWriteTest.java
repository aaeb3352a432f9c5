package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hepscan.rootio.RootFile;
import hepscan.rootio.RootIOException;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafShape;
import hepscan.rootio.tree.LeafType;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counter-based array branches ({@code x[n]/F}) written by {@link RootFileWriter}: read back by
 * CERN's JSROOT through rootcheck (title, jagged shape, counter, per-entry lengths and the values'
 * count, sum, min, max and first five, against what was written) and by hepscan's own reader
 * (offsets and values exactly).
 */
class JaggedBranchWriteTest {
  @TempDir Path dir;

  /** Lengths 0..7, with one entry longer than a whole basket. */
  private static int[] lengths(int n, long seed, int longEntry, int longLength) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = r.nextInt(8);
    }
    lengths[longEntry] = longLength;
    return lengths;
  }

  private static int sum(int[] a) {
    int s = 0;
    for (int v : a) {
      s += v;
    }
    return s;
  }

  @Test
  void everyTypeAsAnArrayOverACounter() throws Exception {
    RootCheck.assumeAvailable();
    Path file = dir.resolve("jagged.root");
    int n = 6_000;
    int basketSize = 4000;
    int[] lengths = lengths(n, 11, 4321, 1200); // 1200 doubles: 9600 bytes, over two baskets' worth
    int total = sum(lengths);
    List<BranchSpec> specs = new ArrayList<>();
    Map<String, Object> written = new HashMap<>();
    specs.add(new BranchSpec("n", LeafType.INT));
    written.put("n", lengths);
    specs.add(new BranchSpec("x", LeafType.FLOAT)); // a scalar between the arrays
    written.put("x", RootFileWriterTest.column(LeafType.FLOAT, n, 99));
    for (LeafType type : LeafType.values()) {
      String name = "a_" + type.rootTypeName();
      specs.add(BranchSpec.jagged(name, type, "n"));
      written.put(name, RootFileWriterTest.column(type, total, 100 + type.ordinal()));
    }
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t = w.createTree("events", "arrays", specs, basketSize);
      // uneven appends, so that baskets close inside an append and appends inside a basket
      int value = 0;
      for (int from = 0; from < n; ) {
        int to = Math.min(n, from + 1 + from % 1777);
        int values = 0;
        for (int e = from; e < to; e++) {
          values += lengths[e];
        }
        List<Object> cols = new ArrayList<>();
        for (BranchSpec s : specs) {
          Object all = written.get(s.name());
          cols.add(s.isJagged() ? slice(all, value, value + values) : slice(all, from, to));
        }
        t.append(cols.toArray());
        value += values;
        from = to;
      }
      w.finish();
    }

    JsonNode json = RootCheck.read(file);
    assertTrue(json.get("messages").isEmpty(), json.get("messages").toString());
    JsonNode tree = json.get("trees").get(0);
    assertEquals(n, tree.get("entries").asLong());
    Map<String, JsonNode> branches = new HashMap<>();
    tree.get("branches").forEach(b -> branches.put(b.get("name").asText(), b));
    for (BranchSpec s : specs) {
      JsonNode b = branches.get(s.name());
      JsonNode leaf = b.get("leaves").get(0);
      assertEquals(n, b.get("entries").asLong(), s.name());
      ExpectedStats.check(s.name(), s.type(), written.get(s.name()), b.get("stats"));
      if (s.isJagged()) {
        assertEquals(s.name() + "[n]/" + s.type().code(), b.get("title").asText());
        assertEquals("jagged", leaf.get("shape").asText(), s.name());
        assertEquals("n", leaf.get("countLeaf").asText(), s.name());
        assertTrue(b.get("baskets").asInt() > 1, s.name() + " baskets");
        JsonNode counts = b.at("/stats/entryCounts");
        assertEquals(total, counts.get("sum").asLong(), s.name() + " entry counts");
        assertEquals(0, counts.get("min").asInt());
        assertEquals(1200, counts.get("max").asInt());
        for (int i = 0; i < 5; i++) {
          assertEquals(lengths[i], counts.get("first").get(i).asInt(), s.name());
        }
      } else {
        assertEquals("scalar", leaf.get("shape").asText(), s.name());
      }
    }

    try (RootFile f = RootFile.open(file)) {
      var t = f.tree("events");
      for (BranchSpec s : specs) {
        Column c = t.read(s.name());
        assertEquals(s.isJagged() ? LeafShape.JAGGED : LeafShape.SCALAR, c.leaf().shape());
        assertArrayEquals(
            bits(written.get(s.name())), bits(c.array()), s.name() + ": values read back");
        if (s.isJagged()) {
          int[] offsets = c.offsets();
          for (int e = 0; e < n; e++) {
            assertEquals(lengths[e], offsets[e + 1] - offsets[e], s.name() + " entry " + e);
          }
          // a range starting inside a basket, across the long entry
          Column part = t.read(s.name(), 4000, 4500);
          assertEquals(sumOf(lengths, 4000, 4500), part.size(), s.name() + " range");
        }
      }
    }
  }

  @Test
  void emptyArraysEverywhereAndNoEntries() throws Exception {
    RootCheck.assumeAvailable();
    Path file = dir.resolve("empty-arrays.root");
    try (RootFileWriter w = RootFileWriter.create(file)) {
      TreeWriter t = w.createTree("t", "", counted("n", "v", LeafType.DOUBLE));
      t.append(new int[] {0, 0, 0}, new double[0]);
      TreeWriter none = w.createTree("none", "", counted("k", "w", LeafType.FLOAT));
      assertEquals(0, none.entries());
      w.finish();
    }
    JsonNode json = RootCheck.read(file);
    assertTrue(json.get("messages").isEmpty(), json.get("messages").toString());
    try (RootFile f = RootFile.open(file)) {
      Column v = f.tree("t").read("v");
      assertArrayEquals(new int[] {0, 0, 0, 0}, v.offsets());
      assertEquals(0, f.tree("none").entries());
    }
  }

  @Test
  void refusesACounterThatIsNotAnEarlierIntBranch() throws Exception {
    Path file = dir.resolve("bad.root");
    try (RootFileWriter w = RootFileWriter.create(file)) {
      assertRefused(
          w,
          List.of(BranchSpec.jagged("v", LeafType.FLOAT, "n"), new BranchSpec("n", LeafType.INT)),
          "'v' counts its elements with 'n', which is not a branch listed before it");
      assertRefused(
          w,
          List.of(new BranchSpec("n", LeafType.LONG), BranchSpec.jagged("v", LeafType.FLOAT, "n")),
          "'v' counts its elements with 'n', which must be a scalar Int_t branch, not Long64_t");
    }
    assertFalse(Files.exists(file));
  }

  @Test
  void refusesValuesThatDoNotMatchTheLengthsAndAddsNothing() throws Exception {
    Path file = dir.resolve("mismatch.root");
    try (RootFileWriter w = RootFileWriter.create(file)) {
      TreeWriter t = w.createTree("t", "", counted("n", "v", LeafType.FLOAT));
      RootIOException wrongSum =
          assertThrows(RootIOException.class, () -> t.append(new int[] {2, 1}, new float[] {1, 2}));
      assertTrue(
          wrongSum
              .getMessage()
              .contains("branch 'v': 2 values, but the lengths in 'n' add up to 3"),
          wrongSum.getMessage());
      RootIOException negative =
          assertThrows(RootIOException.class, () -> t.append(new int[] {2, -1}, new float[] {1}));
      assertTrue(
          negative.getMessage().contains("entry 1 has length -1; a counter cannot be negative"),
          negative.getMessage());
      assertEquals(0, t.entries());
      t.append(new int[] {2, 1}, new float[] {1, 2, 3});
      w.finish();
    }
    try (RootFile f = RootFile.open(file)) {
      Column v = f.tree("t").read("v");
      assertArrayEquals(new int[] {0, 2, 3}, v.offsets());
      assertArrayEquals(new float[] {1, 2, 3}, (float[]) v.array());
    }
  }

  private static void assertRefused(RootFileWriter w, List<BranchSpec> branches, String reason) {
    RootIOException e = assertThrows(RootIOException.class, () -> w.createTree("t", "", branches));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  /** A counter branch and one array of {@code type} over it. */
  private static List<BranchSpec> counted(String counter, String array, LeafType type) {
    return List.of(new BranchSpec(counter, LeafType.INT), BranchSpec.jagged(array, type, counter));
  }

  private static int sumOf(int[] a, int from, int to) {
    int s = 0;
    for (int i = from; i < to; i++) {
      s += a[i];
    }
    return s;
  }

  private static Object slice(Object array, int from, int to) {
    Object part = Array.newInstance(array.getClass().getComponentType(), to - from);
    System.arraycopy(array, from, part, 0, to - from);
    return part;
  }

  /** The values' bits as longs, so NaNs and signed zeros compare exactly, whatever the type. */
  private static long[] bits(Object array) {
    int n = Array.getLength(array);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      Object v = Array.get(array, i);
      if (v instanceof Float f) {
        out[i] = Float.floatToRawIntBits(f);
      } else if (v instanceof Double d) {
        out[i] = Double.doubleToRawLongBits(d);
      } else if (v instanceof Boolean b) {
        out[i] = b ? 1 : 0;
      } else {
        out[i] = ((Number) v).longValue();
      }
    }
    return out;
  }
}
