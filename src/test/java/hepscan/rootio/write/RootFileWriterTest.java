package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files written by {@link RootFileWriter}, read back by CERN's JSROOT through rootcheck: keys,
 * entries, branch names and types, basket counts and compression, and per branch count, sum, min,
 * max and first values equal to those computed here from the arrays written.
 */
class RootFileWriterTest {
  @TempDir Path dir;

  @BeforeEach // per test, so that each shows as skipped with the reason
  void needsJsroot() {
    RootCheck.assumeAvailable();
  }

  /**
   * Random values of every type over its whole range (Long64_t avoids JSROOT's large-negative bug).
   */
  static Object column(LeafType type, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return switch (type) {
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt(3) == 0;
        yield a;
      }
      case CHAR, UCHAR -> {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) a[i] = (byte) r.nextInt(256);
        yield a;
      }
      case SHORT, USHORT -> {
        short[] a = new short[n];
        for (int i = 0; i < n; i++) a[i] = (short) r.nextInt(65536);
        yield a;
      }
      case INT, UINT -> {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt();
        yield a;
      }
      case LONG -> {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = r.nextLong(-(1L << 31), 1L << 52);
        yield a;
      }
      case ULONG -> {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = r.nextLong(0, 1L << 53);
        yield a;
      }
      case FLOAT -> {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian(10, 3);
        yield a;
      }
      case DOUBLE -> {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian() * 1e3;
        yield a;
      }
    };
  }

  /** Rounded values: compressible, so the baskets really are compressed. */
  static double[] compressible(int n) {
    double[] a = new double[n];
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < n; i++) a[i] = Math.round(r.nextGaussian() * 100) / 4.0;
    return a;
  }

  private static Map<String, JsonNode> branchesByName(JsonNode tree) {
    Map<String, JsonNode> m = new HashMap<>();
    tree.get("branches").forEach(b -> m.put(b.get("name").asText(), b));
    return m;
  }

  private static JsonNode tree(JsonNode json, String name) {
    for (JsonNode t : json.get("trees")) {
      if (t.get("name").asText().equals(name)) return t;
    }
    throw new AssertionError("JSROOT found no tree " + name + " in " + json.get("keys"));
  }

  @Test
  void everyTypeInManyBaskets() throws Exception {
    Path file = dir.resolve("types.root");
    int n = 20_000;
    List<BranchSpec> specs = new ArrayList<>();
    Map<String, Object> written = new HashMap<>();
    for (LeafType type : LeafType.values()) {
      String name = "b_" + type.rootTypeName();
      specs.add(new BranchSpec(name, type));
      written.put(name, column(type, n, type.ordinal()));
    }
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t = w.createTree("events", "every leaf type", specs, 4000);
      // uneven chunks, so that appends straddle basket boundaries
      for (int from = 0; from < n; ) {
        int to = Math.min(n, from + 1 + from % 3777);
        List<Object> cols = new ArrayList<>();
        for (BranchSpec s : specs) cols.add(slice(written.get(s.name()), from, to));
        t.append(cols.toArray());
        from = to;
      }
      assertEquals(n, t.entries());
      w.finish();
    }

    JsonNode json = RootCheck.read(file);
    assertEquals(false, json.get("largeFile").asBoolean());
    assertEquals(0, json.get("trailingBytes").asInt());
    assertEquals("zlib", json.at("/compression/algorithm").asText());
    assertEquals(1, json.at("/compression/level").asInt());
    JsonNode tree = tree(json, "events");
    assertEquals("every leaf type", tree.get("title").asText());
    assertEquals(n, tree.get("entries").asLong());
    Map<String, JsonNode> branches = branchesByName(tree);
    assertEquals(specs.size(), branches.size());
    for (BranchSpec s : specs) {
      JsonNode b = branches.get(s.name());
      assertEquals(s.name() + "/" + s.type().code(), b.get("title").asText());
      assertEquals("TBranch", b.get("class").asText());
      assertEquals(n, b.get("entries").asLong());
      JsonNode leaf = b.get("leaves").get(0);
      assertEquals(s.type().leafClass(), leaf.get("leafClass").asText());
      assertEquals(s.type().rootTypeName(), leaf.get("type").asText(), s.name());
      assertEquals("scalar", leaf.get("shape").asText());
      int expectedBaskets = (n + 4000 / s.type().size() - 1) / (4000 / s.type().size());
      assertEquals(expectedBaskets, b.get("baskets").asInt(), s.name() + " baskets");
      assertTrue(b.get("baskets").asInt() > 1, s.name());
      ExpectedStats.check(s.name(), s.type(), written.get(s.name()), b.get("stats"));
    }
    assertTrue(json.get("messages").isEmpty(), json.get("messages").toString());
  }

  private static Object slice(Object array, int from, int to) {
    Object part =
        java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), to - from);
    System.arraycopy(array, from, part, 0, to - from);
    return part;
  }

  static Stream<CompressionSetting> compressions() {
    return Stream.of(
        CompressionSetting.zlib(1),
        CompressionSetting.zlib(9),
        CompressionSetting.lzma(4),
        CompressionSetting.lz4(1),
        CompressionSetting.lz4(4),
        CompressionSetting.zstd(5),
        CompressionSetting.UNCOMPRESSED);
  }

  @ParameterizedTest
  @MethodSource("compressions")
  void everyCompression(CompressionSetting setting) throws Exception {
    Path file = dir.resolve(setting.algorithm().label() + setting.level() + ".root");
    double[] x = compressible(50_000);
    int[] k = new int[x.length];
    for (int i = 0; i < k.length; i++) k[i] = i % 17;
    try (RootFileWriter w = RootFileWriter.create(file, setting)) {
      TreeWriter t =
          w.createTree(
              "t",
              "",
              List.of(new BranchSpec("x", LeafType.DOUBLE), new BranchSpec("k", LeafType.INT)));
      t.append(x, k);
      w.finish();
    }
    JsonNode json = RootCheck.read(file);
    String label = setting.algorithm().label();
    assertEquals(label, json.at("/compression/algorithm").asText());
    assertEquals(setting.rootCode(), json.at("/compression/setting").asInt());
    JsonNode tree = tree(json, "t");
    assertEquals(List.of(label), textList(tree.get("basketCompression")));
    Map<String, JsonNode> branches = branchesByName(tree);
    assertEquals(label, branches.get("x").get("firstBasketCompression").asText());
    assertTrue(branches.get("x").get("baskets").asInt() > 1);
    ExpectedStats.check("x", LeafType.DOUBLE, x, branches.get("x").get("stats"));
    ExpectedStats.check("k", LeafType.INT, k, branches.get("k").get("stats"));
  }

  private static List<String> textList(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(e -> l.add(e.asText()));
    return l;
  }

  @Test
  void incompressibleBasketsAreStoredRaw() throws Exception {
    Path file = dir.resolve("random.root");
    double[] x = (double[]) column(LeafType.DOUBLE, 10_000, 3);
    byte[] noise = (byte[]) column(LeafType.CHAR, 10_000, 4);
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.lz4(1))) {
      w.createTree("t", "", List.of(new BranchSpec("noise", LeafType.CHAR))).append((Object) noise);
      w.finish();
    }
    JsonNode tree = tree(RootCheck.read(file), "t");
    assertEquals("none", tree.at("/branches/0/firstBasketCompression").asText());
    ExpectedStats.check("noise", LeafType.CHAR, noise, tree.at("/branches/0/stats"));
    assertEquals(10_000, x.length);
  }

  @Test
  void basketsLargerThanOneCompressionBlock() throws Exception {
    // 20 MB baskets: zlib splits them into blocks of at most 0xffffff bytes
    Path file = dir.resolve("blocks.root");
    double[] x = compressible(2_600_000);
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      w.createTree("t", "", List.of(new BranchSpec("x", LeafType.DOUBLE)), 20_000_000)
          .append((Object) x);
      w.finish();
    }
    JsonNode tree = tree(RootCheck.read(file), "t");
    assertEquals(2, tree.at("/branches/0/baskets").asInt());
    assertEquals("zlib", tree.at("/branches/0/firstBasketCompression").asText());
    ExpectedStats.check("x", LeafType.DOUBLE, x, tree.at("/branches/0/stats"));
  }

  @Test
  void twoTreesInOneFile() throws Exception {
    Path file = dir.resolve("two.root");
    double[] a = compressible(9_000);
    float[] b = (float[]) column(LeafType.FLOAT, 123, 5);
    long[] c = (long[]) column(LeafType.LONG, 123, 6);
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zstd(3))) {
      TreeWriter first =
          w.createTree("signal", "sig", List.of(new BranchSpec("a", LeafType.DOUBLE)), 1000);
      TreeWriter second =
          w.createTree(
              "background",
              "bkg",
              List.of(new BranchSpec("b", LeafType.FLOAT), new BranchSpec("c", LeafType.LONG)));
      first.append((Object) Arrays.copyOfRange(a, 0, 4000));
      second.append(b, c);
      first.append((Object) Arrays.copyOfRange(a, 4000, a.length));
      w.finish();
    }
    JsonNode json = RootCheck.read(file);
    List<String> keys = new ArrayList<>();
    json.get("keys").forEach(k -> keys.add(k.get("name").asText() + ":" + k.get("class").asText()));
    assertTrue(keys.containsAll(List.of("signal:TTree", "background:TTree")), keys.toString());
    JsonNode sig = tree(json, "signal");
    assertEquals(a.length, sig.get("entries").asLong());
    assertEquals(72, sig.at("/branches/0/baskets").asInt()); // 125 doubles per 1000-byte basket
    ExpectedStats.check("a", LeafType.DOUBLE, a, sig.at("/branches/0/stats"));
    JsonNode bkg = tree(json, "background");
    assertEquals(123, bkg.get("entries").asLong());
    ExpectedStats.check("b", LeafType.FLOAT, b, branchesByName(bkg).get("b").get("stats"));
    ExpectedStats.check("c", LeafType.LONG, c, branchesByName(bkg).get("c").get("stats"));
  }

  @Test
  void emptyTree() throws Exception {
    Path file = dir.resolve("empty.root");
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t =
          w.createTree(
              "nothing",
              "",
              List.of(new BranchSpec("x", LeafType.DOUBLE), new BranchSpec("n", LeafType.INT)));
      t.append(new double[0], new int[0]);
      w.finish();
    }
    JsonNode tree = tree(RootCheck.read(file), "nothing");
    assertEquals(0, tree.get("entries").asLong());
    assertEquals(2, tree.get("branches").size());
    assertEquals(0, tree.at("/branches/0/baskets").asInt());
    assertEquals("Int_t", tree.at("/branches/1/leaves/0/type").asText());
  }

  @Test
  void nanAndInfinities() throws Exception {
    Path file = dir.resolve("special.root");
    double[] d = {
      1, Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN
    };
    float[] f = {
      Float.NEGATIVE_INFINITY, Float.NaN, 2.5f, Float.MIN_VALUE, -Float.MAX_VALUE, 0f, 1f
    };
    double[] finite = {-1e300, 1e300, 1e-300, 3, Double.MIN_NORMAL, -7, 0.1};
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(6))) {
      w.createTree(
              "t",
              "",
              List.of(
                  new BranchSpec("d", LeafType.DOUBLE),
                  new BranchSpec("f", LeafType.FLOAT),
                  new BranchSpec("finite", LeafType.DOUBLE)))
          .append(d, f, finite);
      w.finish();
    }
    Map<String, JsonNode> b = branchesByName(tree(RootCheck.read(file), "t"));
    ExpectedStats.check("d", LeafType.DOUBLE, d, b.get("d").get("stats"));
    ExpectedStats.check("f", LeafType.FLOAT, f, b.get("f").get("stats"));
    ExpectedStats.check("finite", LeafType.DOUBLE, finite, b.get("finite").get("stats"));
    assertEquals(2, b.get("d").at("/stats/nanCount").asInt());
    assertEquals("Infinity", b.get("d").at("/stats/max").asText());
    assertEquals("-Infinity", b.get("f").at("/stats/min").asText());
  }

  @Test
  void forcedLargeFileLayoutUses64BitPointers() throws Exception {
    Path file = dir.resolve("large.root");
    double[] x = compressible(30_000);
    int[] k = (int[]) column(LeafType.INT, 30_000, 9);
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1), true)) {
      w.createTree(
              "t",
              "",
              List.of(new BranchSpec("x", LeafType.DOUBLE), new BranchSpec("k", LeafType.INT)))
          .append(x, k);
      w.createTree("u", "", List.of(new BranchSpec("y", LeafType.DOUBLE))).append((Object) x);
      w.finish();
    }
    byte[] header = Arrays.copyOf(Files.readAllBytes(file), 8);
    assertEquals(
        1_062_400, java.nio.ByteBuffer.wrap(header, 4, 4).getInt(), "file version +1000000");
    JsonNode json = RootCheck.read(file);
    assertTrue(json.get("largeFile").asBoolean());
    assertEquals(0, json.get("trailingBytes").asInt());
    Map<String, JsonNode> b = branchesByName(tree(json, "t"));
    assertTrue(b.get("x").get("baskets").asInt() > 1);
    ExpectedStats.check("x", LeafType.DOUBLE, x, b.get("x").get("stats"));
    ExpectedStats.check("k", LeafType.INT, k, b.get("k").get("stats"));
    ExpectedStats.check("y", LeafType.DOUBLE, x, tree(json, "u").at("/branches/0/stats"));
  }

  @Test
  void longAndNonAsciiNames() throws Exception {
    Path file = dir.resolve("long-names.root");
    String branch = "b".repeat(300);
    String title = "t".repeat(1000);
    int[] v = {1, 2, 3};
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      w.createTree(
              "tree",
              title,
              List.of(new BranchSpec(branch, LeafType.INT), new BranchSpec("é_ü", LeafType.INT)))
          .append(v, v);
      w.finish();
    }
    JsonNode tree = tree(RootCheck.read(file), "tree");
    assertEquals(title, tree.get("title").asText());
    Map<String, JsonNode> b = branchesByName(tree);
    ExpectedStats.check(branch, LeafType.INT, v, b.get(branch).get("stats"));
    // names are stored as UTF-8 bytes (as uproot does); JSROOT turns each byte into one character
    String asJsrootReadsIt =
        new String(
            "é_ü".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    ExpectedStats.check("é_ü", LeafType.INT, v, b.get(asJsrootReadsIt).get("stats"));
  }

  /**
   * Random layouts: trees, branch types, basket sizes that are not multiples of the value size,
   * append chunks that end on and off basket boundaries, and a random compression.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void randomLayouts(long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    List<CompressionSetting> settings = compressions().toList();
    CompressionSetting setting = settings.get(r.nextInt(settings.size()));
    Path file = dir.resolve("random-" + seed + ".root");
    int nTrees = 1 + r.nextInt(3);
    List<Map<String, Object>> written = new ArrayList<>();
    List<List<BranchSpec>> specs = new ArrayList<>();
    try (RootFileWriter w = RootFileWriter.create(file, setting)) {
      List<TreeWriter> trees = new ArrayList<>();
      for (int t = 0; t < nTrees; t++) {
        List<BranchSpec> branches = new ArrayList<>();
        int nBranches = 1 + r.nextInt(5);
        for (int b = 0; b < nBranches; b++) {
          LeafType type = LeafType.values()[r.nextInt(LeafType.values().length)];
          branches.add(new BranchSpec("t" + t + "_b" + b, type));
        }
        specs.add(branches);
        written.add(new HashMap<>());
        trees.add(w.createTree("tree" + t, "seed " + seed, branches, 64 + r.nextInt(3000)));
      }
      for (int t = 0; t < nTrees; t++) {
        int entries = r.nextInt(5000);
        for (BranchSpec b : specs.get(t))
          written.get(t).put(b.name(), column(b.type(), entries, r.nextLong()));
        for (int from = 0; from < entries; ) {
          int to = Math.min(entries, from + r.nextInt(700));
          List<Object> cols = new ArrayList<>();
          for (BranchSpec b : specs.get(t)) cols.add(slice(written.get(t).get(b.name()), from, to));
          trees.get(t).append(cols.toArray());
          from = to;
        }
      }
      w.finish();
    }
    JsonNode json = RootCheck.read(file);
    for (int t = 0; t < nTrees; t++) {
      Map<String, JsonNode> branches = branchesByName(tree(json, "tree" + t));
      for (BranchSpec b : specs.get(t)) {
        Object values = written.get(t).get(b.name());
        assertEquals(
            java.lang.reflect.Array.getLength(values),
            branches.get(b.name()).get("entries").asLong());
        if (java.lang.reflect.Array.getLength(values) > 0) {
          ExpectedStats.check(
              setting + " " + b, b.type(), values, branches.get(b.name()).get("stats"));
        }
      }
    }
  }

  @Test
  void finishReplacesAnExistingFile() throws Exception {
    Path file = dir.resolve("again.root");
    Files.writeString(file, "old");
    try (RootFileWriter w = RootFileWriter.create(file)) {
      w.createTree("t", "", List.of(new BranchSpec("x", LeafType.INT)))
          .append((Object) new int[] {4, 5});
      w.finish();
    }
    JsonNode json = RootCheck.read(file);
    assertEquals(101, json.at("/compression/setting").asInt(), "zlib-1 by default");
    assertEquals(9, tree(json, "t").at("/branches/0/stats/sum").asInt());
  }
}
