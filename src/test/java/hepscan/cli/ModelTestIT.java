package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.data.demo.DemoData;
import hepscan.model.TrainedModel;
import hepscan.rootio.RootFile;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.RootTree;
import hepscan.rootio.write.RootCheck;
import hepscan.scan.ResultFolder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last step of the workflow end to end on the demo: --scan, --zip the best trial, then --model
 * best --test. The ROOT files are read back by hepscan and by JSROOT, the scores are the loaded
 * model's own predictions, the splits partition the selected events, and the test AUC lands within
 * 0.01 of the demo's Bayes-optimal AUC.
 */
class ModelTestIT {
  @TempDir static Path project;
  static CliRunner tested;

  @BeforeAll
  static void scanZipAndTest() throws Exception {
    DemoData.generate(
        project.resolve(DemoData.RELATIVE_DIR),
        DemoData.DEFAULT_SEED,
        DemoData.DEFAULT_EVENTS_PER_SAMPLE,
        new PrintStream(new ByteArrayOutputStream()));
    Files.createDirectories(project.resolve("parameters"));
    Files.copy(Path.of("samples/demo.yaml"), project.resolve("samples/demo.yaml"));
    String one =
        Files.readString(Path.of("parameters/demo.yaml"))
            .replaceAll("(?m)^  lr: .*$", "  lr: [0.003]")
            .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [32]")
            .replaceAll("(?m)^  epochs: .*$", "  epochs: [4]");
    Files.writeString(project.resolve("parameters/one.yaml"), one);
    CliRunner scan =
        CliRunner.run(
            "--scan",
            "one",
            "-C",
            project.toString(),
            "-p",
            project.resolve("parameters/one.yaml").toString());
    assertEquals(0, scan.exitCode(), scan.out() + scan.err());
    String zip = ResultFolder.readRows(project.resolve("model/one.csv")).get(0).get("zip");
    CliRunner adopt =
        CliRunner.run(
            "--zip",
            project.resolve("model/one").resolve(zip).toString(),
            project.resolve("model/best.zip").toString());
    assertEquals(0, adopt.exitCode(), adopt.out() + adopt.err());
    tested = CliRunner.run("--model", "best", "--test", "-C", project.toString());
    assertEquals(0, tested.exitCode(), tested.out() + tested.err());
  }

  private static final List<String> FILES =
      List.of(
          "test/signal.root", "test/background.root", "train/signal.root", "train/background.root");

  @Test
  void filesReadBackByJsrootWithTheSameEntriesAndSums() throws Exception {
    RootCheck.assumeAvailable();
    for (String f : FILES) {
      Path file = project.resolve("model/best").resolve(f);
      JsonNode js = RootCheck.read(file).path("trees").get(0);
      try (RootFile root = RootFile.open(file)) {
        RootTree tree = root.tree("tree");
        assertEquals(tree.entries(), js.path("entries").asLong(), f);
        assertTrue(tree.entries() > 10_000, f + ": " + tree.entries());
        for (JsonNode b : js.path("branches")) {
          String name = b.path("name").asText();
          Column c = tree.read(name);
          double sum = 0;
          for (int i = 0; i < c.size(); i++) {
            sum += c.getDouble(i);
          }
          double jsSum = b.path("stats").path("sum").asDouble();
          assertEquals(jsSum, sum, 1e-9 * Math.max(1, Math.abs(sum)), f + " " + name);
        }
        assertEquals(tree.leaves().size(), js.path("branches").size(), f);
      }
    }
  }

  /** output_signal is what the model predicts for the unscaled inputs stored beside it. */
  @Test
  void scoresAreTheModelsOwnPredictions() throws Exception {
    try (TrainedModel model = TrainedModel.load(project.resolve("model/best.zip"));
        RootFile root = RootFile.open(project.resolve("model/best/test/signal.root"))) {
      List<String> features = model.info().orElseThrow().featureNames();
      RootTree tree = root.tree("tree");
      int n = (int) tree.entries();
      Map<String, Column> cols = tree.read(features);
      float[] x = new float[n * features.size()];
      for (int j = 0; j < features.size(); j++) {
        float[] v = (float[]) cols.get(features.get(j)).array();
        for (int i = 0; i < n; i++) {
          x[i * features.size() + j] = v[i];
        }
      }
      float[] p = model.predict(x, n);
      float[] stored = (float[]) tree.read("output_signal").array();
      float[] background = (float[]) tree.read("output_background").array();
      for (int i = 0; i < n; i++) {
        assertEquals(p[i], stored[i], 1e-6, "event " + i);
        assertEquals(1 - p[i], background[i], 1e-6, "event " + i);
      }
    }
  }

