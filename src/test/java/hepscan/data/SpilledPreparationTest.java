package hepscan.data;

import static hepscan.data.Fixture.fill;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preparation through spills (issue 14): the spills round-trip and leave nothing on disk, the
 * scaler summed a piece at a time is {@link Scaler#fit}'s to the bit, {@code cache: false} gives
 * the cached data and leaves no file, and a failed preparation leaves no file either.
 */
class SpilledPreparationTest {
  @TempDir Path dir;
  private Fixture fx;

  @BeforeEach
  void setUp() throws IOException {
    fx = new Fixture(dir);
    fx.write(
        "samples.yaml",
        """
        samples:
          sig: {files: [data/sig.root], tag: S, signal: true}
          bkg: {files: [data/bkg.root], tag: B}
        """);
    fx.write("xsec.json", "{\"bkg\": 10}");
    fx.write("sums.json", "{\"bkg\": 20}");
  }

  private static String params(String extra) {
    return """
        ratios: {training: 0.6, evaluation: 0.2, output: 0.2}
        seed: 3
        suffix: t
        samples: samples.yaml
        xsec_json: xsec.json
        event_weight_sum_json: sums.json
        scan: {lr: [0.01]}
        weight: w
        inputs: [x, y, k@op]
        other_variables: [x + y]
        outputs: [$S, $B]
        """
        + extra;
  }

  /** {@code n} events of x, y (Gaussian), k (0-3) and w (some negative, dropped). */
  private void files(int n) throws IOException {
    SplittableRandom rng = new SplittableRandom(5);
    for (String name : List.of("sig", "bkg")) {
      double[] x = new double[n];
      double[] y = new double[n];
      double[] k = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 100 + rng.nextGaussian();
        y[i] = rng.nextGaussian();
        k[i] = rng.nextInt(4);
        w[i] = rng.nextDouble(-0.1, 2);
      }
      fx.file(name, Map.of("x", x, "y", y, "k", k, "w", w));
    }
  }

  private List<Path> cacheFolder() throws IOException {
    Path cache = dir.resolve("model/cache");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.toList();
    }
  }

  @Test
  void spillsGiveBackWhatWasAppendedAndLeaveNoName() throws IOException {
    Assumptions.assumeTrue(
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"),
        "DELETE_ON_CLOSE unlinks at once on Linux only");
    int n = 100_000; // 800 kB of doubles: several of the spill's buffers
    double[] d = new SplittableRandom(1).doubles(n).toArray();
    int[] l = new SplittableRandom(2).ints(n).toArray();
    Path folder = Files.createDirectories(dir.resolve("spills"));
    try (Spill doubles = new Spill(folder, "x.bin");
        Spill ints = new Spill(folder, "x.bin")) {
      try (Stream<Path> files = Files.list(folder)) {
        assertEquals(List.of(), files.toList(), "open spills have no name");
      }
      for (int from = 0; from < n; from += 7_777) {
        doubles.doubles(d, from, Math.min(7_777, n - from));
        ints.ints(l, from, Math.min(7_777, n - from));
      }
      for (int pass = 0; pass < 2; pass++) { // read back as often as wanted
        Spill.Reader rd = doubles.reader();
        Spill.Reader rl = ints.reader();
        double[] dBack = new double[n];
        int[] lBack = new int[n];
        for (int from = 0; from < n; from += 65_536) {
          rd.doubles(dBack, from, Math.min(65_536, n - from));
          rl.ints(lBack, from, Math.min(65_536, n - from));
        }
        assertArrayEquals(d, dBack, "pass " + pass);
        assertArrayEquals(l, lBack, "pass " + pass);
        assertThrows(EOFException.class, () -> rd.doubles(new double[1], 0, 1));
      }
      // copied as bytes, as the cache file is written: little-endian values
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      doubles.copyTo(new BytesOnly(bytes));
      java.nio.DoubleBuffer copied =
          java.nio.ByteBuffer.wrap(bytes.toByteArray())
              .order(java.nio.ByteOrder.LITTLE_ENDIAN)
              .asDoubleBuffer();
      double[] dCopied = new double[copied.remaining()];
      copied.get(dCopied);
      assertArrayEquals(d, dCopied);
    }
  }

  /** A sink of encoded bytes only, as {@link Spill#copyTo} gives them. */
  private record BytesOnly(java.io.ByteArrayOutputStream out) implements DataCache.Sink {
    @Override
    public void bytes(java.nio.ByteBuffer values) {
      byte[] b = new byte[values.remaining()];
      values.get(b);
      out.write(b, 0, b.length);
    }

    @Override
    public void floats(float[] a, int from, int count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void ints(int[] a, int from, int count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void longs(long[] a, int from, int count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void doubles(double[] a, int from, int count) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void theScalerSummedInPiecesIsFitsToTheBit() {
    int n = 3 * 65_536 + 1_001; // the scaler's blocks end inside pieces
    int f = 3;
    float[] x = new float[n * f];
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (1e4 + rng.nextGaussian());
    }
    boolean[] scaled = {true, false, true};
    Scaler fit = Scaler.fit(new SplitArrays(n, f, x, new int[n], new float[n]), scaled);

    Scaler.Sums sums = new Scaler.Sums(f, null);
    addInPieces(sums, x, n, f, rng);
    double[] mean = sums.total();
    for (int j = 0; j < f; j++) {
      mean[j] /= n;
    }
    Scaler.Sums squares = new Scaler.Sums(f, mean);
    addInPieces(squares, x, n, f, rng);
    assertEquals(n, squares.rows());
    assertEquals(fit, Scaler.fitted(n, mean, squares.total(), scaled));
  }

  private static void addInPieces(Scaler.Sums sums, float[] x, int n, int f, SplittableRandom rng) {
    for (int from = 0; from < n; ) {
      int k = Math.min(n - from, 1 + rng.nextInt(70_000));
      sums.add(java.util.Arrays.copyOfRange(x, from * f, (from + k) * f), k);
      from += k;
    }
  }

  @Test
  void withoutTheCacheTheDataAreTheCachedOnesAndNoFileIsLeft() throws Exception {
    files(30_000);
    PreparedData uncached = fx.prepare(fx.params(params("cache: false\n")));
    assertEquals(List.of(), cacheFolder(), "cache: false leaves no file");
    TrainingData training =
        DataPreparation.prepareForTraining(fx.params(params("cache: false\n")), dir, fx.log, fx);
    assertEquals(List.of(), cacheFolder());
    assertInstanceOf(FeatureRows.InHeap.class, training.training().rows());

    PreparedData cached = fx.prepare(fx.params(params("cache: true\n")));
    assertEquals(1, cacheFolder().size(), cacheFolder().toString());
    assertEquals(cached.scaler(), uncached.scaler());
    assertEquals(cached.featureNames(), uncached.featureNames());
    assertEquals(cached.report(), uncached.report());
    assertEquals(List.of("x", "y", "k_0", "k_1", "k_2", "k_3"), cached.featureNames());
    List<SplitArrays> a = List.of(cached.training(), cached.evaluation(), cached.output());
    List<SplitArrays> b = List.of(uncached.training(), uncached.evaluation(), uncached.output());
    for (int s = 0; s < 3; s++) {
      assertArrayEquals(a.get(s).features(), b.get(s).features(), "features of split " + s);
      assertArrayEquals(a.get(s).labels(), b.get(s).labels(), "labels of split " + s);
      assertArrayEquals(a.get(s).weights(), b.get(s).weights(), "weights of split " + s);
    }
    assertArrayEquals(cached.training().features(), training.training().features());
    assertArrayEquals(cached.evaluation().weights(), training.evaluation().weights());
    assertArrayEquals(cached.outputEvents().entry(), uncached.outputEvents().entry());
    assertArrayEquals(
        cached.outputEvents().otherVariables()[0], uncached.outputEvents().otherVariables()[0]);
  }

  @Test
  void aPreparationThatFailsAfterReadingLeavesNoFile() throws Exception {
    files(2_000);
    double[] k = fill(2_000, 1);
    java.util.Arrays.fill(k, 1_000, 2_000, 0.5); // no integer: said once every file is spilled
    fx.events.get(dir.resolve("data/bkg.root")).put("k", k);
    DataException e =
        assertThrows(DataException.class, () -> fx.prepare(fx.params(params("cache: true\n"))));
    assertTrue(e.getMessage().contains("takes the value 0.5"), e.getMessage());
    assertEquals(List.of(), cacheFolder());
  }
}
