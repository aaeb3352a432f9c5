package hepscan.scan;

import hepscan.model.ModelArchive;
import hepscan.util.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The folder that holds a scan's per-trial results: {@code <name>_<id>.csv} (header + one row) and
 * {@code <name>_<id>.zip} (the model). The state of a trial is what is in the folder: a trial is
 * done when its CSV parses, names its id and its zip exists. Every file is written atomically, and
 * no two trials share a file, so parallel writers never collide.
 */
public final class ResultFolder {
  private final Path dir;
  private final String scanName;

  public ResultFolder(Path dir, String scanName) {
    this.dir = dir;
    this.scanName = scanName;
  }

  public Path dir() {
    return dir;
  }

  /** The archive name (without .zip) of a trial, also the folder name inside the archive. */
  public String trialName(String trialId) {
    return scanName + "_" + trialId;
  }

  public Path csvPath(String trialId) {
    return dir.resolve(trialName(trialId) + ".csv");
  }

  public Path zipPath(String trialId) {
    return dir.resolve(trialName(trialId) + ".zip");
  }

  /** The claim file of a trial being trained (hidden: not a result). */
  public Path claimPath(String trialId) {
    return dir.resolve("." + trialName(trialId) + ".claim");
  }

  /** The trial's result, if a complete one is in the folder. */
  public Optional<Map<String, String>> validResult(String trialId) {
    Path csv = csvPath(trialId);
    if (!Files.isRegularFile(csv) || !isZip(zipPath(trialId))) {
      return Optional.empty();
    }
    try {
      List<Map<String, String>> rows = readRows(csv);
      if (rows.size() == 1
          && trialId.equals(rows.get(0).get("trial_id"))
          && numericMetrics(rows.get(0))) {
        return Optional.of(rows.get(0));
      }
    } catch (IOException | IllegalArgumentException e) {
      // a damaged result counts as no result: the trial is run again
    }
    return Optional.empty();
  }

  /**
   * Whether {@code zip} is a whole model archive: its entries read, and its parameters and probe
   * events have the hashes its model.json records (a damaged model must not be reused and ranked).
   */
  private static boolean isZip(Path zip) {
    if (!Files.isRegularFile(zip)) {
      return false;
    }
    try {
      ModelArchive.checkIntegrity(zip);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A row whose metrics are not numbers was damaged (edited, cut short): it is no result. */
  private static boolean numericMetrics(Map<String, String> row) {
    for (String m : TrialResult.QUALITY_COLUMNS) {
      String v = row.get(m);
      try {
        Double.parseDouble(v);
      } catch (NumberFormatException | NullPointerException e) {
        return false;
      }
    }
    return true;
  }

  /** Writes the trial's one-row CSV atomically. */
  public void writeResult(TrialResult result) throws IOException {
    List<String> header = TrialResult.header(result.hyperparameters().keySet());
    Map<String, String> cells = result.cells();
    StringWriter text = new StringWriter();
    try (CSVPrinter p =
        new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
      p.printRecord(header);
      List<String> row = new ArrayList<>();
      for (String col : header) {
        row.add(cells.getOrDefault(col, ""));
      }
      p.printRecord(row);
    }
    AtomicFiles.writeString(csvPath(result.trialId()), text.toString());
  }

  /** Reads a CSV with a header into rows keyed by column, in file order. */
  public static List<Map<String, String>> readRows(Path csv) throws IOException {
    try (java.io.Reader reader = Files.newBufferedReader(csv);
        CSVParser parser =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      List<Map<String, String>> rows = new ArrayList<>();
      for (CSVRecord r : parser) {
        if (!r.isConsistent()) {
          throw new IllegalArgumentException(
              csv + " line " + r.getRecordNumber() + ": wrong number of cells");
        }
        rows.add(r.toMap());
      }
      return rows;
    } catch (java.io.UncheckedIOException e) {
      throw new IOException(csv.getFileName() + ": " + e.getCause().getMessage(), e);
    }
  }
}
