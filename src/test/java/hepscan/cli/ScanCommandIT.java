package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.demo.DemoData;
import hepscan.model.TrainedModel;
import hepscan.scan.ResultFolder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local scan end to end, black-box through the command line: demo-like ROOT files made by the
 * project's writer, a 2 x 2 grid, ranked CSV, resume without retraining, --csv and --zip.
 */
class ScanCommandIT {
  @TempDir static Path project;
  @TempDir static Path elsewhere;

  @BeforeAll
  static void smallDemoProject() throws Exception {
    DemoData.generate(
        project.resolve(DemoData.RELATIVE_DIR),
        7,
        4_000,
        new PrintStream(new ByteArrayOutputStream()));
    Files.createDirectories(project.resolve("parameters"));
    Files.copy(Path.of("samples/demo.yaml"), project.resolve("samples/demo.yaml"));
    String demo = Files.readString(Path.of("parameters/demo.yaml"));
    // the shipped demo parameters, with a 2 x 2 grid of short trainings
    String small =
        demo.replaceAll("(?m)^  lr: .*$", "  lr: [0.003, 0.01]")
            .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [8, 16]")
            .replaceAll("(?m)^  epochs: .*$", "  epochs: [3]")
            .replaceAll("(?m)^  batch_size: .*$", "  batch_size: [256]");
    Files.writeString(project.resolve("parameters/small.yaml"), small);
  }

  private static CliRunner scan() {
    return CliRunner.run(
        "--scan",
        "small",
        "-C",
        project.toString(),
        "-p",
        project.resolve("parameters/small.yaml").toString(),
        "--device",
        "cpu");
  }

  @Test
  void scanRanksResumesCollectsAndRenames() throws Exception {
    CliRunner first = scan();
    assertEquals(0, first.exitCode(), first.out() + first.err());
    assertTrue(
        first
            .out()
            .contains("4 trials (4 combinations x 1 repetitions), 0 already done, 4 to train"),
        first.out());

    Path ranked = project.resolve("model/small.csv");
    List<Map<String, String>> rows = ResultFolder.readRows(ranked);
    assertEquals(4, rows.size());
    double previous = Double.POSITIVE_INFINITY;
    for (Map<String, String> row : rows) {
      double auc = Double.parseDouble(row.get("auc"));
      assertTrue(auc <= previous, "not ranked by descending auc: " + rows);
      previous = auc;
      assertTrue(auc > 0.7 && auc <= 1, "auc " + auc);
      assertTrue(Files.isRegularFile(project.resolve("model/small").resolve(row.get("zip"))));
      assertEquals("cpu()", row.get("device"));
      assertEquals("3", row.get("epochs"));
    }
    assertEquals(4, rows.stream().map(r -> r.get("trial_id")).distinct().count());

    // --report on the real results: table, curves from the zips (ROC points of format 2)
    CliRunner report =
        CliRunner.run(
            "--report",
            "small",
            "-C",
            project.toString(),
            "-p",
            project.resolve("parameters/small.yaml").toString());
    assertEquals(0, report.exitCode(), report.out() + report.err());
    assertTrue(report.out().contains("The 4 best trials"), report.out());
    // the best is the first ranked trial that is not overtrained (KS p-value >= 0.05)
    Map<String, String> expectedBest =
        rows.stream()
            .filter(r -> Double.parseDouble(r.get("ks_pvalue")) >= 0.05)
            .findFirst()
            .orElseThrow();
    List<String> reportLines = report.out().lines().toList();
    assertEquals(
        "./hepscan --zip "
            + project.resolve("model/small").resolve(expectedBest.get("zip"))
            + " "
            + project.resolve("model/small.zip"),
        reportLines.get(reportLines.size() - 1));
    for (String png : List.of("roc.png", "learning_curves.png", "importance.png", "heatmap.png")) {
      java.awt.image.BufferedImage image =
          javax.imageio.ImageIO.read(project.resolve("plotting/small").resolve(png).toFile());
      assertEquals(900, image.getWidth(), png);
      assertEquals(560, image.getHeight(), png);
    }
    assertFalse(report.out().contains("no ROC points"), report.out());

    // a second run trains nothing and leaves the results as they were
    Path bestZip = project.resolve("model/small").resolve(rows.get(0).get("zip"));
    FileTime before = Files.getLastModifiedTime(bestZip);
    CliRunner again = scan();
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains("4 already done, 0 to train"), again.out());
    // nothing to train: the data are not even read from the cache
    assertFalse(again.out().contains("data: "), again.out());
    assertEquals(before, Files.getLastModifiedTime(bestZip));
    assertEquals(rows, ResultFolder.readRows(ranked));

