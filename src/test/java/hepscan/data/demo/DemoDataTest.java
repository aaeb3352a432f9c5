package hepscan.data.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.rootio.RootFile;
import hepscan.rootio.tree.LeafInfo;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.RootTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo folder written through hepscan's ROOT writer and read back through its reader. */
class DemoDataTest {
  private static final int SMALL = 5_000;
  private static final int BAYES_SMALL = 20_000;
  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @TempDir Path tmp;

  /**
   * jet_pt[n_jets]: n_jets elements per event, the first two jet1_pt and jet2_pt, the others softer
   * than jet2_pt and in decreasing order.
   */
  private static void checkJetPts(DemoEvents e, hepscan.rootio.tree.Column jetPt) {
    int[] offsets = jetPt.offsets();
    float[] v = (float[]) jetPt.array();
    assertEquals(hepscan.rootio.tree.LeafShape.JAGGED, jetPt.leaf().shape());
    int soft = 0;
    for (int i = 0; i < e.size(); i++) {
      int at = offsets[i];
      assertEquals(e.nJets()[i], offsets[i + 1] - at, "jets of event " + i);
      assertEquals((float) e.jet1Pt()[i], v[at], "leading jet of event " + i);
      assertEquals((float) e.jet2Pt()[i], v[at + 1], "second jet of event " + i);
      for (int j = at + 2; j < offsets[i + 1]; j++) {
        assertTrue(v[j] <= v[j - 1] && v[j] >= 0, "jets of event " + i + " in decreasing order");
        soft++;
      }
    }
    assertTrue(soft > e.size() / 2, "soft jets written: " + soft);
  }

