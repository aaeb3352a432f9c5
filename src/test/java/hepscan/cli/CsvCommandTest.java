package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.scan.ResultFolder;
import hepscan.scan.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hepscan --csv DIR}: needs only the eval_criterion, not the samples. */
class CsvCommandTest {

  private static void result(ResultFolder folder, String id, double valLoss) throws Exception {
    folder.writeResult(
        new TrialResult(
            id,
            0,
            Map.of("lr", 0.1),
            3,
            2,
            0.5,
            0.7,
            valLoss,
            0.7,
            0.3,
            0.6,
            0.8,
            0.4,
            1,
            1e5,
            0.25,
            "cpu()",
            "p",
            "d",
            "s_" + id + ".zip"));
    Files.writeString(folder.zipPath(id), "zip");
  }

  @Test
  void ranksASlurmOutputFolderWithoutTheSampleFiles(@TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve("parameters"));
    // the samples are gone (moved off the cluster's scratch); only eval_criterion matters here
    Files.writeString(
        project.resolve("parameters/parameters.yaml"),
        "eval_criterion: val_loss\nsamples: gone.yaml\n");
    ResultFolder folder = new ResultFolder(project.resolve("slurm/myscan/output"), "s");
    result(folder, "aaa", 0.5);
    result(folder, "bbb", 0.3);
    CliRunner r = CliRunner.run("--csv", folder.dir().toString(), "-C", project.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<Map<String, String>> rows = ResultFolder.readRows(project.resolve("model/myscan.csv"));
    assertEquals(List.of("bbb", "aaa"), rows.stream().map(x -> x.get("trial_id")).toList());
    assertTrue(
        r.out()
            .contains("2 trials from 2 result files ranked by val_loss (ascending); no problems"),
        r.out());
  }

  @Test
  void badCriterionIsAConfigurationError(@TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve("parameters"));
    Files.createDirectories(project.resolve("model/x"));
    Files.writeString(project.resolve("parameters/parameters.yaml"), "eval_criterion: val_los\n");
    CliRunner r =
        CliRunner.run("--csv", project.resolve("model/x").toString(), "-C", project.toString());
    assertEquals(2, r.exitCode());
    assertTrue(
        r.err().contains("eval_criterion = 'val_los'") && r.err().contains("val_loss"), r.err());
  }
}
