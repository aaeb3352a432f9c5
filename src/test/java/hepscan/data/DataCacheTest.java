package hepscan.data;

import static hepscan.data.Fixture.fill;
import static hepscan.data.Fixture.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.Parameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataCacheTest {
  @TempDir Path dir;
  @TempDir Path elsewhere;
  Fixture fx;

  static final String PARAMS =
      """
      ratios: {training: 0.5, evaluation: 0.3, output: 0.2}
      seed: 1
      suffix: t
      cache: true
      samples: samples.yaml
      xsec_json: xsec.json
      event_weight_sum_json: sums.json
      scan: {lr: [0.01]}
      cut: x > -1
      weight: w
      inputs: [x, k@op]
      outputs: [$S, $B]
      other_variables: [x * 2]
      negative_weights: drop
      """;

  @BeforeEach
  void setUp() throws IOException {
    fx = new Fixture(dir);
    fx.write(
        "samples.yaml",
        "samples:\n  sig: {files: [data/sig.root], tag: S, signal: true}\n  bkg: {files: [data/bkg.root], tag: B}\n");
    fx.write("xsec.json", "{\"bkg\": 10}");
    fx.write("sums.json", "{\"bkg\": 20}");
    double[] k = new double[300];
    Arrays.setAll(k, i -> i % 4);
    fx.file("sig", Map.of("w", fill(300, 1), "x", range(300, 0), "k", k));
    fx.file("bkg", Map.of("w", fill(300, 2), "x", range(300, 1000), "k", k));
  }

  Parameters params() throws Exception {
    return fx.params(PARAMS);
  }

  @Test
  void hitGivesIdenticalDataWithoutReading() throws Exception {
    PreparedData first = fx.prepare(params());
    assertEquals(2, fx.reads);
    Path file = DataCache.file(dir, "t", first.dataHash());
    assertTrue(Files.isRegularFile(file), file.toString());
    assertTrue(
        file.toString().endsWith("model/cache/t-" + first.dataHash().substring(0, 16) + ".bin"));

    PreparedData second = fx.prepare(params());
    assertEquals(2, fx.reads, "no file read on a cache hit");
    assertTrue(fx.log().contains("data: from cache"), fx.log());
    assertSame(first, second);
  }

  static void assertSame(PreparedData a, PreparedData b) {
    assertSameTraining(a.forTraining(), b.forTraining());
    assertEquals(a.otherVariableNames(), b.otherVariableNames());
    assertEquals(a.files(), b.files());
    assertSameSplit(a.output(), b.output());
    EventInfo[] ae = {a.trainingEvents(), a.evaluationEvents(), a.outputEvents()};
    EventInfo[] be = {b.trainingEvents(), b.evaluationEvents(), b.outputEvents()};
    for (int s = 0; s < 3; s++) {
      assertArrayEquals(ae[s].file(), be[s].file());
      assertArrayEquals(ae[s].entry(), be[s].entry());
      assertArrayEquals(ae[s].eventWeight(), be[s].eventWeight());
      assertArrayEquals(ae[s].otherVariables(), be[s].otherVariables());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cut|cut: x > -1|cut: x > -2",
        "weight|weight: w|weight: w * 1",
        "inputs|inputs: [x, k@op]|inputs: [k@op, x]",
        "outputs|outputs: [$S, $B]|outputs: [$B, $S]",
        "other_variables|other_variables: [x * 2]|other_variables: [x * 3]",
        "negative_weights|negative_weights: drop|negative_weights: abs",
        "ratios|training: 0.5, evaluation: 0.3|training: 0.4, evaluation: 0.4",
        "seed|seed: 1|seed: 2",
      })
  void missOnEveryChangedParameter(String what, String from, String to) throws Exception {
    PreparedData first = fx.prepare(params());
    PreparedData changed = fx.prepare(fx.params(PARAMS.replace(from, to)));
    assertEquals(4, fx.reads, what + " changed: the files are read again");
    assertNotEquals(first.dataHash(), changed.dataHash());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"sample list", "xsec json", "sum json", "file content", "file size"})
  void missOnEveryChangedInputFile(String what) throws Exception {
    PreparedData first = fx.prepare(params());
    Path sig = dir.resolve("data/sig.root");
    switch (what) {
      case "sample list" ->
          fx.write("samples.yaml", Files.readString(dir.resolve("samples.yaml")) + "# comment\n");
      case "xsec json" -> fx.write("xsec.json", "{\"bkg\": 11}");
      case "sum json" -> fx.write("sums.json", "{\"bkg\": 20, \"other\": 1}");
      case "file content" -> { // same size, same time: only the bytes tell
        FileTime t = Files.getLastModifiedTime(sig);
        Files.writeString(sig, "placeholder siG");
        Files.setLastModifiedTime(sig, t);
      }
      case "file size" -> {
        FileTime t = Files.getLastModifiedTime(sig);
        Files.writeString(sig, "a longer placeholder");
        Files.setLastModifiedTime(sig, t);
      }
      default -> throw new AssertionError(what);
    }
    PreparedData changed = fx.prepare(params());
    assertEquals(4, fx.reads, what + " changed: the files are read again");
    assertNotEquals(first.dataHash(), changed.dataHash());
  }

  /**
   * Files are identified by name, size and content: a touched file, a copied project (new folder,
   * new modification times) and a moved one keep the cache and its hash.
   */
  @Test
  void hitAfterTouchAndInACopiedProject() throws Exception {
    PreparedData first = fx.prepare(params());
    Path sig = dir.resolve("data/sig.root");
    Files.setLastModifiedTime(
        sig, FileTime.fromMillis(Files.getLastModifiedTime(sig).toMillis() - 5000));
    PreparedData touched = fx.prepare(params());
    assertEquals(2, fx.reads, "a touched file was read again");
    assertEquals(first.dataHash(), touched.dataHash());

    Path copy = elsewhere.resolve("copied-project");
    hepscan.TestFiles.copyTree(dir, copy);
    Fixture moved = new Fixture(copy);
    fx.events.forEach(
        (path, branches) -> moved.events.put(copy.resolve(dir.relativize(path)), branches));
    PreparedData there = moved.prepare(moved.params(PARAMS));
    assertEquals(0, moved.reads, "the copied project did not use its copied cache");
    assertEquals(first.dataHash(), there.dataHash());
  }

  /** Over the limit, the least recently used cache files go first; the one in use never. */
  @Test
  void evictionRemovesTheLeastRecentlyUsedFirst() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("model/cache"));
    long now = System.currentTimeMillis();
    Path oldest = Files.write(cache.resolve("t-0001.bin"), new byte[400]);
    Path middle = Files.write(cache.resolve("t-0002.bin"), new byte[300]);
    Path newest = Files.write(cache.resolve("t-0003.bin"), new byte[200]);
    Path inUse = Files.write(cache.resolve("t-0004.bin"), new byte[100]);
    Files.setLastModifiedTime(oldest, FileTime.fromMillis(now - 40_000));
    Files.setLastModifiedTime(middle, FileTime.fromMillis(now - 30_000));
    Files.setLastModifiedTime(newest, FileTime.fromMillis(now - 20_000));
    Files.setLastModifiedTime(inUse, FileTime.fromMillis(now - 50_000)); // oldest, but in use
    // 1000 bytes, limit 550: without the 400-byte oldest 600 is still over, without the
    // 300-byte next 300 fits; the in-use file, older still, stays
    DataCache.evict(cache, 550, inUse, fx.log);
    assertTrue(Files.notExists(oldest) && Files.notExists(middle));
    assertTrue(Files.exists(newest) && Files.exists(inUse));
    assertTrue(
        fx.log().contains("removed the least recently used cache file t-0001.bin"), fx.log());
  }

  @Test
  void corruptedCacheIsRebuilt() throws Exception {
    PreparedData first = fx.prepare(params());
    Path file = DataCache.file(dir, "t", first.dataHash());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    PreparedData rebuilt = fx.prepare(params());
    assertEquals(4, fx.reads);
    assertTrue(fx.log().contains("is unusable: checksum mismatch"), fx.log());
    assertSame(first, rebuilt);
    fx.prepare(params());
    assertEquals(4, fx.reads, "the rebuilt cache is used next time");
  }

  /**
   * Files above 2 GiB are read through windows of 1 GiB; small windows exercise the same code on a
   * small file: values at every window boundary, odd sizes, a window of one double.
   */
  @Test
  void readThroughWindowsOfAnySizeGivesTheSameData() throws Exception {
    PreparedData first = fx.prepare(params());
    Path file = DataCache.file(dir, "t", first.dataHash());
    for (int window : new int[] {8, 13, 64, 1000, 1 << 20}) {
      PreparedData read = DataCache.read(file, first.dataHash(), fx.log, window);
      assertNotNull(read, "window " + window + ": " + fx.log());
      assertSame(first, read);
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 40] ^= 0x01;
    Files.write(file, bytes);
    assertNull(DataCache.read(file, first.dataHash(), fx.log, 13));
    assertTrue(fx.log().contains("is unusable: checksum mismatch"), fx.log());
  }

  /**
   * A scan reads the training and evaluation splits alone, labels and weights into the heap and the
   * features left in the file: the same values as a full read, through windows of any size.
   */
  @Test
  void readForTrainingLeavesTheFeaturesInTheFile() throws Exception {
    PreparedData full = fx.prepare(params());
    Path file = DataCache.file(dir, "t", full.dataHash());
    for (int window : new int[] {8, 13, 64, 1 << 20}) {
      TrainingData read = DataCache.readForTraining(file, full.dataHash(), fx.log, window);
      assertNotNull(read, "window " + window + ": " + fx.log());
      assertSameTraining(full.forTraining(), read);
      for (SplitArrays s : new SplitArrays[] {read.training(), read.evaluation()}) {
        FeatureRows.InFile rows = assertInstanceOf(FeatureRows.InFile.class, s.rows());
        assertEquals(file, rows.file());
      }
    }
    assertTrue(full.output().nEvents() > 0, "the output split is there, and skipped");
  }

  /**
   * Data prepared for a scan are read back from the cache just written (features in the file);
   * without a cache they stay in the heap.
   */
  @Test
  void prepareForTrainingReadsBackWhatItCached() throws Exception {
    TrainingData prepared = DataPreparation.prepareForTraining(params(), dir, fx.log, fx);
    assertEquals(2, fx.reads);
    assertInstanceOf(FeatureRows.InFile.class, prepared.training().rows());
    TrainingData cached = DataPreparation.prepareForTraining(params(), dir, fx.log, fx);
    assertEquals(2, fx.reads, "no file read on a cache hit");
    assertInstanceOf(FeatureRows.InFile.class, cached.evaluation().rows());
    assertSameTraining(prepared, cached);
    Parameters noCache = fx.params(PARAMS.replace("cache: true", "cache: false"));
    TrainingData inHeap = DataPreparation.prepareForTraining(noCache, dir, fx.log, fx);
    assertInstanceOf(FeatureRows.InHeap.class, inHeap.training().rows());
    assertSameTraining(prepared, inHeap);
  }

  /**
   * {@code --model --test} reads every split with all its columns left in the file, a block at a
   * time: block by block, uneven blocks give back every value of a full read.
   */
  @Test
  void readForTestingGivesEveryColumnOfEverySplitBlockByBlock() throws Exception {
    PreparedData full = fx.prepare(params());
    Path file = DataCache.file(dir, "t", full.dataHash());
    for (int window : new int[] {8, 13, 1 << 20}) {
      TestData read = DataCache.readForTesting(file, full.dataHash(), fx.log, window);
      assertNotNull(read, "window " + window + ": " + fx.log());
      for (SplitBlocks s : List.of(read.training(), read.evaluation(), read.output())) {
        assertEquals(file, assertInstanceOf(SplitBlocks.InFile.class, s).file());
      }
      assertSameTestData(full, read);
    }
  }

  /**
   * Data prepared for test outputs are read back from the cache just written; without a cache they
   * stay in the heap, with the same values.
   */
  @Test
  void prepareForTestingReadsBackWhatItCached() throws Exception {
    PreparedData full = fx.prepare(params());
    Files.delete(DataCache.file(dir, "t", full.dataHash()));
    TestData prepared = DataPreparation.prepareForTesting(params(), dir, fx.log, fx);
    assertInstanceOf(SplitBlocks.InFile.class, prepared.output());
    assertSameTestData(full, prepared);
    int reads = fx.reads;
    TestData cached = DataPreparation.prepareForTesting(params(), dir, fx.log, fx);
    assertEquals(reads, fx.reads, "no file read on a cache hit");
    assertSameTestData(full, cached);
    Parameters noCache = fx.params(PARAMS.replace("cache: true", "cache: false"));
    TestData inHeap = DataPreparation.prepareForTesting(noCache, dir, fx.log, fx);
    assertInstanceOf(SplitBlocks.InHeap.class, inHeap.training());
    assertSameTestData(full, inHeap);
  }

  /** {@code b} holds {@code a}'s events, read in uneven blocks. */
  static void assertSameTestData(PreparedData a, TestData b) {
    assertEquals(a.featureNames(), b.featureNames());
    assertEquals(a.inputExpressions(), b.inputExpressions());
    assertEquals(a.classNames(), b.classNames());
    assertEquals(a.otherVariableNames(), b.otherVariableNames());
    assertEquals(a.files(), b.files());
    assertEquals(a.dataHash(), b.dataHash());
    assertEquals(a.report(), b.report());
    assertEquals(a.nonFinite(), b.nonFinite());
    assertSameBlocks(a.training(), a.trainingEvents(), b.training());
    assertSameBlocks(a.evaluation(), a.evaluationEvents(), b.evaluation());
    assertSameBlocks(a.output(), a.outputEvents(), b.output());
  }

  private static void assertSameBlocks(SplitArrays arrays, EventInfo info, SplitBlocks blocks) {
    int n = arrays.nEvents();
    int f = arrays.nFeatures();
    assertEquals(n, blocks.nEvents());
    assertEquals(f, blocks.nFeatures());
    assertTrue(n > 20, "several blocks");
    try (SplitBlocks.Reader r = blocks.open()) {
      for (int from = 0, size = 1; from < n; from += size, size = size * 2 + 1) {
        int m = Math.min(size, n - from);
        int to = from + m;
        SplitBlocks.Block b = r.read(from, m);
        String at = "events " + from + " to " + to;
        assertArrayEquals(
            Arrays.copyOfRange(arrays.features(), from * f, to * f), b.arrays().features(), at);
        assertArrayEquals(Arrays.copyOfRange(arrays.labels(), from, to), b.arrays().labels(), at);
        assertArrayEquals(Arrays.copyOfRange(arrays.weights(), from, to), b.arrays().weights(), at);
        assertArrayEquals(Arrays.copyOfRange(info.file(), from, to), b.events().file(), at);
        assertArrayEquals(Arrays.copyOfRange(info.entry(), from, to), b.events().entry(), at);
        assertArrayEquals(
            Arrays.copyOfRange(info.eventWeight(), from, to), b.events().eventWeight(), at);
        assertEquals(info.otherVariables().length, b.events().otherVariables().length);
        for (int v = 0; v < info.otherVariables().length; v++) {
          assertArrayEquals(
              Arrays.copyOfRange(info.otherVariables()[v], from, to),
              b.events().otherVariables()[v],
              at);
        }
      }
    }
  }

  static void assertSameTraining(TrainingData a, TrainingData b) {
    assertEquals(a.featureNames(), b.featureNames());
    assertEquals(a.inputExpressions(), b.inputExpressions());
    assertEquals(a.oneHotCategories(), b.oneHotCategories());
    assertEquals(a.classNames(), b.classNames());
    assertEquals(a.scaler(), b.scaler());
    assertEquals(a.dataHash(), b.dataHash());
    assertEquals(a.report(), b.report());
    assertEquals(a.nonFinite(), b.nonFinite());
    assertSameSplit(a.training(), b.training());
    assertSameSplit(a.evaluation(), b.evaluation());
  }

  static void assertSameSplit(SplitArrays a, SplitArrays b) {
    assertEquals(a.nEvents(), b.nEvents());
    assertEquals(a.nFeatures(), b.nFeatures());
    assertArrayEquals(a.features(), b.features());
    assertArrayEquals(a.labels(), b.labels());
    assertArrayEquals(a.weights(), b.weights());
  }

  @Test
  void truncatedCacheIsRebuilt() throws Exception {
    PreparedData first = fx.prepare(params());
    Path file = DataCache.file(dir, "t", first.dataHash());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
    fx.prepare(params());
    assertEquals(4, fx.reads);
    assertTrue(fx.log().contains("unusable"), fx.log());
    Files.write(file, new byte[3]);
    fx.prepare(params());
    assertEquals(6, fx.reads);
    assertTrue(fx.log().contains("too short (3 bytes)"), fx.log());
  }

  @Test
  void noCacheWhenDisabled() throws Exception {
    PreparedData d = fx.prepare(fx.params(PARAMS.replace("cache: true", "cache: false")));
    fx.prepare(fx.params(PARAMS.replace("cache: true", "cache: false")));
    assertEquals(4, fx.reads);
    assertTrue(Files.notExists(DataCache.file(dir, "t", d.dataHash())));
    assertTrue(
        Files.notExists(DataCache.file(dir, "t", d.dataHash()).getParent()),
        "the cache folder, made for the preparation's temporary files, is gone with them");
  }

  @Test
  void noCacheLeavesACacheFolderThatExistedAndWhatItHolds() throws Exception {
    PreparedData d = fx.prepare(params());
    Path cached = DataCache.file(dir, "t", d.dataHash());
    fx.prepare(fx.params(PARAMS.replace("cache: true", "cache: false")));
    assertTrue(Files.exists(cached), "the cache file of another run stays");
  }
}