  @Test
  void writesEveryFileAndTheRootColumnsHoldTheGeneratedEvents() throws IOException {
    Path dir = tmp.resolve("samples/demo");
    DemoData.Summary summary = DemoData.generate(dir, 7, SMALL, BAYES_SMALL, QUIET);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          DemoData.files().stream().sorted().toList(),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    for (SampleModel model : DemoModel.samples()) {
      DemoData.Sample expected = DemoData.sample(model, 7, SMALL);
      try (RootFile f = RootFile.open(dir.resolve(model.name() + ".root"))) {
        RootTree tree = f.tree(DemoData.TREE);
        assertEquals(SMALL, tree.entries());
        Map<String, LeafType> types =
            tree.leaves().stream().collect(Collectors.toMap(LeafInfo::name, LeafInfo::type));
        assertEquals(LeafType.FLOAT, types.get("m_bb"));
        assertEquals(LeafType.INT, types.get("n_jets"));
        assertEquals(LeafType.DOUBLE, types.get("event_weight"));
        assertEquals(13, types.size());
        assertEquals(LeafType.FLOAT, types.get("jet_pt"));
        checkJetPts(expected.events(), tree.read("jet_pt"));
        assertArrayEquals(floats(expected.events().mBb()), (float[]) tree.read("m_bb").array());
        assertArrayEquals(
            floats(expected.events().lepEta()), (float[]) tree.read("lep_eta").array());
        assertArrayEquals(expected.events().nJets(), (int[]) tree.read("n_jets").array());
        assertArrayEquals(expected.weights(), (double[]) tree.read("event_weight").array());
      }
      assertEquals(expected.generatorWeightSum(), summary.eventWeightSums().get(model.name()));
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode xsec = json.readTree(dir.resolve(DemoData.XSEC_JSON).toFile());
    assertEquals(List.of("ttbar", "dy"), fieldNames(xsec)); // backgrounds only
    assertEquals(831.76, xsec.get("ttbar").asDouble());
    JsonNode sums = json.readTree(dir.resolve(DemoData.EVENT_WEIGHT_SUM_JSON).toFile());
    assertEquals(List.of("signal", "ttbar", "dy"), fieldNames(sums));
    assertEquals(summary.eventWeightSums().get("dy"), sums.get("dy").asDouble());
    JsonNode bayes = json.readTree(dir.resolve(DemoData.BAYES_JSON).toFile());
    assertEquals(summary.bayes().auc(), bayes.get("bayes_auc").asDouble());
    assertTrue(bayes.get("method").asText().contains("likelihood ratio"));
    assertEquals(summary.bayes(), DemoData.readBayes(dir).orElseThrow());
    // the background mix follows hepscan's learning weights: xsec × positive weights / weight sum
    double tt = 831.76 * positiveSum("ttbar", dir) / sums.get("ttbar").asDouble();
    double dy = 6077.22 * positiveSum("dy", dir) / sums.get("dy").asDouble();
    assertEquals(tt / (tt + dy), bayes.get("background_fractions").get("ttbar").asDouble(), 1e-12);
  }

  @Test
  void sameSeedSameContent() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    DemoData.generate(a, 11, SMALL, BAYES_SMALL, QUIET);
    DemoData.generate(b, 11, SMALL, BAYES_SMALL, QUIET);
    for (String name :
        List.of(DemoData.XSEC_JSON, DemoData.EVENT_WEIGHT_SUM_JSON, DemoData.BAYES_JSON)) {
      assertArrayEquals(
          Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)), name);
    }
    for (SampleModel model : DemoModel.samples()) {
      byte[] x = Files.readAllBytes(a.resolve(model.name() + ".root"));
      byte[] y = Files.readAllBytes(b.resolve(model.name() + ".root"));
      assertEquals(x.length, y.length, model.name());
      // the writer stamps the time and a random UUID into each file; the data bytes are identical
      int differing = 0;
      for (int i = 0; i < x.length; i++) {
        differing += x[i] != y[i] ? 1 : 0;
      }
      assertTrue(differing <= 64, model.name() + ": " + differing + " bytes differ");
    }
  }

  @Test
  void ensureGeneratesOnceAndRejectsAnIncompleteFolder() throws IOException {
    // ensure() uses the default size: check the folder's presence logic with generate() first
    Path project = tmp.resolve("project");
    DemoData.generate(project.resolve(DemoData.RELATIVE_DIR), 3, 100, BAYES_SMALL, QUIET);
    assertFalse(DemoData.ensure(project, QUIET), "present: nothing to do");
    Files.delete(project.resolve(DemoData.RELATIVE_DIR).resolve("dy.root"));
    IOException e = assertThrows(IOException.class, () -> DemoData.ensure(project, QUIET));
    assertTrue(
        e.getMessage()
            .endsWith("lacks dy.root; delete the folder and hepscan will generate it again"),
        e.getMessage());
    FileAlreadyExistsException exists =
        assertThrows(
            FileAlreadyExistsException.class,
            () ->
                DemoData.generate(
                    project.resolve(DemoData.RELATIVE_DIR), 3, 100, BAYES_SMALL, QUIET));
    assertTrue(exists.getMessage().contains("delete it to regenerate it"), exists.getMessage());
    try (Stream<Path> left = Files.list(project.resolve("samples"))) {
      assertEquals(
          List.of("demo"),
          left.map(p -> p.getFileName().toString()).toList(),
          "no temporary folder left");
    }
  }

  @Test
  void defaultDemoOnAFreshCloneTimed() throws IOException {
    Path project = tmp.resolve("fresh");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    assertTrue(DemoData.ensure(project, new PrintStream(out, true, StandardCharsets.UTF_8)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    String log = out.toString(StandardCharsets.UTF_8);
    System.out.print(log);
    System.out.printf("demo: ensure() on a fresh clone took %.2f s in all%n", seconds);
    assertTrue(log.contains("Bayes-optimal AUC 0.90"), log);
    DemoData.Bayes bayes = DemoData.readBayes(project.resolve(DemoData.RELATIVE_DIR)).orElseThrow();
    assertTrue(bayes.auc() > 0.85 && bayes.auc() < 0.92, bayes.toString());
  }

  private static double positiveSum(String sample, Path dir) throws IOException {
    try (RootFile f = RootFile.open(dir.resolve(sample + ".root"))) {
      double s = 0;
      for (double w : (double[]) f.tree(DemoData.TREE).read("event_weight").array()) {
        s += w > 0 ? w : 0;
      }
      return s;
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Two first runs at once (an array job on a fresh checkout) both generate the folder; the one
   * that loses the rename keeps the winner's identical folder instead of failing.
   */
  @org.junit.jupiter.api.Test
  void twoGenerationsOfTheSameFolderAtOnceBothSucceed() throws Exception {
    Path dir = tmp.resolve("race/samples/demo");
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.List<java.util.concurrent.Future<DemoData.Summary>> runs =
          new java.util.ArrayList<>();
      for (int k = 0; k < 2; k++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return DemoData.generate(dir, 5, SMALL, BAYES_SMALL, QUIET);
                  } catch (java.nio.file.FileAlreadyExistsException e) {
                    return null; // it was already published when this one started: fine too
                  }
                }));
      }
      for (var run : runs) {
        run.get(); // neither may fail
      }
    } finally {
      pool.shutdownNow();
    }
    for (String f : DemoData.files()) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
  }

  @org.junit.jupiter.api.Test
  void publishingOntoAnExistingCompleteFolderKeepsIt() throws Exception {
    Path winner = tmp.resolve("winner");
    DemoData.generate(winner, 5, SMALL, BAYES_SMALL, QUIET);
    long size = Files.size(winner.resolve("signal.root"));
    Path loser = Files.createDirectories(tmp.resolve(".loser"));
    Files.writeString(loser.resolve("signal.root"), "not the winner's");
    // exactly the lost race: rename onto a non-empty folder ("Directory not empty" on Linux)
    DemoData.publish(loser, winner);
    assertEquals(size, Files.size(winner.resolve("signal.root")));
    // an incomplete folder in the way is still an error that says what to do
    Path partial = Files.createDirectories(tmp.resolve("partial"));
    Files.writeString(partial.resolve("signal.root"), "x");
    java.io.IOException e =
        assertThrows(java.io.IOException.class, () -> DemoData.publish(loser, partial));
    assertTrue(e.getMessage().contains("delete the folder"), e.getMessage());
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
