package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.ParametersLoader;
import hepscan.rootio.RootFile;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.RootTree;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prepare() on real ROOT files (uproot-HZZ.root, tree {@code events}, 2421 entries as rootcheck
 * reports in {@code root/reference/uproot-HZZ.json}), with counts recomputed from the reader's raw
 * columns in the test.
 */
class RootDataPreparationTest {
  static final Path ROOT = Path.of("src/test/resources/root").toAbsolutePath();

  @TempDir Path dir;

  /** A sample list: signal "hzz" and a background, both tree {@code events}. */
  private void writeSamples(Path sig, String backgroundKey, Path bkg) throws java.io.IOException {
    Files.writeString(
        dir.resolve("samples.yaml"),
        "samples:\n"
            + "  hzz: {files: ['"
            + sig
            + "'], tree: events, tag: S, signal: true}\n"
            + "  "
            + backgroundKey
            + ": {files: ['"
            + bkg
            + "'], tree: events, tag: B}\n");
  }

  /**
   * A background whose tree lacks the weight and an input branch: both are named, for that file,
   * before any file is read (reported as bad input).
   */
  @Test
  void branchesMissingFromOneSampleAreFoundBeforeAnyDataIsRead() throws Exception {
    Path sig = ROOT.resolve("uproot-HZZ.root");
    Path bkg = ROOT.resolve("uproot-Zmumu.root");
    writeSamples(sig, "zmumu", bkg);
    Files.writeString(dir.resolve("xsec.json"), "{\"zmumu\": 2.0}");
    Files.writeString(dir.resolve("sums.json"), "{\"zmumu\": 4.0}");
    Files.writeString(
        dir.resolve("params.yaml"),
        """
        ratios: {training: 0.6, evaluation: 0.2, output: 0.2}
        suffix: miss
        samples: samples.yaml
        xsec_json: xsec.json
        event_weight_sum_json: sums.json
        scan: {lr: [0.01]}
        weight: EventWeight
        inputs: [MET_px]
        outputs: [$S, $B]
        """);
    var p = ParametersLoader.load(dir.resolve("params.yaml"), dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    DataException e = assertThrows(DataException.class, () -> DataPreparation.prepare(p, dir, log));
    assertTrue(e.badInput());
    String m = e.getMessage();
    assertTrue(m.contains(bkg + ": ") && m.contains("EventWeight") && m.contains("MET_px"), m);
    assertTrue(!m.contains(sig + ": "), "the signal file has both branches: " + m);
    assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("data: reading"), "data were read");
  }

