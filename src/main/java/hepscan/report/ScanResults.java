package hepscan.report;

import hepscan.scan.TrialResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The ranked results of one scan, as {@code --scan} or {@code --csv} wrote them to {@code
 * model/NAME.csv}, ranked again by the criterion in use (the file may have been ranked by another).
 *
 * @param name the scan's name
 * @param csv the file read
 * @param rows the trials, best first, each with its {@code rank}
 * @param ranking the criterion and its direction
 * @param warnings rows that could not be used, each with its line and the reason
 */
public record ScanResults(
    String name, Path csv, List<Map<String, String>> rows, Ranking ranking, List<String> warnings) {

  /** Columns that are not scan keys. {@code repetition} is one: it does not change the model. */
  private static final Set<String> NOT_KEYS;

  static {
    java.util.HashSet<String> s = new java.util.HashSet<>(TrialResult.METRIC_COLUMNS);
    s.addAll(List.of(Collector.RANK, "trial_id", "repetition"));
    NOT_KEYS = Set.copyOf(s);
  }

  public ScanResults {
    rows = List.copyOf(rows);
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads and ranks {@code csv}.
   *
   * @throws ReportException when there is no such file (bad input), when it holds no trial, or when
   *     it has no column for the criterion (bad input: the parameters file names a criterion these
   *     results were not measured with)
   */
  public static ScanResults read(String name, Path csv, Ranking ranking) throws IOException {
    if (!Files.isRegularFile(csv)) {
      throw new ReportException(
          true,
          "no scan '"
              + name
              + "': "
              + csv
              + " does not exist; rank a scan first (--scan "
              + name
              + ", or --csv model/"
              + name
              + "/ or slurm/"
              + name
              + "/output/)"
              + available(csv.getParent()));
    }
    String text = Files.readString(csv);
    if (text.isBlank()) {
      throw new ReportException(
          false,
          csv
              + " is empty: no trial to report; rank the results again with --csv model/"
              + name
              + "/ (or slurm/"
              + name
              + "/output/)");
    }
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> columns;
    try (CSVParser parser =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(text))) {
      columns = parser.getHeaderNames();
      for (CSVRecord r : parser) {
        if (!r.isConsistent()) {
          warnings.add(
              csv.getFileName()
                  + " line "
                  + (r.getRecordNumber() + 1)
                  + ": "
                  + r.size()
                  + " cells under a header of "
                  + columns.size()
                  + ": row left out");
          continue;
        }
        rows.add(r.toMap());
      }
    } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      String why = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
      throw new ReportException(
          false,
          csv
              + " is not a CSV file ("
              + why
              + "); rank the results again with --csv model/"
              + name
              + "/");
    }
    if (!columns.contains(ranking.column())) {
      throw new ReportException(
          true,
          csv
              + " has no column '"
              + ranking.column()
              + "' for the eval_criterion of the parameters file; it has "
              + String.join(
                  ", ", columns.stream().filter(TrialResult.QUALITY_COLUMNS::contains).toList())
              + ": give a parameters file (-p) whose eval_criterion is one of them");
    }
    if (!columns.contains("trial_id")) {
      throw new ReportException(
          false, csv + " has no column 'trial_id': not the ranked results of a hepscan scan");
    }
    if (rows.isEmpty()) {
      throw new ReportException(
          false,
          csv
              + " holds no trial"
              + (warnings.isEmpty() ? "" : " that can be read (" + warnings.get(0) + ")")
              + "; rank the results again with --csv model/"
              + name
              + "/");
    }
    return new ScanResults(name, csv, rank(rows, ranking), ranking, warnings);
  }

  /** The rows sorted best first, with {@code rank} set to their new place. */
  static List<Map<String, String>> rank(List<Map<String, String>> rows, Ranking ranking) {
    List<Map<String, String>> sorted = new ArrayList<>(rows);
    sorted.sort(ranking.comparator());
    List<Map<String, String>> ranked = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      Map<String, String> r = new LinkedHashMap<>();
      r.put(Collector.RANK, Integer.toString(i + 1));
      sorted.get(i).forEach((k, v) -> r.putIfAbsent(k, v));
      r.put(Collector.RANK, Integer.toString(i + 1));
      ranked.add(Collections.unmodifiableMap(r));
    }
    return ranked;
  }

  private static String available(Path modelDir) {
    if (modelDir == null || !Files.isDirectory(modelDir)) {
      return "";
    }
    try (var files = Files.list(modelDir)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(f -> f.endsWith(".csv"))
              .map(f -> f.substring(0, f.length() - 4))
              .sorted()
              .toList();
      return names.isEmpty()
          ? ""
          : "; ranked scans in " + modelDir + ": " + String.join(", ", names);
    } catch (IOException e) {
      return "";
    }
  }

  /** The scan keys: every column that is neither an id nor a measured value. */
  public List<String> scanKeys() {
    return rows.get(0).keySet().stream().filter(k -> !NOT_KEYS.contains(k)).toList();
  }

  /** The scan keys with more than one value among the trials: the ones the scan explored. */
  public List<String> variedKeys() {
    return scanKeys().stream().filter(k -> values(rows, k).size() > 1).toList();
  }

  /** The distinct values of {@code key}, numerically ordered when all are numbers. */
  public static List<String> values(List<Map<String, String>> rows, String key) {
    List<String> distinct = rows.stream().map(r -> r.getOrDefault(key, "")).distinct().toList();
    boolean numeric = distinct.stream().allMatch(ScanResults::isNumber);
    Comparator<String> order =
        numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
    return distinct.stream().sorted(order).toList();
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
