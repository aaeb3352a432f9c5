package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.report.ReportFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hepscan --report NAME} black-box on {@link ReportFixture}'s synthetic scan. */
class ReportCommandTest {

  private static CliRunner report(Path project, Path params, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("-C", project.toString(), "-p", params.toString(), "--report"));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(new String[0]));
  }

  @Test
  void reportsTheBestNotOvertrainedAndEndsWithTheCommandThatAdoptsIt(@TempDir Path project)
      throws Exception {
    Path params = ReportFixture.create(project, "auc");
    for (String name : List.of("syn", "syn.csv", "model/syn.csv")) {
      CliRunner r = report(project, params, name);
      assertEquals(0, r.exitCode(), r.out() + r.err());
      assertEquals("", r.err());
      assertTrue(r.out().contains("best: rank 2, trial t3, auc 0.9"), r.out());
      List<String> lines = r.out().lines().toList();
      assertEquals(
          "./hepscan --zip "
              + project.resolve("model/syn/syn_t3.zip")
              + " "
              + project.resolve("model/syn.zip"),
          lines.get(lines.size() - 1));
    }
    Path dir = project.resolve("plotting/syn");
    for (String f :
        List.of("index.html", "importance.png", "heatmap.png", "roc.png", "learning_curves.png")) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
    CliRunner allowed = report(project, params, "syn", "--allow-overtrained");
    assertEquals(0, allowed.exitCode(), allowed.err());
    assertTrue(
        allowed.out().contains("best: rank 1, trial t4, auc 0.91 (overtrained: KS p-value < 0.05;"),
        allowed.out());
    assertTrue(allowed.out().strip().endsWith("syn_t4.zip " + project.resolve("model/syn.zip")));

    // the threshold is a parameters key: at 0.005 no trial is overtrained
    Files.writeString(params, "eval_criterion: auc\novertraining_ks_pvalue: 0.005\n");
    CliRunner lower = report(project, params, "syn");
    assertTrue(lower.out().contains("best: rank 1, trial t4"), lower.out());
    Files.writeString(params, "eval_criterion: auc\novertraining_ks_pvalue: 5\n");
    CliRunner bad = report(project, params, "syn");
    assertEquals(2, bad.exitCode());
    assertTrue(
        bad.err().contains("overtraining_ks_pvalue") && bad.err().contains("[0, 1]"), bad.err());
  }

  @Test
  void badInputGetsOneLineAndItsExitCode(@TempDir Path project) throws Exception {
    Path params = ReportFixture.create(project, "auc");

    CliRunner none = report(project, params, "nope");
    assertEquals(2, none.exitCode());
    assertEquals(1, none.err().lines().count(), none.err());
    assertTrue(
        none.err().startsWith("hepscan: no scan 'nope': ")
            && none.err().contains("ranked scans in " + project.resolve("model") + ": syn"),
        none.err());

    Files.writeString(project.resolve("model/empty.csv"), "");
    CliRunner empty = report(project, params, "empty");
    assertEquals(1, empty.exitCode());
    assertTrue(empty.err().contains("model/empty.csv is empty: no trial to report"), empty.err());

    Files.writeString(project.resolve("model/header.csv"), "rank,trial_id,auc\n");
    CliRunner header = report(project, params, "header");
    assertEquals(1, header.exitCode());
    assertTrue(header.err().contains("model/header.csv holds no trial"), header.err());

    Path f1 = project.resolve("parameters/f1.yaml");
    Files.writeString(f1, "eval_criterion: f1\n");
    Files.writeString(project.resolve("model/nof1.csv"), "rank,trial_id,auc\n1,t1,0.8\n");
    CliRunner noColumn = report(project, f1, "nof1");
    assertEquals(2, noColumn.exitCode());
    assertTrue(
        noColumn.err().contains("has no column 'f1' for the eval_criterion")
            && noColumn.err().contains("it has auc"),
        noColumn.err());
    assertFalse(noColumn.err().contains("Exception"), noColumn.err());
  }

  @Test
  void zipsGoneTheReportIsWrittenFromWhatIsThereAndExitsOne(@TempDir Path project)
      throws Exception {
    Path params = ReportFixture.create(project, "auc");
    for (String id : ReportFixture.IDS) {
      Files.delete(project.resolve("model/syn/syn_" + id + ".zip"));
    }
    CliRunner r = report(project, params, "syn");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("warning: trial t4 (rank 1): model zip syn_t4.zip not found"));
    assertTrue(r.out().contains("warning: 6 of 6 model zips are missing"), r.out());
    assertTrue(r.out().contains("best: rank 2, trial t3"), r.out());
    assertTrue(r.out().contains("note: no learning curves"), r.out());
    assertTrue(
        r.out()
            .strip()
            .endsWith(
                "the best trial's model zip is missing: nothing to adopt (see the warnings above)"),
        r.out());
    String html = Files.readString(project.resolve("plotting/syn/index.html"));
    assertTrue(html.contains("6 of 6 model zips are missing"));
    assertTrue(Files.isRegularFile(project.resolve("plotting/syn/importance.png")));
    assertFalse(Files.exists(project.resolve("plotting/syn/roc.png")));
  }
}
