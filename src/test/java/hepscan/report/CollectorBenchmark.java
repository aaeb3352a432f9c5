package hepscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.scan.TrialResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the figures of issue 13: 10,000 per-trial CSVs (a 100 x 100 grid, 50 of them broken in the
 * ways a cluster breaks them) collected and ranked as {@code --csv} does, and the report made on
 * the result. Run: {@code mvn -B -o -Pbench test -Dtest=CollectorBenchmark}.
 */
@Tag("bench")
class CollectorBenchmark {
  @TempDir Path project;

  @Test
  void collectAndReportTenThousandTrials() throws Exception {
    Path dir = project.resolve("model/big");
    Files.createDirectories(dir);
    List<String> header = TrialResult.header(List.of("lr", "first_neuron"));
    byte[] zip = ReportFixture.archive("big_x", 0);
    int broken = 0;
    for (int i = 0; i < 100; i++) {
      for (int j = 0; j < 100; j++) {
        String id = String.format(Locale.ROOT, "t%05d", i * 100 + j);
        double lr = 0.0001 * (i + 1);
        double auc = 0.9 - 0.5 * Math.pow(Math.log10(lr) + 2.5, 2) / 10 + 0.0001 * (j % 7);
        List<String> cells = new ArrayList<>();
        for (String c : header) {
          cells.add(
              switch (c) {
                case "trial_id" -> id;
                case "lr" -> Double.toString(lr);
                case "first_neuron" -> Integer.toString(8 + j);
                case "auc" -> Double.toString(auc);
                case "zip" -> "big_" + id + ".zip";
                case "device" -> "cpu()";
                case "params_hash", "data_hash" -> "h";
                default -> "0.5";
              });
        }
        String text = String.join(",", header) + "\n" + String.join(",", cells) + "\n";
        int k = i * 100 + j;
        if (k % 200 == 7) { // 50 broken files: cut short, empty, malformed, or no zip
          broken++;
          switch ((k / 200) % 4) {
            case 0 -> text = text.substring(0, text.length() - 40);
            case 1 -> text = "";
            case 2 -> text = text.replace("cpu()", "\"cpu()");
            default -> {}
          }
        }
        Files.writeString(dir.resolve("big_" + id + ".csv"), text);
        if (k % 200 != 7 || (k / 200) % 4 != 3) {
          Files.write(dir.resolve("big_" + id + ".zip"), zip);
        }
      }
    }
    Ranking ranking = new Ranking("auc", false);
    List<Double> collectSeconds = new ArrayList<>();
    Collector.Collected c = null;
    for (int run = 0; run < 5; run++) {
      long t0 = System.nanoTime();
      c = Collector.collect(dir, ranking);
      Collector.write(c, project.resolve("model/big.csv"));
      collectSeconds.add((System.nanoTime() - t0) / 1e9);
    }
    assertEquals(10_000 - broken, c.rows().size());
    assertEquals(broken, c.problems().size(), c.problemSummary());

    long t0 = System.nanoTime();
    ScanResults results = ScanResults.read("big", project.resolve("model/big.csv"), ranking);
    ReportContent content =
        ScanReport.gather(
            new ScanReport.Request(
                results, new Overtraining(0.05, false), List.of(dir), Optional.empty(), "bench"));
    StringWriter console = new StringWriter();
    ConsoleReport.print(content, new PrintWriter(console));
    ReportPlots.Written plots = ReportPlots.write(content, project.resolve("plotting/big"));
    ReportPage.write(content, plots, project.resolve("plotting/big"), "");
    double reportSeconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(console.toString().contains("lr "), console.toString());
    assertEquals(6, plots.plots().size());

    System.out.printf(
        Locale.ROOT,
        "CollectorBenchmark: 10,000 trial CSVs (%d broken): collect + rank + write %s s"
            + " (runs in order, the first with a cold JVM); %s%n"
            + "CollectorBenchmark: report of the 9,950 trials (read, importance, console, %d"
            + " PNGs, page): %.2f s%n",
        broken,
        collectSeconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(),
        c.problemSummary(),
        plots.plots().size(),
        reportSeconds);
  }
}
