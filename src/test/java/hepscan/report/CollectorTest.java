package hepscan.report;

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

class CollectorTest {

  private static TrialResult result(String id, double lr, double valLoss, double auc, String zip) {
    return new TrialResult(
        id,
        0,
        Map.of("lr", lr),
        5,
        3,
        0.5,
        0.7,
        valLoss,
        0.7,
        0.3,
        0.6,
        auc,
        0.4,
        1.5,
        1e5,
        "cpu",
        "p",
        "d",
        zip);
  }

  @Test
  void ranksByCriterionDirectionAndReportsProblems(@TempDir Path dir) throws Exception {
    ResultFolder folder = new ResultFolder(dir, "s");
    for (var r :
        List.of(
            result("aaa", 0.1, 0.40, 0.80, "s_aaa.zip"),
            result("bbb", 0.2, 0.30, 0.85, "s_bbb.zip"),
            result("ccc", 0.3, 0.50, 0.85, "s_ccc.zip"))) {
      folder.writeResult(r);
      Files.writeString(folder.zipPath(r.trialId()), "zip");
    }
    folder.writeResult(result("ddd", 0.4, Double.NaN, Double.NaN, "s_ddd.zip")); // no zip written
    Files.writeString(dir.resolve("s_eee.csv"), "trial_id,auc\n\"unterminated");

    var byAuc = Collector.collect(dir, new Ranking("auc", false));
    // descending AUC, tie (bbb, ccc at 0.85) broken by trial id, NaN last
    assertEquals(
        List.of("bbb", "ccc", "aaa", "ddd"),
        byAuc.rows().stream().map(r -> r.get("trial_id")).toList());
    assertEquals(2, byAuc.problems().size(), byAuc.problems().toString());
    assertTrue(
        byAuc.problems().get(0).contains("s_ddd.zip is missing"), byAuc.problems().toString());
    assertTrue(
        byAuc.problems().get(1).startsWith("s_eee.csv: unreadable"), byAuc.problems().toString());

    var byLoss = Collector.collect(dir, new Ranking("val_loss", true));
    assertEquals(
        List.of("bbb", "aaa", "ccc", "ddd"),
        byLoss.rows().stream().map(r -> r.get("trial_id")).toList());

    Path out = dir.resolve("ranked").resolve("s.csv");
    Collector.write(byLoss, out);
    List<Map<String, String>> back = ResultFolder.readRows(out);
    assertEquals(4, back.size());
    assertEquals("0.3", back.get(0).get("val_loss"));
    assertEquals("0.2", back.get(0).get("lr"));
    assertEquals(TrialResult.header(List.of("lr")), List.copyOf(back.get(0).keySet()));
  }

  /** An archive whose model.json records the SHA-256 of its parameters and probe events. */
  private static byte[] archive(String folder, byte[] parameters) throws Exception {
    byte[] probe = {9, 8, 7};
    String json =
        "{\"hashes\": {\"parameters_sha256\": \""
            + hepscan.util.Hashing.sha256Hex(parameters)
            + "\", \"probe_sha256\": \""
            + hepscan.util.Hashing.sha256Hex(probe)
            + "\"}}";
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
      zip.putNextEntry(new java.util.zip.ZipEntry(folder + "/model.json"));
      zip.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.putNextEntry(new java.util.zip.ZipEntry(folder + "/parameters.bin"));
      zip.write(parameters);
      zip.putNextEntry(new java.util.zip.ZipEntry(folder + "/probe.bin"));
      zip.write(probe);
    }
    return bytes.toByteArray();
  }

  @Test
  void validResultNeedsCsvAndAnIntactZip(@TempDir Path dir) throws Exception {
    ResultFolder folder = new ResultFolder(dir, "s");
    folder.writeResult(result("abc", 0.1, 0.4, 0.8, "s_abc.zip"));
    assertTrue(folder.validResult("abc").isEmpty());
    byte[] whole = archive("s_abc", new byte[] {1, 2, 3, 4});
    // a zip cut short (a node that died while writing) is no result
    Files.write(folder.zipPath("abc"), java.util.Arrays.copyOf(whole, whole.length / 2));
    assertTrue(folder.validResult("abc").isEmpty());
    Files.write(folder.zipPath("abc"), whole);
    assertEquals("0.8", folder.validResult("abc").orElseThrow().get("auc"));
    // a whole zip whose parameters are not those model.json recorded is damaged: not reused
    byte[] damaged = archive("s_abc", new byte[] {1, 2, 3, 4});
    Files.write(folder.zipPath("abc"), archiveWithParameters(damaged, new byte[] {1, 2, 3, 5}));
    assertTrue(folder.validResult("abc").isEmpty());
    Files.write(folder.zipPath("abc"), whole);
    // a row whose metric is not a number was damaged too (a diverged trial's NaN is a number)
    String csv = Files.readString(folder.csvPath("abc"));
    Files.writeString(folder.csvPath("abc"), csv.replace(",0.8,", ",oops,"));
    assertTrue(folder.validResult("abc").isEmpty());
    Files.writeString(folder.csvPath("abc"), csv.replace(",0.8,", ",NaN,"));
    assertTrue(folder.validResult("abc").isPresent());
    Files.writeString(folder.csvPath("abc"), "trial_id\nother\n");
    assertTrue(folder.validResult("abc").isEmpty());
  }

  /** {@code zip} with its parameters.bin replaced, model.json (and its hashes) kept. */
  private static byte[] archiveWithParameters(byte[] zip, byte[] parameters) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
        var out = new java.util.zip.ZipOutputStream(bytes)) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] b = in.readAllBytes();
        out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        out.write(e.getName().endsWith("parameters.bin") ? parameters : b);
      }
    }
    return bytes.toByteArray();
  }
}
