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
        0.25,
        "cpu",
        "p",
        "d",
        zip);
  }

  @Test
  void ranksByCriterionDirectionWithARankColumn(@TempDir Path dir) throws Exception {
    ResultFolder folder = new ResultFolder(dir, "s");
    for (var r :
        List.of(
            result("aaa", 0.1, 0.40, 0.80, "s_aaa.zip"),
            result("bbb", 0.2, 0.30, 0.85, "s_bbb.zip"),
            result("ccc", 0.3, 0.50, 0.85, "s_ccc.zip"),
            result("ddd", 0.4, Double.NaN, Double.NaN, "s_ddd.zip"))) {
      folder.writeResult(r);
      Files.writeString(folder.zipPath(r.trialId()), "zip");
    }

    var byAuc = Collector.collect(dir, new Ranking("auc", false));
    // descending AUC, tie (bbb, ccc at 0.85) broken by trial id, NaN (a diverged trial) last
    assertEquals(
        List.of("bbb", "ccc", "aaa", "ddd"),
        byAuc.rows().stream().map(r -> r.get("trial_id")).toList());
    assertEquals(
        List.of("1", "2", "3", "4"), byAuc.rows().stream().map(r -> r.get("rank")).toList());
    assertEquals(List.of(), byAuc.problems());
    assertEquals("no problems", byAuc.problemSummary());

    var byLoss = Collector.collect(dir, new Ranking("val_loss", true));
    assertEquals(
        List.of("bbb", "aaa", "ccc", "ddd"),
        byLoss.rows().stream().map(r -> r.get("trial_id")).toList());

    Path out = dir.resolve("ranked").resolve("s.csv");
    Collector.write(byLoss, out);
    List<Map<String, String>> back = ResultFolder.readRows(out);
    assertEquals(4, back.size());
    assertEquals("1", back.get(0).get("rank"));
    assertEquals("0.3", back.get(0).get("val_loss"));
    assertEquals("0.2", back.get(0).get("lr"));
    List<String> header = new java.util.ArrayList<>(List.of("rank"));
    header.addAll(TrialResult.header(List.of("lr")));
    assertEquals(header, List.copyOf(back.get(0).keySet()));
    // no temporary file is left beside the output (written by a rename)
    try (var files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList());
    }
  }

  @Test
  void brokenFilesAndRowsAreReportedAndLeftOutDuplicatesKeptOnceNewest(@TempDir Path dir)
      throws Exception {
    ResultFolder folder = new ResultFolder(dir, "s");
    for (var r :
        List.of(
            result("aaa", 0.1, 0.40, 0.80, "s_aaa.zip"),
            result("bbb", 0.2, 0.30, 0.85, "s_bbb.zip"),
            result("ccc", 0.3, 0.50, 0.70, "s_ccc.zip"))) {
      folder.writeResult(r);
      Files.writeString(folder.zipPath(r.trialId()), "zip");
    }
    String good = Files.readString(folder.csvPath("bbb"));
    String[] lines = good.split("\n");
    // a trial whose model zip is gone
    folder.writeResult(result("ddd", 0.4, 0.1, 0.99, "s_ddd.zip"));
    // an unterminated quote, an empty file, a header without its row, a row and a header cut short
    Files.writeString(dir.resolve("s_eee.csv"), lines[0] + "\n\"aaa,0,unterminated");
    Files.writeString(dir.resolve("s_fff.csv"), "");
    Files.writeString(dir.resolve("s_ggg.csv"), lines[0] + "\n");
    Files.writeString(dir.resolve("s_hhh.csv"), good.substring(0, lines[0].length() + 20));
    Files.writeString(dir.resolve("s_iii.csv"), good.substring(0, 30));
    // a row with an extra cell; a file without the auc column; a metric that is not a number
    Files.writeString(dir.resolve("s_jjj.csv"), lines[0] + "\n" + lines[1] + ",extra\n");
    Files.writeString(dir.resolve("s_kkk.csv"), good.replace(",auc,", ",auk,"));
    Files.writeString(dir.resolve("s_lll.csv"), good.replace(",0.85,", ",oops,"));
    // a second, newer copy of aaa with another val_loss: it replaces the first
    Path copy = dir.resolve("s_aaa_again.csv");
    Files.writeString(copy, Files.readString(folder.csvPath("aaa")).replace(",0.4,", ",0.2,"));
    Files.setLastModifiedTime(
        copy,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(folder.csvPath("aaa")).toMillis() + 60_000));
    // a hidden temporary file of a writer at work is not a result
    Files.writeString(dir.resolve(".s_mmm.csv.tmp123.csv"), "x");

    var c = Collector.collect(dir, new Ranking("val_loss", true));
    assertEquals(
        List.of("aaa", "bbb", "ccc"), c.rows().stream().map(r -> r.get("trial_id")).toList());
    assertEquals("0.2", c.rows().get(0).get("val_loss"), "the newer copy of aaa wins");
    assertEquals(13, c.files());
    Map<String, String> byFile = new java.util.TreeMap<>();
    for (var p : c.problems()) {
      byFile.put(p.file() + " " + p.kind(), p.reason());
    }
    assertEquals(
        List.of(
            "s_aaa.csv DUPLICATE",
            "s_ddd.csv MISSING_ZIP",
            "s_eee.csv MALFORMED",
            "s_fff.csv EMPTY",
            "s_ggg.csv TRUNCATED",
            "s_hhh.csv TRUNCATED",
            "s_iii.csv TRUNCATED",
            "s_jjj.csv MALFORMED",
            "s_kkk.csv MISSING_COLUMN",
            "s_lll.csv NOT_A_NUMBER"),
        List.copyOf(byFile.keySet()));
    assertEquals(
        "trial aaa is also in s_aaa_again.csv, which is newer: this row left out",
        byFile.get("s_aaa.csv DUPLICATE"));
    assertEquals(
        "model archive s_ddd.zip is missing: row left out", byFile.get("s_ddd.csv MISSING_ZIP"));
    assertEquals("empty file", byFile.get("s_fff.csv EMPTY"));
    assertEquals("a header but no result row", byFile.get("s_ggg.csv TRUNCATED"));
    int columns = TrialResult.header(List.of("lr")).size();
    assertTrue(
        byFile
            .get("s_hhh.csv TRUNCATED")
            .matches("row 1 has \\d+ cells, the header " + columns + ": cut short.*"),
        byFile.get("s_hhh.csv TRUNCATED"));
    assertEquals("cut short in its header", byFile.get("s_iii.csv TRUNCATED"));
    assertEquals(
        "row 1 has " + (columns + 1) + " cells, the header " + columns + ": extra cells, left out",
        byFile.get("s_jjj.csv MALFORMED"));
    assertEquals(
        "no column 'auc' in its header: not a hepscan result, left out",
        byFile.get("s_kkk.csv MISSING_COLUMN"));
    assertEquals(
        "row 1: auc = 'oops' is not a number, left out", byFile.get("s_lll.csv NOT_A_NUMBER"));
    assertEquals(
        "10 problems: 1 empty, 3 cut short, 2 malformed, 1 missing a column, 1 not a number,"
            + " 1 duplicate trial, 1 model zip missing",
        c.problemSummary());
  }

  @Test
  void twoRowsOfOneTrialInOneFileKeepTheLater(@TempDir Path dir) throws Exception {
    ResultFolder folder = new ResultFolder(dir, "s");
    folder.writeResult(result("aaa", 0.1, 0.40, 0.80, "s_aaa.zip"));
    Files.writeString(folder.zipPath("aaa"), "zip");
    String[] lines = Files.readString(folder.csvPath("aaa")).split("\n");
    Files.writeString(
        folder.csvPath("aaa"),
        lines[0] + "\n" + lines[1] + "\n" + lines[1].replace(",0.4,", ",0.1,"));
    var c = Collector.collect(dir, new Ranking("val_loss", true));
    assertEquals(1, c.rows().size());
    assertEquals("0.1", c.rows().get(0).get("val_loss"));
    assertEquals(
        "s_aaa.csv: trial aaa is also in a later row of the same file: this row left out",
        c.problems().get(0).toString());
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

  @Test
  void resultsWrittenBeforeTheMetricsTimeColumnsAreStillResults(@TempDir Path dir)
      throws Exception {
    ResultFolder folder = new ResultFolder(dir, "s");
    TrialResult current = result("new", 0.1, 0.4, 0.8, "s_new.zip");
    assertEquals("0.25", current.cells().get("metrics_seconds"));
    assertEquals("1.75", current.cells().get("trial_seconds")); // 1.5 s of epochs + 0.25 s
    folder.writeResult(current);
    folder.writeResult(result("old", 0.2, 0.3, 0.9, "s_old.zip"));
    Files.write(folder.zipPath("new"), archive("s_new", new byte[] {1, 2, 3, 4}));
    Files.write(folder.zipPath("old"), archive("s_old", new byte[] {1, 2, 3, 4}));
    // the old CSV as an earlier version wrote it: neither metrics_seconds nor trial_seconds
    List<Map<String, String>> rows = ResultFolder.readRows(folder.csvPath("old"));
    List<String> oldHeader = new java.util.ArrayList<>(rows.get(0).keySet());
    oldHeader.removeAll(List.of("metrics_seconds", "trial_seconds"));
    StringBuilder csv = new StringBuilder(String.join(",", oldHeader)).append('\n');
    csv.append(String.join(",", oldHeader.stream().map(c -> rows.get(0).get(c)).toList()))
        .append('\n');
    Files.writeString(folder.csvPath("old"), csv);
    assertEquals(
        oldHeader, List.copyOf(ResultFolder.readRows(folder.csvPath("old")).get(0).keySet()));

    assertEquals("0.9", folder.validResult("old").orElseThrow().get("auc"));
    var collected = Collector.collect(dir, new Ranking("auc", false));
    assertEquals(List.of(), collected.problems());
    assertEquals(
        List.of("old", "new"), collected.rows().stream().map(r -> r.get("trial_id")).toList());
    assertTrue(collected.header().contains("metrics_seconds"));
    assertEquals(null, collected.rows().get(0).get("metrics_seconds"));
    assertEquals("0.25", collected.rows().get(1).get("metrics_seconds"));
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