  /**
   * Training, evaluation and test events together are exactly the selected events of the sample
   * files (every event passes the demo's cut; negative weights are dropped), each once.
   */
  @Test
  void theSplitsPartitionTheSelectedEvents() throws Exception {
    JsonNode sources =
        new ObjectMapper().readTree(project.resolve("model/best/sources.json").toFile());
    Set<String> seen = new HashSet<>();
    for (String f : FILES) {
      try (RootFile root = RootFile.open(project.resolve("model/best").resolve(f))) {
        RootTree tree = root.tree("tree");
        Map<String, Column> c = tree.read(List.of("source_file", "entry", "split"));
        for (int i = 0; i < tree.entries(); i++) {
          int split = (int) c.get("split").getLong(i);
          assertTrue(f.startsWith("test/") ? split == 2 : split == 0 || split == 1, f);
          String key = c.get("source_file").getLong(i) + ":" + c.get("entry").getLong(i);
          assertTrue(seen.add(key), "event " + key + " written twice");
        }
      }
    }
    Set<String> selected = new HashSet<>();
    for (JsonNode s : sources) {
      try (RootFile root = RootFile.open(Path.of(s.path("path").asText()))) {
        RootTree tree = root.tree(DemoData.TREE);
        Column w = tree.read("event_weight");
        for (int i = 0; i < w.size(); i++) {
          if (w.getDouble(i) > 0) {
            selected.add(s.path("source_file").asInt() + ":" + i);
          }
        }
      }
    }
    assertEquals(selected, seen);
  }

  @Test
  void summaryPlotsAndTheBayesLimit() throws Exception {
    JsonNode summary =
        new ObjectMapper().readTree(project.resolve("model/best/test/summary.json").toFile());
    double auc = summary.path("classes").get(0).path("auc").asDouble();
    double bayes =
        new ObjectMapper()
            .readTree(project.resolve("samples/demo/bayes.json").toFile())
            .path("bayes_auc")
            .asDouble();
    assertTrue(Math.abs(auc - bayes) < 0.01, "test AUC " + auc + ", Bayes " + bayes);
    assertEquals(3, summary.path("working_points").size());
    assertTrue(tested.out().contains("working point: background efficiency"), tested.out());
    // where the time went, each part a figure
    assertTrue(
        java.util.regex.Pattern.compile(
                "test outputs: \\d+ events in [0-9.]+ s \\(\\d+ events/s\\): reading the prepared"
                    + " data [0-9.]+ s, inference [0-9.]+ s, gathering the columns [0-9.]+ s, ROOT"
                    + " writing [0-9.]+ s beside them \\(.* on \\d+ cores, [0-9.]+ s of CPU time"
                    + " compressing, [0-9.]+ s writing the files\\), waiting for the writing"
                    + " [0-9.]+ s, the rest \\(summary\\) [0-9.]+ s; without the summary \\d+"
                    + " events/s")
            .matcher(tested.out())
            .find(),
        tested.out());
    for (String png :
        List.of(
            "roc.png",
            "roc_log.png",
            "score_signal.png",
            "score_background.png",
            "confusion.png",
            "learning_curves.png")) {
      BufferedImage image =
          ImageIO.read(project.resolve("plotting/best/test").resolve(png).toFile());
      assertEquals(900, image.getWidth(), png);
      assertEquals(650, image.getHeight(), png);
    }
  }

  @Test
  void badInputIsOneLineWithTheRightExitCode() throws Exception {
    CliRunner none = CliRunner.run("--model", "nosuch", "--test", "-C", project.toString());
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("no model 'nosuch'"), none.err());
    assertEquals(1, none.err().strip().lines().count(), none.err());

    CliRunner noTest = CliRunner.run("--model", "best", "-C", project.toString());
    assertEquals(2, noTest.exitCode());
    assertTrue(noTest.err().contains("needs one of --test"), noTest.err());

