package hepscan.report;

import hepscan.model.ArchiveSummary;
import hepscan.util.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers a report from what is there: the ranked results, the model archives that still exist
 * (each missing or damaged one is a warning, and the report is made without it) and the parameters
 * file.
 */
public final class ScanReport {
  private ScanReport() {}

  /** At most this many missing archives are named one by one; the others are counted. */
  static final int NAMED_MISSING = 10;

  /**
   * What to report on.
   *
   * @param resultDirs where the trials' zips may be, in order (model/NAME/, slurm/NAME/output/)
   * @param parametersFile the parameters file in use, if it exists
   * @param version hepscan's version, for the provenance
   */
  public record Request(
      ScanResults results,
      Overtraining overtraining,
      List<Path> resultDirs,
      Optional<Path> parametersFile,
      String version) {
    public Request {
      resultDirs = List.copyOf(resultDirs);
    }
  }

  public static ReportContent gather(Request request) throws IOException {
    ScanResults results = request.results();
    List<String> warnings = new ArrayList<>(results.warnings());
    Map<String, Path> zips = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Map<String, String> row : results.rows()) {
      String zip = row.getOrDefault("zip", "");
      Optional<Path> found = zip.isBlank() ? Optional.empty() : find(zip, request.resultDirs());
      if (found.isPresent()) {
        zips.put(row.get("trial_id"), found.get());
      } else {
        missing.add(
            "trial "
                + row.get("trial_id")
                + " (rank "
                + row.get(Collector.RANK)
                + "): model zip "
                + (zip.isBlank() ? "not named in " + results.csv() : zip + " not found"));
      }
    }
    for (int i = 0; i < Math.min(NAMED_MISSING, missing.size()); i++) {
      warnings.add(missing.get(i));
    }
    if (missing.size() > NAMED_MISSING) {
      warnings.add(
          "... and " + (missing.size() - NAMED_MISSING) + " more trials without their zip");
    }
    if (!missing.isEmpty()) {
      warnings.add(
          missing.size()
              + " of "
              + results.rows().size()
              + " model zips are missing (looked in "
              + String.join(", ", request.resultDirs().stream().map(Path::toString).toList())
              + "): their learning and ROC curves are left out");
    }
    Ranking ranking = results.ranking();
    Importance importance = Importance.of(results.rows(), results.variedKeys(), ranking);
    Optional<Map<String, String>> best = request.overtraining().best(results.rows(), ranking);

    // the archives of the top trials (curves) and of the best (adopted)
    Set<Map<String, String>> wanted = new LinkedHashSet<>();
    results.rows().stream().limit(ReportContent.TOP_CURVES).forEach(wanted::add);
    best.ifPresent(wanted::add);
    Map<String, ArchiveSummary> archives = new LinkedHashMap<>();
    for (Map<String, String> row : wanted) {
      Path zip = zips.get(row.get("trial_id"));
      if (zip == null) {
        continue;
      }
      try {
        archives.put(row.get("trial_id"), ArchiveSummary.read(zip));
      } catch (IOException | RuntimeException e) {
        warnings.add("trial " + row.get("trial_id") + ": " + e.getMessage());
      }
    }

    String parametersText = "";
    if (request.parametersFile().isPresent()) {
      try {
        parametersText = Files.readString(request.parametersFile().get());
      } catch (IOException e) {
        warnings.add("parameters file " + request.parametersFile().get() + ": cannot be read");
      }
    }
    return new ReportContent(
        results,
        request.overtraining(),
        importance,
        best,
        zips,
        archives,
        warnings,
        provenance(request, parametersText, missing.size()),
        request.parametersFile(),
        parametersText);
  }

  private static Optional<Path> find(String zip, List<Path> dirs) {
    String file = Path.of(zip).getFileName().toString();
    for (Path dir : dirs) {
      Path p = dir.resolve(file);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> provenance(
      Request request, String parametersText, int missingZips) {
    ScanResults r = request.results();
    Ranking ranking = r.ranking();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("hepscan version", request.version());
    p.put("scan", r.name());
    p.put("results", r.csv().toString());
    p.put(
        "parameters file",
        request.parametersFile().map(Path::toString).orElse("not found: not shown"));
    if (request.parametersFile().isPresent()) {
      p.put(
          "parameters file SHA-256",
          Hashing.sha256Hex(parametersText.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    p.put("parameters hash (training settings)", distinct(r.rows(), "params_hash"));
    p.put("data hash", distinct(r.rows(), "data_hash"));
    p.put(
        "date",
        ZonedDateTime.now(ZoneOffset.UTC)
            .withNano(0)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    p.put("trials", Integer.toString(r.rows().size()));
    p.put(
        "failed (no number for " + ranking.column() + ")",
        Long.toString(r.rows().stream().filter(x -> !Double.isFinite(ranking.value(x))).count()));
    p.put(
        "overtrained (" + request.overtraining().rule() + ")",
        Long.toString(request.overtraining().count(r.rows())));
    p.put("model zips missing", Integer.toString(missingZips));
    return p;
  }

  /** The distinct values of a column, joined; "-" when there are none. */
  private static String distinct(List<Map<String, String>> rows, String column) {
    List<String> values =
        rows.stream()
            .map(x -> x.getOrDefault(column, ""))
            .filter(v -> !v.isBlank())
            .distinct()
            .toList();
    return values.isEmpty() ? "-" : String.join(", ", values);
  }
}