    // a copy of the project (another folder, new modification times) reuses every result
    Path copy = elsewhere.resolve("copied-project");
    hepscan.TestFiles.copyTree(project, copy);
    CliRunner copied =
        CliRunner.run(
            "--scan",
            "small",
            "-C",
            copy.toString(),
            "-p",
            copy.resolve("parameters/small.yaml").toString(),
            "--device",
            "cpu");
    assertEquals(0, copied.exitCode(), copied.err());
    assertTrue(copied.out().contains("4 already done, 0 to train"), copied.out());

    // --csv ranks the same folder into the same file
    Files.delete(ranked);
    CliRunner csv =
        CliRunner.run(
            "--csv",
            project.resolve("model/small").toString(),
            "-C",
            project.toString(),
            "-p",
            project.resolve("parameters/small.yaml").toString());
    assertEquals(0, csv.exitCode(), csv.err());
    assertEquals(rows, ResultFolder.readRows(ranked));

    // --zip renames the best model; the copy loads and predicts like the original
    Path mine = project.resolve("model/my_model.zip");
    CliRunner zip = CliRunner.run("--zip", bestZip.toString(), mine.toString());
    assertEquals(0, zip.exitCode(), zip.err());
    try (TrainedModel a = TrainedModel.load(bestZip);
        TrainedModel b = TrainedModel.load(mine)) {
      float[] probe = a.probeInputs();
      int n = probe.length / a.nInputs();
      assertEquals(n * a.nOutputs(), a.predict(probe, n).length);
      assertTrue(java.util.Arrays.equals(a.predict(probe, n), b.predict(probe, n)));
      assertEquals("my_model", b.info().orElseThrow().name());
    }
    CliRunner exists = CliRunner.run("--zip", bestZip.toString(), mine.toString());
    assertEquals(2, exists.exitCode());
    assertTrue(
        exists.err().contains("exists already") && exists.err().contains("--force"), exists.err());
    // renaming onto itself is refused and deletes nothing
    CliRunner self = CliRunner.run("--zip", mine.toString(), mine.toString(), "--force");
    assertEquals(1, self.exitCode());
    assertTrue(self.err().contains("are the same file"), self.err());
    assertTrue(Files.isRegularFile(mine));
    // a damaged source cannot replace a good destination
    Path broken = project.resolve("model/broken.zip");
    Files.write(broken, new byte[] {'P', 'K', 3, 4, 0, 0});
    CliRunner bad = CliRunner.run("--zip", broken.toString(), mine.toString(), "--force");
    assertEquals(1, bad.exitCode());
    try (TrainedModel still = TrainedModel.load(mine)) {
      assertEquals("my_model", still.info().orElseThrow().name());
    }

    // a smaller grid reuses its trials and ranks only them
    Path params = project.resolve("parameters/small.yaml");
    String small = Files.readString(params);
    Files.writeString(params, small.replaceAll("(?m)^  lr: .*$", "  lr: [0.003]"));
    CliRunner narrower = scan();
    assertEquals(0, narrower.exitCode(), narrower.err());
    assertTrue(
        narrower
            .out()
            .contains("2 trials (2 combinations x 1 repetitions), 2 already done, 0 to train"),
        narrower.out());
    assertTrue(
        narrower.out().contains("2 result(s) in ") && narrower.out().contains("not ranked"),
        narrower.out());
    assertEquals(2, ResultFolder.readRows(ranked).size());

    // another split seed changes the data: nothing is reused
    Files.writeString(params, Files.readString(params).replaceAll("(?m)^seed: .*$", "seed: 43"));
    CliRunner otherData = scan();
    assertEquals(0, otherData.exitCode(), otherData.err());
    assertTrue(otherData.out().contains("0 already done, 2 to train"), otherData.out());
    // the demo's own data get the Bayes-optimal line
    assertTrue(otherData.out().contains("Bayes-optimal AUC"), otherData.out());

    // an analysis' own files (here copies of the demo's elsewhere) get no Bayes line
    Path own = Files.createDirectories(project.resolve("samples/mine"));
    for (String f : DemoData.files()) {
      Files.copy(project.resolve(DemoData.RELATIVE_DIR).resolve(f), own.resolve(f));
    }
    Files.writeString(
        project.resolve("samples/mine.yaml"),
        Files.readString(project.resolve("samples/demo.yaml"))
            .replace("samples/demo/", "samples/mine/"));
    Files.writeString(
        params,
        Files.readString(params)
            .replace("samples: samples/demo.yaml", "samples: samples/mine.yaml")
            .replace("samples/demo/xsec.json", "samples/mine/xsec.json")
            .replace("samples/demo/event_weight_sum.json", "samples/mine/event_weight_sum.json")
            .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [8]")
            .replaceAll("(?m)^  epochs: .*$", "  epochs: [1]"));
    CliRunner analysis = scan();
    assertEquals(0, analysis.exitCode(), analysis.err());
    assertTrue(analysis.out().contains("1 to train"), analysis.out());
    assertFalse(analysis.out().contains("Bayes"), analysis.out());
  }
}
