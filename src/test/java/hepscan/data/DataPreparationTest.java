package hepscan.data;

import static hepscan.data.Fixture.fill;
import static hepscan.data.Fixture.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.ConfigError;
import hepscan.config.ConfigException;
import hepscan.config.Parameters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPreparationTest {
  static final double DELTA = 1e-6; // learning weights are floats

  @TempDir Path dir;
  Fixture fx;

  static final String SAMPLES =
      """
      samples:
        sig: {files: [data/sig.root], tag: S, signal: true}
        bkg: {files: [data/bkg*.root], tag: B}
      """;

  static String params(String extra) {
    return """
        ratios: {training: 0.98, evaluation: 0.01, output: 0.01}
        seed: 1
        suffix: t
        cache: false
        samples: samples.yaml
        xsec_json: xsec.json
        event_weight_sum_json: sums.json
        scan: {lr: [0.01]}
        weight: w
        inputs: [x]
        outputs: [$S, $B]
        """
        + extra;
  }

  @BeforeEach
  void setUp() throws IOException {
    fx = new Fixture(dir);
    fx.write("samples.yaml", SAMPLES);
    fx.write("xsec.json", "{\"bkg\": 10}");
    fx.write("sums.json", "{\"bkg\": 20}");
  }

  void tinySample() throws IOException {
    fx.file("sig", Map.of("w", new double[] {1, 2, -1, 0.5, 0}, "x", new double[] {1, 2, 3, 4, 5}));
    fx.file("bkg", Map.of("w", new double[] {2, 4}, "x", new double[] {10, 20}));
  }

  @Test
  void learningWeightsByHandWithDrop() throws Exception {
    tinySample();
    PreparedData d = fx.prepare(fx.params(params("")));
    ClassReport s = d.report().get(0);
    ClassReport b = d.report().get(1);
    assertEquals(
        List.of(5L, 5L, 3L, 3L), List.of(s.read(), s.afterCut(), s.afterWeights(), s.kept()));
    assertEquals(3.5, s.learningWeightSum(), 1e-12, "signal: event weights 1 + 2 + 0.5");
    assertEquals(
        List.of(2L, 2L, 2L, 2L), List.of(b.read(), b.afterCut(), b.afterWeights(), b.kept()));
    assertEquals(3.0, b.learningWeightSum(), 1e-12, "background: (2 + 4) x 10 / 20");
    // with 98% training every event lands there (checked), 5 events, 2 classes: each sums to 2.5
    SplitArrays t = d.training();
    assertEquals(5, t.nEvents());
    assertEquals(5, s.training() + b.training());
    float[] expected = new float[5];
    for (int i = 0; i < 5; i++) {
      double x = t.feature(i, 0);
      expected[i] =
          (float)
              (x < 10
                  ? x == 1 ? 1 * 2.5 / 3.5 : x == 2 ? 2 * 2.5 / 3.5 : 0.5 * 2.5 / 3.5
                  : x == 10 ? 1 * 2.5 / 3 : 2 * 2.5 / 3);
    }
    assertArrayEquals(expected, t.weights(), 1e-6f);
    double mean = 0;
    for (float w : t.weights()) {
      mean += w / 5.0;
    }
    assertEquals(1, mean, DELTA, "mean learning weight of the split is 1");
    assertTrue(fx.log().contains("sum lw"), fx.log());
    assertTrue(fx.log().contains("data: 7 events of 2 files read and prepared in "), fx.log());
  }

  /**
   * A sample's own cut and weight combine with the global ones (&& and *), and a branch only its
   * own expressions use is read from its files alone. By hand, on the tiny sample: the signal's cut
   * x > 1 && x < 5 keeps x = 2, 3, 4 of weights 2, -1, 0.5 (drop: -1 goes), times its weight 3
   * gives 6 + 1.5 = 7.5; the background's cut q > 0 keeps its first event: 2 x 10 / 20 = 1.
   */
  @Test
  void perSampleCutAndWeightCombineWithTheGlobalOnes() throws Exception {
    fx.write(
        "samples.yaml",
        """
        samples:
          sig: {files: [data/sig.root], tag: S, signal: true, cut: x < 5, weight: "3"}
          bkg: {files: [data/bkg*.root], tag: B, cut: q > 0}
        """);
    fx.file("sig", Map.of("w", new double[] {1, 2, -1, 0.5, 0}, "x", new double[] {1, 2, 3, 4, 5}));
    fx.file(
        "bkg",
        Map.of("w", new double[] {2, 4}, "x", new double[] {10, 20}, "q", new double[] {1, -1}));
    PreparedData d = fx.prepare(fx.params(params("cut: x > 1\n")));
    ClassReport s = d.report().get(0);
    ClassReport b = d.report().get(1);
    assertEquals(
        List.of(5L, 3L, 2L, 2L), List.of(s.read(), s.afterCut(), s.afterWeights(), s.kept()));
    assertEquals(7.5, s.learningWeightSum(), 1e-12);
    assertEquals(
        List.of(2L, 1L, 1L, 1L), List.of(b.read(), b.afterCut(), b.afterWeights(), b.kept()));
    assertEquals(1.0, b.learningWeightSum(), 1e-12);

    // a sample's own expression that does not parse names the sample list and the key
    fx.write(
        "samples.yaml",
        "samples:\n  sig: {files: [data/sig.root], tag: S, signal: true, weight: 3 *}\n"
            + "  bkg: {files: [data/bkg*.root], tag: B}\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> fx.prepare(fx.params(params(""))));
    assertTrue(e.getMessage().contains("samples.sig.weight"), e.getMessage());
  }

  /**
   * No event-weight sum given: it is the sum of the background's weights over all its events,
   * before the cut. By hand: weights 2, 4, 6 sum to 12; the cut x > 1 keeps the first two, whose
   * learning weights are 2 x 10 / 12 and 4 x 10 / 12, 5 in all.
   */
  @Test
  void eventWeightSumsNotGivenAreComputedBeforeTheCut() throws Exception {
    fx.file("sig", Map.of("w", new double[] {1, 2, -1, 0.5, 0}, "x", new double[] {1, 2, 3, 4, 5}));
    fx.file("bkg", Map.of("w", new double[] {2, 4, 6}, "x", new double[] {10, 20, 0.5}));
    PreparedData d =
        fx.prepare(
            fx.params(params("cut: x > 1\n").replace("event_weight_sum_json: sums.json\n", "")));
    ClassReport b = d.report().get(1);
    assertEquals(
        List.of(3L, 2L, 2L, 2L), List.of(b.read(), b.afterCut(), b.afterWeights(), b.kept()));
    assertEquals(5.0, b.learningWeightSum(), 1e-12);
    PreparedFile bkg =
        d.files().stream().filter(f -> f.sampleKey().equals("bkg")).findFirst().orElseThrow();
    assertEquals(12.0, bkg.eventWeightSum(), 1e-12);
    assertTrue(
        fx.log().contains("sample 'bkg': event-weight sum 12.0 computed from its 1 file(s)"),
        fx.log());
  }

  @Test
  void negativeWeightPolicies() throws Exception {
    tinySample();
    PreparedData abs = fx.prepare(fx.params(params("negative_weights: abs\n")));
    assertEquals(5, abs.report().get(0).kept(), "abs keeps the weight-0 event too");
    assertEquals(4.5, abs.report().get(0).learningWeightSum(), 1e-12);
    PreparedData keep = fx.prepare(fx.params(params("negative_weights: keep\n")));
    assertEquals(2.5, keep.report().get(0).learningWeightSum(), 1e-12);
    // event weights are kept as evaluated for the test outputs
    double sum = 0;
    for (double w : keep.trainingEvents().eventWeight()) {
      sum += w;
    }
    assertEquals(2.5 + 6, sum, 1e-12);
  }

  @Test
  void defaultWeightIsOne() throws Exception {
    tinySample();
    PreparedData d = fx.prepare(fx.params(params("").replace("weight: w\n", "")));
    assertEquals(5, d.report().get(0).kept(), "weight 1: nothing dropped");
    assertEquals(5.0, d.report().get(0).learningWeightSum(), 1e-12);
    assertEquals(2 * 10.0 / 20, d.report().get(1).learningWeightSum(), 1e-12);
  }

  @Test
  void cutThenWeights() throws Exception {
    tinySample();
    PreparedData d = fx.prepare(fx.params(params("cut: x > 1.5 && x != 20\n")));
    ClassReport s = d.report().get(0);
    assertEquals(4, s.afterCut());
    assertEquals(2, s.kept(), "x = 2 and x = 4 (x = 3 has weight -1, x = 5 weight 0)");
    assertEquals(2.5, s.learningWeightSum(), 1e-12);
    assertEquals(1, d.report().get(1).kept());
  }

  @Test
  void splitRatiosAreStableAndReproducible() throws Exception {
    int n = 100_000;
    fx.file("sig", Map.of("w", fill(n, 1), "x", range(n, 0)));
    fx.file("bkg_a", Map.of("w", fill(n, 1), "x", range(n, 0)));
    String yaml =
        params("")
            .replace(
                "training: 0.98, evaluation: 0.01, output: 0.01",
                "training: 0.6, evaluation: 0.3, output: 0.1");
    PreparedData d = fx.prepare(fx.params(yaml));
    double total = 2.0 * n;
    double[] expected = {0.6, 0.3, 0.1};
    int[] got = {d.training().nEvents(), d.evaluation().nEvents(), d.output().nEvents()};
    for (int s = 0; s < 3; s++) {
      double sigma = Math.sqrt(total * expected[s] * (1 - expected[s]));
      assertEquals(expected[s] * total, got[s], 4 * sigma, "split " + s);
    }
    PreparedData again = fx.prepare(fx.params(yaml));
    assertArrayEquals(d.outputEvents().entry(), again.outputEvents().entry());
    assertArrayEquals(d.training().features(), again.training().features());
    assertArrayEquals(d.training().weights(), again.training().weights());

    // a new background file changes nothing for the others
    fx.file("bkg_b", Map.of("w", fill(1000, 1), "x", range(1000, 0)));
    PreparedData more = fx.prepare(fx.params(yaml));
    assertEquals(3, more.files().size());
    for (int file = 0; file < 2; file++) {
      assertArrayEquals(
          entries(d.outputEvents(), d, file), entries(more.outputEvents(), more, file));
      assertArrayEquals(
          entries(d.trainingEvents(), d, file), entries(more.trainingEvents(), more, file));
    }
    // and the seed matters
    PreparedData other = fx.prepare(fx.params(yaml.replace("seed: 1", "seed: 2")));
    assertTrue(!java.util.Arrays.equals(d.outputEvents().entry(), other.outputEvents().entry()));
  }

  /** The entries of the file with index {@code file} in {@code d}'s own file list. */
  static long[] entries(EventInfo info, PreparedData d, int file) {
    Path path = d.files().get(file).path();
    return java.util.stream.IntStream.range(0, info.size())
        .filter(i -> d.files().get(info.file()[i]).path().equals(path))
        .mapToLong(i -> info.entry()[i])
        .toArray();
  }

  @Test
  void splitterIsAPureFunctionOfSeedFileAndEntry() {
    Splitter a = new Splitter(5, new hepscan.config.Ratios(0.5, 0.25, 0.25));
    long key = Splitter.fileKey("ttbar.root");
    assertEquals(
        a.uniform(key, 123),
        new Splitter(5, new hepscan.config.Ratios(0.5, 0.25, 0.25)).uniform(key, 123));
    assertTrue(a.uniform(key, 123) != a.uniform(Splitter.fileKey("dy.root"), 123));
    double u = a.uniform(key, 0);
    assertTrue(u >= 0 && u < 1);
  }

  @Test
  void scalerIsFittedOnTheTrainingSplitOnly() throws Exception {
    int n = 2000;
    fx.file("sig", Map.of("w", fill(n, 1), "x", range(n, 0), "c", fill(n, 3)));
    fx.file("bkg", Map.of("w", fill(n, 1), "x", range(n, 5000), "c", fill(n, 3)));
    String yaml =
        params("")
            .replace(
                "training: 0.98, evaluation: 0.01, output: 0.01",
                "training: 0.5, evaluation: 0.25, output: 0.25")
            .replace("inputs: [x]", "inputs: [x, c]");
    PreparedData d = fx.prepare(fx.params(yaml));
    SplitArrays t = d.training();
    double mean = 0;
    for (int i = 0; i < t.nEvents(); i++) {
      mean += t.feature(i, 0);
    }
    mean /= t.nEvents();
    double var = 0;
    for (int i = 0; i < t.nEvents(); i++) {
      var += Math.pow(t.feature(i, 0) - mean, 2);
    }
    double std = Math.sqrt(var / t.nEvents());
    assertEquals(mean, d.scaler().mean()[0], 1e-9);
    assertEquals(std, d.scaler().std()[0], 1e-9);
    assertEquals(3, d.scaler().mean()[1], 0, "constant column: mean 3");
    assertEquals(1, d.scaler().std()[1], 0, "constant column: std 1");
    // all events would give another mean: the fit really is on training only
    double all = (n - 1) / 2.0 / 2 + (5000 + (n - 1) / 2.0) / 2;
    assertTrue(Math.abs(all - mean) > 1e-6);
  }

  @Test
  void scalerByHand() {
    SplitArrays s =
        new SplitArrays(
            4, 3, new float[] {1, 7, 1, 2, 7, 0, 3, 7, 1, 4, 7, 0}, new int[4], new float[4]);
    Scaler sc = Scaler.fit(s, new boolean[] {true, true, false});
    assertArrayEquals(new double[] {2.5, 7, 0}, sc.mean(), 1e-12);
    assertArrayEquals(new double[] {Math.sqrt(1.25), 1, 1}, sc.std(), 1e-12);
    assertArrayEquals(new boolean[] {true, true, false}, sc.scaled());
  }

  @Test
  void scalerOverManyBlocksMatchesASequentialTwoPassAndIgnoresTheCores() throws Exception {
    int n = 3 * 65_536 + 123; // more than three of the scaler's blocks
    int f = 3;
    float[] x = new float[n * f];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    for (int i = 0; i < n; i++) {
      x[i * f] = (float) (1e4 + rng.nextGaussian()); // a large offset: a naive sum-of-squares fails
      x[i * f + 1] = (float) rng.nextDouble(-3, 5);
      x[i * f + 2] = i % 2;
    }
    SplitArrays s = new SplitArrays(n, f, x, new int[n], new float[n]);
    boolean[] scaled = {true, true, false};
    Scaler sc = Scaler.fit(s, scaled);
    for (int j = 0; j < 2; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += x[i * f + j];
      }
      mean /= n;
      double var = 0;
      for (int i = 0; i < n; i++) {
        var += (x[i * f + j] - mean) * (x[i * f + j] - mean);
      }
      assertEquals(mean, sc.mean()[j], 1e-12 * Math.abs(mean), "mean of column " + j);
      assertEquals(Math.sqrt(var / n), sc.std()[j], 1e-9 * Math.sqrt(var / n), "std " + j);
    }
    assertEquals(0, sc.mean()[2]);
    assertEquals(1, sc.std()[2]);
    for (int threads : new int[] {1, 3}) {
      java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
      try {
        assertEquals(sc, pool.submit(() -> Scaler.fit(s, scaled)).get(), threads + " threads");
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void oneHotCategoriesComeFromTraining() throws Exception {
    int n = 400;
    double[] cat = new double[n];
    for (int i = 0; i < n; i++) {
      cat[i] = i % 3 - 1; // -1, 0, 1
    }
    fx.file("sig", Map.of("w", fill(n, 1), "x", range(n, 0), "k", cat));
    fx.file("bkg", Map.of("w", fill(n, 1), "x", range(n, 0), "k", fill(n, 2)));
    PreparedData d =
        fx.prepare(fx.params(params("").replace("inputs: [x]", "inputs: [x, k@op, 'abs(x) + 1']")));
    assertEquals(List.of("x", "k_m1", "k_0", "k_1", "k_2", "abs_x_plus_1"), d.featureNames());
    assertEquals(Map.of("k@op", List.of(-1L, 0L, 1L, 2L)), d.oneHotCategories());
    assertArrayEquals(new boolean[] {true, false, false, false, false, true}, d.scaler().scaled());
    // every split, rows from both files: x and the one-hot column of k from the event's own entry
    List<SplitArrays> splits = List.of(d.training(), d.evaluation(), d.output());
    List<EventInfo> infos = List.of(d.trainingEvents(), d.evaluationEvents(), d.outputEvents());
    for (int s = 0; s < 3; s++) {
      SplitArrays t = splits.get(s);
      EventInfo info = infos.get(s);
      for (int i = 0; i < t.nEvents(); i++) {
        int e = (int) info.entry()[i];
        boolean fromSig = d.files().get(info.file()[i]).sampleKey().equals("sig");
        double k = fromSig ? cat[e] : 2;
        assertEquals((float) e, t.feature(i, 0));
        for (int j = 0; j < 4; j++) {
          assertEquals(j - 1 == k ? 1f : 0f, t.feature(i, 1 + j), "split " + s + " row " + i);
        }
        assertEquals(t.feature(i, 0) + 1, t.feature(i, 5));
      }
    }
  }

  @Test
  void inputsBeyondTheFloatRangeAreNonFinite() throws Exception {
    fx.file("sig", Map.of("w", fill(4, 1), "x", new double[] {1, 1e39, 3, -1e300}));
    fx.file("bkg", Map.of("w", fill(2, 1), "x", new double[] {1, 2}));
    PreparedData d = fx.prepare(fx.params(params("")));
    assertEquals(Map.of("x", 2L), d.nonFinite(), "the network gets floats: 1e39 would be inf");
    assertEquals(2, d.report().get(0).kept());
    assertTrue(
        fx.log().contains("2 events dropped because 'x' is NaN or infinite (as a float)"),
        fx.log());
    DataException e =
        assertThrows(DataException.class, () -> fx.prepare(fx.params(params("strict: true\n"))));
    assertTrue(
        e.getMessage().contains("sig.root entry 1 ('x' = 1.0E39, beyond the float range"),
        e.getMessage());
  }

  /**
   * Categories 8000 apart (looked up by binary search, not a table), and a value that only events
   * outside the training split take: those rows get no one-hot column set.
   */
  @Test
  void oneHotWithAWideRangeAndAValueUnseenInTraining() throws Exception {
    int n = 300;
    Splitter splitter = new Splitter(1, new hepscan.config.Ratios(0.5, 0.25, 0.25));
    long sigKey = Splitter.fileKey("sig.root");
    double[] cat = new double[n];
    for (int e = 0; e < n; e++) {
      boolean training = splitter.split(sigKey, e) == Splitter.TRAINING;
      cat[e] = training ? List.of(-5000.0, 0.0, 3000.0).get(e % 3) : e % 2 == 0 ? 3000 : 77;
    }
    fx.file("sig", Map.of("w", fill(n, 1), "k", cat));
    fx.file("bkg", Map.of("w", fill(n, 1), "k", fill(n, 0)));
    String yaml =
        params("")
            .replace(
                "training: 0.98, evaluation: 0.01, output: 0.01",
                "training: 0.5, evaluation: 0.25, output: 0.25")
            .replace("inputs: [x]", "inputs: [k@op]");
    PreparedData d = fx.prepare(fx.params(yaml));
    assertEquals(Map.of("k@op", List.of(-5000L, 0L, 3000L)), d.oneHotCategories());
    List<SplitArrays> splits = List.of(d.training(), d.evaluation(), d.output());
    List<EventInfo> infos = List.of(d.trainingEvents(), d.evaluationEvents(), d.outputEvents());
    int unseen = 0;
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < splits.get(s).nEvents(); i++) {
        EventInfo info = infos.get(s);
        boolean fromSig = d.files().get(info.file()[i]).sampleKey().equals("sig");
        double k = fromSig ? cat[(int) info.entry()[i]] : 0;
        for (int j = 0; j < 3; j++) {
          float expected = d.oneHotCategories().get("k@op").get(j) == k ? 1f : 0f;
          assertEquals(expected, splits.get(s).feature(i, j), "split " + s + " row " + i);
        }
        unseen += k == 77 ? 1 : 0;
      }
    }
    assertTrue(unseen > 10, unseen + " events with the unseen value 77");
  }

  @Test
  void oneHotNeedsIntegers() throws Exception {
    fx.file("sig", Map.of("w", fill(50, 1), "x", range(50, 0.5)));
    fx.file("bkg", Map.of("w", fill(50, 1), "x", range(50, 0)));
    DataException e =
        assertThrows(
            DataException.class,
            () -> fx.prepare(fx.params(params("").replace("inputs: [x]", "inputs: [x@op]"))));
    assertTrue(
        e.getMessage().contains("'x@op'") && e.getMessage().contains("not an integer"),
        e.getMessage());
  }

  @Test
  void nonFiniteInputsAreDroppedOrRejected() throws Exception {
    fx.file(
        "sig",
        Map.of("w", fill(4, 1), "x", new double[] {1, Double.NaN, 3, Double.POSITIVE_INFINITY}));
    fx.file("bkg", Map.of("w", new double[] {1, Double.NaN}, "x", new double[] {1, 2}));
    PreparedData d = fx.prepare(fx.params(params("")));
    assertEquals(Map.of("x", 2L, "weight", 1L), d.nonFinite());
    assertEquals(2, d.report().get(0).kept());
    assertEquals(1, d.report().get(1).kept());
    assertTrue(
        fx.log().contains("warning: 2 events dropped because 'x' is NaN or infinite"), fx.log());

    DataException e =
        assertThrows(DataException.class, () -> fx.prepare(fx.params(params("strict: true\n"))));
    assertTrue(e.getMessage().contains("2 events with 'x'"), e.getMessage());
    assertTrue(e.getMessage().contains("sig.root entry 1"), e.getMessage());
  }

  /** A class emptied by NaN/inf values is blamed on the expression, not on the cut. */
  @Test
  void aClassEmptiedByNonFiniteValuesNamesTheExpression() throws Exception {
    fx.file("sig", Map.of("w", fill(4, 1), "x", range(4, 0)));
    fx.file("bkg", Map.of("w", fill(3, 1), "x", new double[] {Double.NaN, Double.NaN, 1e300}));
    DataException e = assertThrows(DataException.class, () -> fx.prepare(fx.params(params(""))));
    assertTrue(
        e.getMessage().contains("3 of its events were dropped for NaN or infinite values of: 'x'"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("check the cut"), e.getMessage());
  }

  @Test
  void expressionErrorsAreConfigErrorsBeforeReading() throws Exception {
    tinySample();
    Parameters p =
        fx.params(
            params("cut: x >\nother_variables: [x +* 2]\n")
                .replace("inputs: [x]", "inputs: [x, y@one]"));
    ConfigException e = assertThrows(ConfigException.class, () -> fx.prepare(p));
    assertEquals(0, fx.reads);
    ConfigException early =
        assertThrows(ConfigException.class, () -> DataPreparation.checkExpressions(p));
    assertEquals(e.getMessage(), early.getMessage());
    List<String> paths = e.errors().stream().map(ConfigError::keyPath).toList();
    assertEquals(List.of("cut", "inputs[1]", "other_variables[0]"), paths);
    assertTrue(e.errors().get(0).line().contains("params.yaml: cut = 'x >'"), e.getMessage());
    assertTrue(e.getMessage().contains("'@one'"), e.getMessage());
  }

  @Test
  void missingBranchNamesFileAndTree() throws Exception {
    tinySample();
    DataException e =
        assertThrows(
            DataException.class,
            () -> fx.prepare(fx.params(params("").replace("inputs: [x]", "inputs: [nope]"))));
    assertTrue(
        e.getMessage().contains("sig.root") && e.getMessage().contains("'nope'"), e.getMessage());
  }

  @Test
  void emptyClassIsAnError() throws Exception {
    tinySample();
    DataException e =
        assertThrows(DataException.class, () -> fx.prepare(fx.params(params("cut: x < 10\n"))));
    assertTrue(
        e.getMessage().startsWith("class 'B' has no training events (read 2, after cut 0"),
        e.getMessage());
  }

  @Test
  void targetExpressionsGiveTheClassByArgmax() throws Exception {
    fx.file(
        "sig",
        Map.of("w", fill(4, 1), "x", new double[] {1, 2, 3, 4}, "isS", new double[] {1, 0, 1, 0}));
    fx.file(
        "bkg",
        Map.of("w", fill(4, 1), "x", new double[] {5, 6, 7, 8}, "isS", new double[] {0, 1, 0, 0}));
    PreparedData d =
        fx.prepare(fx.params(params("").replace("outputs: [$S, $B]", "outputs: [isS, 1 - isS]")));
    assertEquals(List.of("isS", "1 - isS"), d.classNames());
    assertEquals(3, d.report().get(0).kept());
    assertEquals(5, d.report().get(1).kept());
    SplitArrays t = d.training();
    for (int i = 0; i < t.nEvents(); i++) {
      float x = t.feature(i, 0);
      int expected = x == 1 || x == 3 || x == 6 ? 0 : 1;
      assertEquals(expected, t.labels()[i], "x = " + x);
    }
  }

  @Test
  void samplesOutsideTheClassesAreSkipped() throws Exception {
    tinySample();
    fx.write(
        "samples.yaml", SAMPLES + "  data: {files: [data/sig.root], tag: data, signal: true}\n");
    PreparedData d = fx.prepare(fx.params(params("")));
    assertEquals(2, d.files().size());
    assertTrue(fx.log().contains("sample 'data' (tag data) is not one of the classes"), fx.log());
  }

  @Test
  void otherVariablesAndProvenanceAreKept() throws Exception {
    tinySample();
    PreparedData d = fx.prepare(fx.params(params("other_variables: [x * 2, w]\n")));
    assertEquals(List.of("x_times_2", "w"), d.otherVariableNames());
    EventInfo e = d.trainingEvents();
    for (int i = 0; i < e.size(); i++) {
      assertEquals(d.training().feature(i, 0) * 2, e.otherVariables()[0][i], 1e-6);
      assertEquals(e.eventWeight()[i], e.otherVariables()[1][i]);
      PreparedFile f = d.files().get(e.file()[i]);
      assertEquals(f.signal() ? 0 : 1, d.training().labels()[i]);
    }
    PreparedFile bkg = d.files().get(1);
    assertEquals("bkg", bkg.sampleKey());
    assertEquals(10, bkg.xsec());
    assertEquals(20, bkg.eventWeightSum());
  }
}
