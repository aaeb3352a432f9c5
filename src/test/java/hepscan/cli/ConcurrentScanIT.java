package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.demo.DemoProject;
import hepscan.scan.ResultFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scans of the same grid started at once, as real processes: each trial is claimed by one of
 * them and trained once in all, and both end with every result.
 */
class ConcurrentScanIT {
  @TempDir Path project;

  @Test
  void twoScansOfOneGridTrainEachTrialOnce() throws Exception {
    String demo = DemoProject.create(project, 3_000);
    Files.writeString(
        project.resolve("parameters/small.yaml"),
        demo.replaceAll("(?m)^  lr: .*$", "  lr: [0.003, 0.01]")
            .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [8, 16]")
            .replaceAll("(?m)^  epochs: .*$", "  epochs: [4]")
            .replaceAll("(?m)^  batch_size: .*$", "  batch_size: [64]"));
    List<Process> scans = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      scans.add(
          hepscan.TestFiles.hepscanProcess(
                  java.util.List.of(),
                  "--scan",
                  "small",
                  "-C",
                  project.toString(),
                  "-p",
                  project.resolve("parameters/small.yaml").toString(),
                  "--device",
                  "cpu")
              .redirectErrorStream(true)
              .start());
    }
    int trained = 0;
    int scansThatTrained = 0;
    List<String> outs = new ArrayList<>();
    for (Process p : scans) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(300, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      outs.add(out);
      Matcher m = Pattern.compile("trained now (\\d+)").matcher(out);
      assertTrue(m.find(), out);
      int mine = Integer.parseInt(m.group(1));
      trained += mine;
      scansThatTrained += mine > 0 ? 1 : 0;
    }
    // the scans ran at once (else this proves nothing): both trained, or one met the other's claim
    assertTrue(
        scansThatTrained == 2 || String.join("", outs).contains("is being trained by"),
        "the two scans did not overlap:\n" + String.join("\n", outs));
    assertEquals(4, trained, "trials trained twice or not at all:\n" + String.join("\n", outs));
    ResultFolder folder = new ResultFolder(project.resolve("model/small"), "small");
    try (Stream<Path> files = Files.list(folder.dir())) {
      List<Path> csvs = files.filter(f -> f.toString().endsWith(".csv")).toList();
      assertEquals(4, csvs.size());
      for (Path csv : csvs) {
        String id = ResultFolder.readRows(csv).get(0).get("trial_id");
        assertTrue(folder.validResult(id).isPresent(), csv.toString());
        assertTrue(Files.notExists(folder.claimPath(id)), "a claim was left: " + id);
      }
    }
  }
}
