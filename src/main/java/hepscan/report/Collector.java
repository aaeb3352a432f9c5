package hepscan.report;

import hepscan.scan.ResultFolder;
import hepscan.util.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Concatenates the per-trial CSVs of a result folder into one ranked CSV. Files that cannot be read
 * are listed, not silently skipped; rows whose model archive is missing are kept but reported.
 */
public final class Collector {
  private Collector() {}

  /** What was collected: the ranked rows and the problems found on the way. */
  public record Collected(
      List<String> header, List<Map<String, String>> rows, List<String> problems) {
    public Collected {
      header = List.copyOf(header);
      rows = List.copyOf(rows);
      problems = List.copyOf(problems);
    }
  }

  public static Collected collect(Path resultDir, Ranking ranking) throws IOException {
    return collect(resultDir, ranking, row -> true);
  }

  /**
   * Like {@link #collect(Path, Ranking)}, keeping only the rows {@code keep} accepts; the others
   * are counted in the problems (e.g. results of an earlier grid or of other data in the same
   * folder).
   */
  public static Collected collect(
      Path resultDir, Ranking ranking, Predicate<Map<String, String>> keep) throws IOException {
    if (!Files.isDirectory(resultDir)) {
      throw new IOException("result folder " + resultDir + " does not exist");
    }
    List<Path> csvs;
    try (Stream<Path> s = Files.list(resultDir)) {
      csvs = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
    LinkedHashSet<String> header = new LinkedHashSet<>();
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path csv : csvs) {
      try {
        List<Map<String, String>> fileRows = ResultFolder.readRows(csv);
        if (fileRows.isEmpty()) {
          problems.add(csv.getFileName() + ": no result row");
          continue;
        }
        for (Map<String, String> row : fileRows) {
          header.addAll(row.keySet());
          rows.add(row);
          String zip = row.get("zip");
          if (zip != null
              && !zip.isBlank()
              && !Files.isRegularFile(resultDir.resolve(Path.of(zip).getFileName()))) {
            problems.add(
                csv.getFileName()
                    + ": model archive "
                    + Path.of(zip).getFileName()
                    + " is missing");
          }
        }
      } catch (IOException | IllegalArgumentException | IllegalStateException e) {
        problems.add(csv.getFileName() + ": unreadable (" + e.getMessage() + ")");
      }
    }
    int before = rows.size();
    rows.removeIf(keep.negate());
    if (rows.size() < before) {
      problems.add(
          (before - rows.size())
              + " result(s) in "
              + resultDir
              + " belong to another grid, other data or other training settings: not ranked");
    }
    if (!rows.isEmpty() && !header.contains(ranking.column())) {
      throw new IOException(
          "the results in " + resultDir + " have no column '" + ranking.column() + "' to rank by");
    }
    rows.sort(ranking.comparator());
    return new Collected(new ArrayList<>(header), rows, problems);
  }

  /** Writes the rows under the header as CSV, atomically. */
  public static void write(Collected collected, Path target) throws IOException {
    StringWriter text = new StringWriter();
    try (CSVPrinter p =
        new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
      p.printRecord(collected.header());
      for (Map<String, String> row : collected.rows()) {
        List<String> cells = new ArrayList<>();
        for (String col : collected.header()) {
          cells.add(row.getOrDefault(col, ""));
        }
        p.printRecord(cells);
      }
    }
    AtomicFiles.writeString(target, text.toString());
  }
}