  @Test
  void endToEndOnHzz() throws Exception {
    Path sig = ROOT.resolve("uproot-HZZ.root");
    Path bkg = ROOT.resolve("uproot-HZZ-zlib.root");
    writeSamples(sig, "other", bkg);
    Files.writeString(dir.resolve("xsec.json"), "{\"uproot-HZZ-zlib\": 2.0}");
    Files.writeString(dir.resolve("sums.json"), "{\"other\": 4.0}");
    Files.writeString(
        dir.resolve("params.yaml"),
        """
        ratios: {training: 0.6, evaluation: 0.2, output: 0.2}
        seed: 3
        suffix: hzz
        cache: true
        samples: samples.yaml
        xsec_json: xsec.json
        event_weight_sum_json: sums.json
        scan: {lr: [0.01]}
        cut: NMuon >= 1
        weight: EventWeight
        inputs: [MET_px, 'Jet_Px[0]', NJet@op]
        outputs: [$S, $B]
        other_variables: [MET_py]
        """);
    var p = ParametersLoader.load(dir.resolve("params.yaml"), dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PreparedData d = DataPreparation.prepare(p, dir, log);

    // the expected counts, from the raw columns
    Map<String, Column> raw;
    try (RootFile f = RootFile.open(sig)) {
      RootTree t = f.tree("events");
      raw = t.read(List.of("NMuon", "EventWeight", "MET_px", "Jet_Px", "NJet"));
    }
    Column nMuon = raw.get("NMuon");
    Column w = raw.get("EventWeight");
    Column jet = raw.get("Jet_Px");
    int[] off = jet.offsets();
    long afterCut = 0;
    long afterWeights = 0;
    long kept = 0;
    double lwSum = 0;
    for (int e = 0; e < 2421; e++) {
      if (nMuon.getDouble(e) >= 1) {
        afterCut++;
        if (w.getDouble(e) > 0) {
          afterWeights++;
          if (off[e + 1] > off[e]) { // Jet_Px[0] exists
            kept++;
            lwSum += w.getDouble(e);
          }
        }
      }
    }
    ClassReport s = d.report().get(0);
    assertEquals(2421, s.read());
    assertEquals(afterCut, s.afterCut());
    assertEquals(afterWeights, s.afterWeights());
    assertEquals(kept, s.kept());
    assertEquals(lwSum, s.learningWeightSum(), 1e-9 * lwSum);
    ClassReport b = d.report().get(1);
    assertEquals(kept, b.kept(), "the same content, zlib-compressed");
    assertEquals(
        lwSum * 2.0 / 4.0,
        b.learningWeightSum(),
        1e-9 * lwSum,
        "xsec by file name, sum by sample key");
    assertEquals(
        2 * (afterWeights - kept),
        d.nonFinite().get("Jet_Px[0]"),
        "no leading jet (both files): Jet_Px[0] is NaN");
    assertEquals(
        kept * 2, d.training().nEvents() + d.evaluation().nEvents() + d.output().nEvents());

    // features are the raw values of the right entries; one-hot from the training NJet values
    EventInfo info = d.trainingEvents();
    Column met = raw.get("MET_px");
    for (int i = 0; i < info.size(); i++) {
      int e = (int) info.entry()[i];
      assertEquals((float) met.getDouble(e), d.training().feature(i, 0));
      assertEquals((float) jet.getDouble(off[e]), d.training().feature(i, 1));
    }
    assertEquals(List.of("MET_px", "Jet_Px_0"), d.featureNames().subList(0, 2));
    List<Long> njet = d.oneHotCategories().get("NJet@op");
    assertTrue(njet.get(0) >= 1, "events without jets were dropped: " + njet);
    assertEquals(2 + njet.size(), d.featureNames().size());

    // second run: the cache
    PreparedData again = DataPreparation.prepare(p, dir, log);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("data: from cache"));
    DataCacheTest.assertSame(d, again);
  }

  /**
   * A plain float leaf goes from the reader's floats straight into the features; an expression of
   * it is evaluated in doubles and converted. Both must give the same feature values, in every
   * split, as must an integer leaf (converted through doubles).
   */
  @Test
  void plainLeavesAndTheirEvaluatedCopiesGiveTheSameFeatures() throws Exception {
    Path sig = ROOT.resolve("uproot-HZZ.root");
    Files.writeString(
        dir.resolve("samples.yaml"),
        "samples:\n  hzz: {files: ['"
            + sig
            + "'], tree: events, tag: S, signal: true}\n"
            + "  other: {files: ['"
            + ROOT.resolve("uproot-HZZ-lz4.root")
            + "'], tree: events, tag: B}\n");
    Files.writeString(dir.resolve("x.json"), "{\"other\": 1.0}");
    Files.writeString(
        dir.resolve("params.yaml"),
        """
        samples: samples.yaml
        xsec_json: x.json
        event_weight_sum_json: x.json
        cache: false
        scan: {lr: [0.01]}
        weight: EventWeight
        inputs: [MET_px, '1 * MET_px', NJet, 'NJet + 0', 'Jet_Px[0]', 'Jet_Px[0] * 1']
        outputs: [$S, $B]
        """);
    var p = ParametersLoader.load(dir.resolve("params.yaml"), dir);
    PreparedData d =
        DataPreparation.prepare(p, dir, new PrintStream(java.io.OutputStream.nullOutputStream()));
    long rows = 0;
    for (SplitArrays s : List.of(d.training(), d.evaluation(), d.output())) {
      for (int i = 0; i < s.nEvents(); i++) {
        for (int j = 0; j < 6; j += 2) {
          assertEquals(s.feature(i, j), s.feature(i, j + 1), "row " + i + " feature " + j);
        }
      }
      rows += s.nEvents();
    }
    assertTrue(rows > 1000, rows + " rows");
  }

