package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.demo.DemoProject;
import hepscan.model.PackedTrainer;
import hepscan.scan.ResultFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo scan with {@code pack: off} and {@code pack: auto}: the same ranked CSV, figures within
 * {@link PackedTrainer#TOLERANCE}, epochs run and best epochs equal (early stopping and LR
 * reduction of the demo on; no dropout). The learning rates are moderate on purpose: at lr 0.03 one
 * demo trial is chaotic (see {@link PackedTrainer#TOLERANCE}).
 */
class ScanPackingIT {
  @TempDir Path project;

  private CliRunner scan(String name) {
    return CliRunner.run(
        "--scan",
        name,
        "-C",
        project.toString(),
        "-p",
        project.resolve("parameters/" + name + ".yaml").toString(),
        "--device",
        "cpu");
  }

  @Test
  void packedDemoScanRanksAsTheUnpackedOne() throws Exception {
    String demo = DemoProject.create(project, 3_000);
    String grid =
        demo.replaceAll("(?m)^  lr: .*$", "  lr: [0.001, 0.003]")
            .replaceAll("(?m)^  l2: .*$", "  l2: [0.0, 0.001]")
            .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [16]")
            .replaceAll("(?m)^  epochs: .*$", "  epochs: [6]")
            .replaceAll("(?m)^  batch_size: .*$", "  batch_size: [256]");
    Files.writeString(project.resolve("parameters/off.yaml"), grid + "\npack: off\n");
    Files.writeString(project.resolve("parameters/auto.yaml"), grid + "\npack: auto\n");
    CliRunner off = scan("off");
    assertEquals(0, off.exitCode(), off.out() + off.err());
    CliRunner auto = scan("auto");
    assertEquals(0, auto.exitCode(), auto.out() + auto.err());
    assertTrue(auto.out().contains("train as one pack of 4"), auto.out());
    assertFalse(off.out().contains("pack of"), off.out());

    List<Map<String, String>> unpacked = ResultFolder.readRows(project.resolve("model/off.csv"));
    List<Map<String, String>> packed = ResultFolder.readRows(project.resolve("model/auto.csv"));
    assertEquals(4, unpacked.size());
    assertEquals(4, packed.size());
    for (int i = 0; i < unpacked.size(); i++) {
      Map<String, String> a = unpacked.get(i);
      Map<String, String> p = packed.get(i);
      String where = "rank " + (i + 1) + ": " + a + " vs " + p;
      for (String key : List.of("rank", "trial_id", "round_epochs", "best_epoch")) {
        assertEquals(a.get(key), p.get(key), where);
      }
      for (String key :
          List.of("loss", "acc", "val_loss", "val_acc", "eval_error", "f1", "auc", "ks_pvalue")) {
        assertEquals(
            Double.parseDouble(a.get(key)),
            Double.parseDouble(p.get(key)),
            PackedTrainer.TOLERANCE,
            key + " at " + where);
      }
      assertTrue(Files.isRegularFile(project.resolve("model/auto").resolve(p.get("zip"))));
    }
  }
}
