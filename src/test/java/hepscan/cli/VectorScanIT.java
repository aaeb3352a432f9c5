package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.scan.ResultFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan end to end on a real file with std::vector branches (uproot-HZZ-objects.root), whose
 * inputs and cuts use TTreeFormula's array functions: events with jets against events without.
 */
class VectorScanIT {
  @TempDir Path project;

  @Test
  void aScanOverVectorBranchesWithArrayFunctions() throws Exception {
    Files.createDirectories(project.resolve("samples"));
    Files.copy(
        Path.of("src/test/resources/root/uproot-HZZ-objects.root"),
        project.resolve("samples/hzz.root"));
    Files.writeString(
        project.resolve("samples/list.yaml"),
        """
        samples:
          jets:
            files: [samples/hzz.root]
            tree: events
            tag: jets
            signal: true
            cut: Length$(jetbtag) >= 1
          nojets:
            files: [samples/hzz.root]
            tree: events
            tag: nojets
            cut: Length$(jetbtag) == 0
        """);
    Files.writeString(project.resolve("samples/xsec.json"), "{\"nojets\": 1.0}");
    Files.writeString(
        project.resolve("vectors.yaml"),
        """
        ratios: {training: 0.5, evaluation: 0.25, output: 0.25}
        suffix: vec
        samples: samples/list.yaml
        xsec_json: samples/xsec.json
        eval_criterion: auc
        scan:
          lr: [0.01]
          first_neuron: [8]
          epochs: [3]
          batch_size: [128]
        cut: Length$(muonq) >= 1
        weight: eventweight
        inputs:
          - Length$(muonq)
          - Max$(muoniso)
          - Sum$(muonq)
          - Alt$(muoniso[1], -1)
          - MaxIf$(electroniso, electronq > 0)
        outputs: [$jets, $nojets]
        """);
    CliRunner r =
        CliRunner.run(
            "--scan",
            "vectors",
            "-C",
            project.toString(),
            "-p",
            project.resolve("vectors.yaml").toString(),
            "--device",
            "cpu");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    List<Map<String, String>> rows = ResultFolder.readRows(project.resolve("model/vectors.csv"));
    assertEquals(1, rows.size());
    double auc = Double.parseDouble(rows.get(0).get("auc"));
    assertTrue(auc > 0.5 && auc <= 1, "auc " + auc);
    // the event-weight sum of the background was computed from the file
    assertTrue(r.out().contains("sample 'nojets': event-weight sum"), r.out());
  }
}