  @Test
  void arrayBranchWithoutIndexIsAnError() throws Exception {
    Path sig = ROOT.resolve("uproot-HZZ.root");
    RootSampleReader reader = new RootSampleReader();
    DataException e =
        assertThrows(
            DataException.class,
            () ->
                reader.read(
                    sig,
                    "events",
                    java.util.Set.of(new hepscan.data.expr.VariableRef("Jet_Px", -1))));
    assertTrue(
        e.getMessage().contains("'Jet_Px' holds jagged arrays; use an element such as Jet_Px[0]"),
        e.getMessage());
    DataException scalar =
        assertThrows(
            DataException.class,
            () ->
                reader.read(
                    sig, "events", java.util.Set.of(new hepscan.data.expr.VariableRef("NJet", 0))));
    assertTrue(scalar.getMessage().contains("is a scalar"), scalar.getMessage());
    DataException tree =
        assertThrows(DataException.class, () -> reader.read(sig, "nosuchtree", java.util.Set.of()));
    assertTrue(tree.getMessage().contains("uproot-HZZ.root"), tree.getMessage());
  }

  /** A NanoAOD-like file: tree {@code Events} (x, w) and tree {@code Runs} (genEventSumw). */
  private static void nanoLike(Path file, float[] x, float[] w, double[] runSums) throws Exception {
    try (RootFileWriter out = RootFileWriter.create(file)) {
      out.createTree(
              "Events",
              "events",
              List.of(new BranchSpec("x", LeafType.FLOAT), new BranchSpec("w", LeafType.FLOAT)))
          .append(x, w);
      if (runSums != null) {
        out.createTree("Runs", "runs", List.of(new BranchSpec("genEventSumw", LeafType.DOUBLE)))
            .append((Object) runSums);
      }
      out.finish();
    }
  }

  /**
   * Event-weight sums read from each file's Runs/genEventSumw, summed over the runs and files of
   * the sample. By hand: runs 100 + 50 and 30 give 180; the background's learning weights are w x
   * xsec / 180 = (2 + 4 + 6) x 9 / 180 = 0.6 before the split.
   */
  @Test
  void eventWeightSumsReadFromARunsTree() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    nanoLike(data.resolve("sig.root"), new float[] {1, 2}, new float[] {1, 1}, null);
    nanoLike(
        data.resolve("bkg1.root"), new float[] {3, 4}, new float[] {2, 4}, new double[] {100, 50});
    nanoLike(data.resolve("bkg2.root"), new float[] {5}, new float[] {6}, new double[] {30});
    Files.writeString(
        dir.resolve("samples.yaml"),
        """
        samples:
          sig: {files: [data/sig.root], tree: Events, tag: S, signal: true}
          bkg:
            files: [data/bkg*.root]
            tree: Events
            tag: B
            event_weight_sum_from: Runs/genEventSumw
        """);
    Files.writeString(dir.resolve("xsec.json"), "{\"bkg\": 9.0}");
    Files.writeString(
        dir.resolve("params.yaml"),
        """
        ratios: {training: 0.5, evaluation: 0.25, output: 0.25}
        suffix: runs
        cache: false
        samples: samples.yaml
        xsec_json: xsec.json
        scan: {lr: [0.01]}
        weight: w
        inputs: [x]
        outputs: [$S, $B]
        """);
    var p = ParametersLoader.load(dir.resolve("params.yaml"), dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PreparedData d = DataPreparation.prepare(p, dir, log);
    for (PreparedFile f : d.files()) {
      if (f.sampleKey().equals("bkg")) {
        assertEquals(180.0, f.eventWeightSum(), 1e-12, f.path().toString());
      }
    }
    assertEquals(0.6, d.report().get(1).learningWeightSum(), 1e-6);
    assertTrue(
        bytes
            .toString(StandardCharsets.UTF_8)
            .contains("sample 'bkg': event-weight sum 180.0 read from Runs/genEventSumw in its 2"),
        bytes.toString(StandardCharsets.UTF_8));

    // one file without the Runs tree: said for that file before any data is read
    nanoLike(data.resolve("bkg3.root"), new float[] {7}, new float[] {1}, null);
    bytes.reset();
    var again = ParametersLoader.load(dir.resolve("params.yaml"), dir);
    DataException e =
        assertThrows(DataException.class, () -> DataPreparation.prepare(again, dir, log));
    assertTrue(e.badInput());
    assertTrue(
        e.getMessage().contains("bkg3.root") && e.getMessage().contains("Runs"), e.getMessage());
    assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("data: reading"), "data were read");
  }
}
