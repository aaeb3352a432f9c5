package hepscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The report of {@link ReportFixture}'s synthetic scan, whose best trials are known. */
class ScanReportTest {

  static ReportContent content(Path project, String criterion, boolean allowOvertrained)
      throws Exception {
    return gather(project, criterion, allowOvertrained, ReportFixture.create(project, criterion));
  }

  static ReportContent gather(Path project, String criterion, boolean allowOvertrained, Path params)
      throws Exception {
    boolean ascending = criterion.equals("eval_error") || criterion.equals("val_loss");
    ScanResults results =
        ScanResults.read(
            "syn", project.resolve("model/syn.csv"), new Ranking(criterion, ascending));
    return ScanReport.gather(
        new ScanReport.Request(
            results,
            new Overtraining(0.05, allowOvertrained),
            List.of(project.resolve("model/syn")),
            Optional.of(params),
            "test-version"));
  }

  @ParameterizedTest
  @CsvSource({
    // criterion, first ranked, best by the overtraining rule, best with --allow-overtrained
    "auc, t4, t3, t4",
    "eval_error, t3, t3, t3",
    "val_loss, t5, t5, t5",
    "val_acc, t5, t5, t5",
    "f1, t2, t2, t2"
  })
  void theBestOfEachCriterionAndDirection(
      String criterion, String first, String best, String bestAllowed, @TempDir Path project)
      throws Exception {
    ReportContent c = content(project, criterion, false);
    assertEquals(first, c.results().rows().get(0).get("trial_id"));
    assertEquals("1", c.results().rows().get(0).get("rank"));
    assertEquals(best, c.best().orElseThrow().get("trial_id"));
    Files.delete(project.resolve("model/syn.csv"));
    ReportContent allowed = content(project, criterion, true);
    assertEquals(bestAllowed, allowed.best().orElseThrow().get("trial_id"));
  }

  @Test
  void consoleTableHistogramsAndImportanceAsText(@TempDir Path project) throws Exception {
    ReportContent c = content(project, "auc", false);
    StringWriter text = new StringWriter();
    ConsoleReport.print(c, new PrintWriter(text));
    String out = text.toString();
    List<String> lines = out.lines().toList();
    int table = lines.indexOf("The 6 best trials");
    assertEquals(
        List.of(
            "rank  trial     auc      f1  eval_error  ks_pvalue  flag         first_neuron  lr",
            "   1  t4     0.9100  0.7400      0.1500     0.0100  overtrained  16            0.01",
            "   2  t3     0.9000  0.7000      0.1200     0.4000               8             0.01",
            "   3  t2     0.8100  0.7500      0.1900     0.5000               16            0.001",
            "   4  t1     0.8000  0.6000      0.2000     0.5000               8             0.001",
            "   5  t6     0.7100  0.5500      0.2500     0.6000               16            0.1",
            "   6  t5     0.7000  0.5000      0.3000     0.6000               8             0.1"),
        lines.subList(table + 1, table + 8));
    // lr histogram: scale 0.70 (worst) to 0.91 (best) over 30 characters; lr=0.01 has mean
    // 0.905 -> round(30 * 0.205 / 0.21) = 29 '#', best 0.91 -> 30, so one '+'
    assertTrue(
        out.contains("  0.01   " + "#".repeat(29) + "+  mean 0.9050  best 0.9100  (2 trials)"),
        out);
    // lr=0.1: mean 0.705 -> round(30 * 0.005 / 0.21) = 1, best 0.71 -> round(1.43) = 1
    assertTrue(
        out.contains("  0.1    #" + " ".repeat(29) + "  mean 0.7050  best 0.7100  (2 trials)"),
        out);
    assertTrue(out.contains("fANOVA main effects"), out);
    // shares by hand (see ReportFixture): 99.63 % and 0.37 %
    assertTrue(out.contains("  lr                       99.6 %  " + "#".repeat(30)), out);
    assertTrue(out.contains("  first_neuron              0.4 %\n"), out);
    assertTrue(out.contains("  interactions and noise    0.0 %"), out);
    assertTrue(
        out.contains(
            "best: rank 2, trial t3, auc 0.9 (the 1 ranked above it are overtrained: KS p-value"
                + " < 0.05)"),
        out);
    assertTrue(out.contains("1 overtrained (KS p-value < 0.05)"), out);
  }

