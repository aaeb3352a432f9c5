package hepscan.report;

import hepscan.scan.TrialResult;
import hepscan.util.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Concatenates the per-trial CSVs of a result folder into one ranked CSV. A folder of thousands of
 * files written by SLURM tasks holds some broken ones (a node died while writing, a file was
 * edited, a task wrote twice): every broken file or row is reported with its file and the reason,
 * and left out; a trial found twice is kept once, from its newest valid file.
 */
public final class Collector {
  private Collector() {}

  /** The first column of a ranked CSV: 1 for the best trial. */
  public static final String RANK = "rank";

  /** What can be wrong with a result file or row; {@code label} is its name in the summary. */
  public enum ProblemKind {
    EMPTY("empty"),
    TRUNCATED("cut short"),
    MALFORMED("malformed"),
    MISSING_COLUMN("missing a column"),
    NOT_A_NUMBER("not a number"),
    DUPLICATE("duplicate trial"),
    MISSING_ZIP("model zip missing"),
    NOT_CURRENT("of another grid or data");

    private final String label;

    ProblemKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One problem: the file it is in (a file name, or the folder), what kind, the reason in words,
   * and how many result rows it cost.
   */
  public record Problem(String file, ProblemKind kind, String reason, int rows) {
    @Override
    public String toString() {
      return file + ": " + reason;
    }
  }

  /** What was collected: the ranked rows and the problems found on the way. */
  public record Collected(
      List<String> header, List<Map<String, String>> rows, List<Problem> problems, int files) {
    public Collected {
      header = List.copyOf(header);
      rows = List.copyOf(rows);
      problems = List.copyOf(problems);
    }

    /**
     * The problems counted by kind in one line, e.g. {@code "3 problems: 1 empty, 2 cut short"}, or
     * {@code "no problems"}.
     */
    public String problemSummary() {
      if (problems.isEmpty()) {
        return "no problems";
      }
      Map<ProblemKind, Integer> counts = new EnumMap<>(ProblemKind.class);
      for (Problem p : problems) {
        counts.merge(p.kind(), 1, Integer::sum);
      }
      return problems.size()
          + (problems.size() == 1 ? " problem: " : " problems: ")
          + counts.entrySet().stream()
              .map(e -> e.getValue() + " " + e.getKey().label())
              .collect(Collectors.joining(", "));
    }
  }

  public static Collected collect(Path resultDir, Ranking ranking) throws IOException {
    return collect(resultDir, ranking, row -> true);
  }

  /** A row read from a file, with where it came from (to keep the newest of duplicates). */
  private record Found(Map<String, String> row, Path file, int index) {}

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
    List<Path> csvs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    try (Stream<Path> s = Files.list(resultDir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        names.add(name);
        // hidden files are claims and temporary files of writers at work, not results
        if (name.endsWith(".csv") && !name.startsWith(".")) {
          csvs.add(p);
        }
      }
    }
    csvs.sort(null);
    List<String> required = new ArrayList<>(List.of("trial_id"));
    required.addAll(TrialResult.QUALITY_COLUMNS);
    if (!required.contains(ranking.column())) {
      required.add(ranking.column());
    }
    LinkedHashSet<String> header = new LinkedHashSet<>();
    header.add(RANK);
    List<Problem> problems = new ArrayList<>();
    Map<String, Found> byTrial = new HashMap<>();
    int notCurrent = 0;
    for (Path csv : csvs) {
      String file = csv.getFileName().toString();
      List<Map<String, String>> fileRows = readFile(csv, required, problems);
      for (int i = 0; i < fileRows.size(); i++) {
        Map<String, String> row = fileRows.get(i);
        String zip = row.get("zip");
        if (zip != null
            && !zip.isBlank()
            && !names.contains(Path.of(zip).getFileName().toString())) {
          problems.add(
              new Problem(
                  file,
                  ProblemKind.MISSING_ZIP,
                  "model archive " + Path.of(zip).getFileName() + " is missing: row left out",
                  1));
          continue;
        }
        if (!keep.test(row)) {
          notCurrent++;
          continue;
        }
        header.addAll(row.keySet());
        Found found = new Found(row, csv, i);
        Found earlier = byTrial.putIfAbsent(row.get("trial_id"), found);
        if (earlier != null) {
          Found newer = newer(earlier, found);
          Found older = newer == found ? earlier : found;
          byTrial.put(row.get("trial_id"), newer);
          problems.add(
              new Problem(
                  older.file().getFileName().toString(),
                  ProblemKind.DUPLICATE,
                  "trial "
                      + row.get("trial_id")
                      + " is also in "
                      + (newer.file().equals(older.file())
                          ? "a later row of the same file"
                          : newer.file().getFileName() + ", which is newer")
                      + ": this row left out",
                  1));
        }
      }
    }
    if (notCurrent > 0) {
      problems.add(
          new Problem(
              resultDir.toString(),
              ProblemKind.NOT_CURRENT,
              notCurrent
                  + " result(s) in "
                  + resultDir
                  + " belong to another grid, other data or other training settings: not ranked",
              notCurrent));
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (Found f : byTrial.values()) {
      rows.add(f.row());
    }
    rows.sort(ranking.comparator());
    List<Map<String, String>> ranked = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> r = new java.util.LinkedHashMap<>();
      r.put(RANK, Integer.toString(i + 1));
      r.putAll(rows.get(i));
      ranked.add(java.util.Collections.unmodifiableMap(r));
    }
    return new Collected(new ArrayList<>(header), ranked, problems, csvs.size());
  }

