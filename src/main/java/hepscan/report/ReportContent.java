package hepscan.report;

import hepscan.model.ArchiveSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a report shows, gathered once and then written to the console, the plots and the page.
 *
 * @param results the ranked trials
 * @param overtraining the overtraining rule in force
 * @param importance the keys' importance (the varied keys only)
 * @param best the best trial by the overtraining rule, if any
 * @param zips each trial's model archive that exists, by trial id
 * @param archives what the archives of the top trials and of the best hold, by trial id
 * @param warnings what is missing or damaged, one line each (the report is made without it)
 * @param provenance where the results came from, in display order (version, hashes, date, counts)
 * @param parametersFile the parameters file used, if it could be read
 * @param parametersText its content
 */
public record ReportContent(
    ScanResults results,
    Overtraining overtraining,
    Importance importance,
    Optional<Map<String, String>> best,
    Map<String, Path> zips,
    Map<String, ArchiveSummary> archives,
    List<String> warnings,
    Map<String, String> provenance,
    Optional<Path> parametersFile,
    String parametersText) {

  /** How many trials the table shows, and how many get learning and ROC curves. */
  public static final int TOP_TABLE = 10;

  public static final int TOP_CURVES = 5;

  public ReportContent {
    zips = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(zips));
    archives = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(archives));
    warnings = List.copyOf(warnings);
    provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
  }

  public List<Map<String, String>> top(int n) {
    return results.rows().subList(0, Math.min(n, results.rows().size()));
  }

  /** The metric columns of the top table: the criterion first, then F1, AUC, error, KS. */
  public List<String> tableMetrics() {
    List<String> m = new java.util.ArrayList<>(List.of(results.ranking().column()));
    for (String c : List.of("f1", "auc", "eval_error", "ks_pvalue")) {
      if (!m.contains(c)) {
        m.add(c);
      }
    }
    return m;
  }
}