    Path broken = Files.write(project.resolve("model/broken.zip"), new byte[] {'P', 'K', 3, 4});
    CliRunner corrupt =
        CliRunner.run("--model", broken.toString(), "--test", "-C", project.toString());
    assertEquals(1, corrupt.exitCode(), corrupt.err());
    assertTrue(corrupt.err().contains("cannot load model"), corrupt.err());
    assertFalse(Files.exists(project.resolve("model/broken/test")));
  }

  /** A sample list changed since training: refused by hash, then written anyway with --force. */
  @Test
  void changedEventsAreRefusedUnlessForced() throws Exception {
    Path list = project.resolve("samples/demo.yaml");
    String original = Files.readString(list);
    try {
      Files.writeString(list, original + "# edited after training\n");
      CliRunner refused = CliRunner.run("--model", "best", "--test", "-C", project.toString());
      assertEquals(2, refused.exitCode(), refused.out() + refused.err());
      assertTrue(
          refused.err().contains("the events differ from those best.zip was trained on")
              && refused.err().contains("--force"),
          refused.err());
      CliRunner forced =
          CliRunner.run("--model", "best", "--test", "--force", "-C", project.toString());
      assertEquals(0, forced.exitCode(), forced.out() + forced.err());
      assertTrue(forced.out().contains("writing them anyway (--force)"), forced.out());
    } finally {
      Files.writeString(list, original);
    }
  }

  /**
   * --output KEY scores every event of a sample: a sample used in training (dy) is warned about,
   * one that was not (data, tag outside the classes) is not; the scores of dy's test events equal
   * those in the test outputs.
   */
  @Test
  void outputScoresEveryEventOfOtherSamples() throws Exception {
    Path list = project.resolve("samples/demo.yaml");
    String original = Files.readString(list);
    try {
      Files.writeString(
          list, original + "  data:\n    files: [samples/demo/dy.root]\n    tag: data\n");
      CliRunner r =
          CliRunner.run("--model", "best", "--output", "dy", "data", "-C", project.toString());
      assertEquals(0, r.exitCode(), r.out() + r.err());
      assertTrue(r.out().contains("WARNING: sample 'dy' was one of the model's training"), r.out());
      assertFalse(r.out().contains("WARNING: sample 'data'"), r.out());
      Map<Long, Float> testScores = new java.util.HashMap<>();
      JsonNode sources =
          new ObjectMapper().readTree(project.resolve("model/best/sources.json").toFile());
      int dyIndex = -1;
      for (JsonNode s : sources) {
        if (s.path("sample").asText().equals("dy")) {
          dyIndex = s.path("source_file").asInt();
        }
      }
      try (RootFile root = RootFile.open(project.resolve("model/best/test/background.root"))) {
        Map<String, Column> c =
            root.tree("tree").read(List.of("source_file", "entry", "output_signal"));
        for (int i = 0; i < c.get("entry").size(); i++) {
          if (c.get("source_file").getLong(i) == dyIndex) {
            testScores.put(c.get("entry").getLong(i), (float) c.get("output_signal").getDouble(i));
          }
        }
      }
      assertTrue(testScores.size() > 10_000, "dy test events: " + testScores.size());
      for (String key : List.of("dy", "data")) {
        Path file = project.resolve("model/best/output").resolve(key + ".root");
        try (RootFile root = RootFile.open(file)) {
          RootTree tree = root.tree("tree");
          assertEquals(DemoData.DEFAULT_EVENTS_PER_SAMPLE, tree.entries(), key);
          Map<String, Column> c =
              tree.read(List.of("entry", "output_signal", "split", "class_index"));
          int compared = 0;
          for (int i = 0; i < tree.entries(); i++) {
            assertEquals(i, c.get("entry").getLong(i));
            assertEquals(3, c.get("split").getLong(i));
            assertEquals(-1, c.get("class_index").getLong(i));
            Float expected = testScores.get((long) i);
            if (expected != null) {
              assertEquals(expected, (float) c.get("output_signal").getDouble(i), 1e-6);
              compared++;
            }
          }
          assertEquals(testScores.size(), compared, key);
        }
        assertTrue(Files.isRegularFile(file.resolveSibling(key + ".sources.json")));
      }
      CliRunner unknown =
          CliRunner.run("--model", "best", "--output", "nosuch", "-C", project.toString());
      assertEquals(2, unknown.exitCode());
      assertTrue(unknown.err().contains("has no key 'nosuch'; its keys: signal, ttbar, dy, data"));
    } finally {
      Files.writeString(list, original);
    }
  }
}