  /** The newer of two finds of one trial: by file modification time, then by place in the file. */
  private static Found newer(Found a, Found b) throws IOException {
    if (!a.file().equals(b.file())) {
      FileTime ta = Files.getLastModifiedTime(a.file());
      FileTime tb = Files.getLastModifiedTime(b.file());
      int c = ta.compareTo(tb);
      if (c != 0) {
        return c > 0 ? a : b;
      }
      // same time: the later name in sorted order, so that the choice does not depend on listing
      return a.file().getFileName().toString().compareTo(b.file().getFileName().toString()) > 0
          ? a
          : b;
    }
    return a.index() > b.index() ? a : b;
  }

  /**
   * The valid rows of one result file; every problem found goes to {@code problems}. A file is
   * small (a header and one row), so it is read whole.
   */
  private static List<Map<String, String>> readFile(
      Path csv, List<String> required, List<Problem> problems) throws IOException {
    String file = csv.getFileName().toString();
    String text;
    try {
      text = Files.readString(csv);
    } catch (MalformedInputException e) {
      problems.add(new Problem(file, ProblemKind.MALFORMED, "not UTF-8 text", 1));
      return List.of();
    } catch (IOException e) {
      problems.add(
          new Problem(file, ProblemKind.MALFORMED, "unreadable: " + AtomicFiles.reason(e), 1));
      return List.of();
    }
    if (text.isBlank()) {
      problems.add(new Problem(file, ProblemKind.EMPTY, "empty file", 1));
      return List.of();
    }
    int problemsBefore = problems.size();
    List<Map<String, String>> rows = new ArrayList<>();
    try (CSVParser parser =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(text))) {
      List<String> columns = parser.getHeaderNames();
      for (String column : required) {
        if (!columns.contains(column)) {
          if (text.indexOf('\n') < 0) {
            // the writer died within the header line
            problems.add(new Problem(file, ProblemKind.TRUNCATED, "cut short in its header", 1));
            return List.of();
          }
          problems.add(
              new Problem(
                  file,
                  ProblemKind.MISSING_COLUMN,
                  "no column '" + column + "' in its header: not a hepscan result, left out",
                  1));
          return List.of();
        }
      }
      for (CSVRecord r : parser) {
        String where = "row " + r.getRecordNumber();
        if (r.size() < columns.size()) {
          problems.add(
              new Problem(
                  file,
                  ProblemKind.TRUNCATED,
                  where
                      + " has "
                      + r.size()
                      + " cells, the header "
                      + columns.size()
                      + ": cut short, left out",
                  1));
          continue;
        }
        if (r.size() > columns.size()) {
          problems.add(
              new Problem(
                  file,
                  ProblemKind.MALFORMED,
                  where
                      + " has "
                      + r.size()
                      + " cells, the header "
                      + columns.size()
                      + ": extra cells, left out",
                  1));
          continue;
        }
        Map<String, String> row = r.toMap();
        String bad = firstNonNumber(row);
        if (row.get("trial_id").isBlank()) {
          problems.add(new Problem(file, ProblemKind.MALFORMED, where + " has no trial_id", 1));
        } else if (bad != null) {
          problems.add(
              new Problem(
                  file,
                  ProblemKind.NOT_A_NUMBER,
                  where + ": " + bad + " = '" + row.get(bad) + "' is not a number, left out",
                  1));
        } else {
          rows.add(row);
        }
      }
    } catch (UncheckedIOException | IOException e) {
      // commons-csv reports an unterminated quote or a bad character as an I/O failure
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      problems.add(
          new Problem(file, ProblemKind.MALFORMED, "not CSV (" + cause.getMessage() + ")", 1));
      return List.of();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // e.g. a header naming a column twice
      problems.add(
          new Problem(file, ProblemKind.MALFORMED, "bad header (" + e.getMessage() + ")", 1));
      return List.of();
    }
    if (rows.isEmpty() && problems.size() == problemsBefore) {
      problems.add(new Problem(file, ProblemKind.TRUNCATED, "a header but no result row", 1));
    }
    return rows;
  }

  /** The first quality column whose value is not a number (NaN is one: a diverged trial). */
  private static String firstNonNumber(Map<String, String> row) {
    for (String column : TrialResult.QUALITY_COLUMNS) {
      try {
        Double.parseDouble(row.get(column));
      } catch (NumberFormatException | NullPointerException e) {
        return column;
      }
    }
    return null;
  }

  /** Writes the ranked rows under the header as CSV, atomically: {@code rank} comes first. */
  public static void write(Collected collected, Path target) throws IOException {
    StringWriter text = new StringWriter();
    try (CSVPrinter p =
        new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
      p.printRecord(collected.header());
      List<String> cells = new ArrayList<>(collected.header().size());
      for (Map<String, String> row : collected.rows()) {
        cells.clear();
        for (String col : collected.header()) {
          cells.add(row.getOrDefault(col, ""));
        }
        p.printRecord(cells);
      }
    }
    AtomicFiles.writeString(target, text.toString());
  }

  /** The summary line of a collection, e.g. for {@code --csv}. */
  public static String summary(Collected c, Path target, Ranking ranking) {
    return String.format(
        Locale.ROOT,
        "%s: %d trials from %d result files ranked by %s (%s); %s",
        target,
        c.rows().size(),
        c.files(),
        ranking.column(),
        ranking.ascending() ? "ascending" : "descending",
        c.problemSummary());
  }
}
