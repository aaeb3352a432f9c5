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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo scan with {@code pack: off}, {@code pack: 4} and {@code pack: auto}: the same ranked
 * CSV, figures within {@link PackedTrainer#TOLERANCE}, epochs run and best epochs equal (early
 * stopping and LR reduction of the demo on; no dropout). The learning rates are moderate on
 * purpose: at lr 0.03 one demo trial is chaotic (see {@link PackedTrainer#TOLERANCE}). {@code pack:
 * auto} on the CPU measures first and may pack or not (timing decides); either way its steps change
 * no trial.
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
    Files.writeString(project.resolve("parameters/four.yaml"), grid + "\npack: 4\n");
    Files.writeString(project.resolve("parameters/auto.yaml"), grid + "\npack: auto\n");
    CliRunner off = scan("off");
    assertEquals(0, off.exitCode(), off.out() + off.err());
    CliRunner four = scan("four");
    assertEquals(0, four.exitCode(), four.out() + four.err());
    CliRunner auto = scan("auto");
    assertEquals(0, auto.exitCode(), auto.out() + auto.err());
    assertTrue(four.out().contains("train as one pack of 4"), four.out());
    assertFalse(four.out().contains("pack auto"), four.out());
    assertFalse(off.out().contains("pack of"), off.out());
    // one measurement for the one pack key, and the packs it chose (the pack of 4 is left out
    // only when the probe ran out of time, on a saturated machine)
    Matcher m =
        Pattern.compile(
                "pack auto: 4 trials of 16x\\d+ relu, batch 256, adam measured \\(ms per"
                    + " trial-step, [0-9.]+ s\\): [0-9.]+ alone(, [0-9.]+ packed by 4)?: (packing"
                    + " by 4 \\(|training them one after another)")
            .matcher(auto.out());
    assertTrue(m.find(), auto.out());
    System.out.println(auto.out().lines().filter(l -> l.startsWith("pack auto")).toList());
    assertFalse(m.find(), "measured once: " + auto.out());
    boolean packed = auto.out().contains("packing by 4");
    assertEquals(packed, auto.out().contains("train as one pack of 4"), auto.out());

    List<Map<String, String>> unpacked = ResultFolder.readRows(project.resolve("model/off.csv"));
    assertEquals(4, unpacked.size());
    for (String name : List.of("four", "auto")) {
      List<Map<String, String>> rows =
          ResultFolder.readRows(project.resolve("model/" + name + ".csv"));
      assertEquals(4, rows.size());
      for (int i = 0; i < unpacked.size(); i++) {
        Map<String, String> a = unpacked.get(i);
        Map<String, String> p = rows.get(i);
        String where = name + ", rank " + (i + 1) + ": " + a + " vs " + p;
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
        assertTrue(Files.isRegularFile(project.resolve("model/" + name).resolve(p.get("zip"))));
      }
    }
  }
}