  @Test
  void plotsDecodeAtTheirSizeAndThePageShowsThemAll(@TempDir Path project) throws Exception {
    ReportContent c = content(project, "auc", false);
    Path dir = project.resolve("plotting/syn");
    ReportPlots.Written plots = ReportPlots.write(c, dir);
    assertEquals(
        List.of(
            "criterion_first_neuron.png",
            "criterion_lr.png",
            "importance.png",
            "heatmap.png",
            "learning_curves.png",
            "roc.png"),
        plots.plots().stream().map(ReportPlots.Plot::file).toList());
    assertEquals(List.of(), plots.notes());
    for (ReportPlots.Plot p : plots.plots()) {
      BufferedImage image = ImageIO.read(dir.resolve(p.file()).toFile());
      assertEquals(900, image.getWidth(), p.file());
      assertEquals(560, image.getHeight(), p.file());
      assertTrue(colours(image) > 3, p.file() + " is (nearly) blank");
    }
    Path page =
        ReportPage.write(c, plots, dir, "./hepscan --zip model/syn/syn_t3.zip model/syn.zip");
    String html = Files.readString(page);
    for (ReportPlots.Plot p : plots.plots()) {
      assertTrue(html.contains("<img src=\"" + p.file() + "\""), p.file());
    }
    for (String id : ReportFixture.IDS) {
      assertTrue(html.contains("<code>" + id + "</code>"), id);
    }
    assertTrue(html.contains("<tr class=\"overtrained\"><td class=\"num\">1</td>"), html);
    assertTrue(html.contains("<tr class=\"best\"><td class=\"num\">2</td>"), html);
    assertTrue(html.contains("<pre id=\"parameters\"># synthetic\neval_criterion: auc\n</pre>"));
    assertTrue(html.contains("<th>hepscan version</th><td>test-version</td>"), html);
    assertTrue(html.contains("<th>data hash</th><td>datahash</td>"), html);
    assertTrue(html.contains("<th>trials</th><td>6</td>"), html);
    assertTrue(html.contains("<th>overtrained (KS p-value &lt; 0.05)</th><td>1</td>"), html);
    assertFalse(html.contains("http://") || html.contains("https://"), "no network");
    assertFalse(html.contains("<script"), "a static page");
  }

  @Test
  void missingZipsAreWarningsAndTheReportIsMadeWithoutThem(@TempDir Path project) throws Exception {
    Path params = ReportFixture.create(project, "auc");
    Files.delete(project.resolve("model/syn/syn_t4.zip"));
    Files.delete(project.resolve("model/syn/syn_t2.zip"));
    ReportContent c = gather(project, "auc", false, params);
    assertEquals(
        List.of(
            "trial t4 (rank 1): model zip syn_t4.zip not found",
            "trial t2 (rank 3): model zip syn_t2.zip not found",
            "2 of 6 model zips are missing (looked in "
                + project.resolve("model/syn")
                + "): their learning and ROC curves are left out"),
        c.warnings());
    assertEquals(List.of("t3", "t1", "t6"), List.copyOf(c.archives().keySet()));
    ReportPlots.Written plots = ReportPlots.write(c, project.resolve("plotting/syn"));
    // the curves of the top 5 that still have their zip: ranks 2, 4 and 5
    assertTrue(plots.plots().stream().anyMatch(p -> p.file().equals("roc.png")));
    assertTrue(plots.plots().stream().anyMatch(p -> p.file().equals("learning_curves.png")));
  }

  /** How many distinct colours a picture has (a blank one has 1). */
  static int colours(BufferedImage image) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
