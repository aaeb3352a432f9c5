package hepscan.data;

import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scan trains on: the training and evaluation splits of {@link PreparedData}, without the
 * output split and the per-event {@link EventInfo} that only the test outputs need. Read from the
 * cache, the features stay in the file ({@link FeatureRows.InFile}) until training uploads them.
 *
 * @param featureNames as {@link PreparedData#featureNames()}
 * @param inputExpressions the parameters file's {@code inputs}, as written
 * @param oneHotCategories as {@link PreparedData#oneHotCategories()}
 * @param classNames class index order; index 0 is the signal
 * @param training features UNSCALED, labels, learning weights
 * @param evaluation the same for the evaluation split
 * @param scaler fitted on the training split
 * @param dataHash sha256 of everything that shaped the data (the cache key)
 * @param report per class counts
 * @param nonFinite per variable, the events dropped for a NaN or infinite value
 */
public record TrainingData(
    List<String> featureNames,
    List<String> inputExpressions,
    Map<String, List<Long>> oneHotCategories,
    List<String> classNames,
    SplitArrays training,
    SplitArrays evaluation,
    Scaler scaler,
    String dataHash,
    List<ClassReport> report,
    Map<String, Long> nonFinite) {

  public TrainingData {
    featureNames = List.copyOf(featureNames);
    inputExpressions = List.copyOf(inputExpressions);
    oneHotCategories = sortedCopy(oneHotCategories);
    classNames = List.copyOf(classNames);
    report = List.copyOf(report);
    nonFinite = Collections.unmodifiableMap(new TreeMap<>(nonFinite));
    if (featureNames.size() != training.nFeatures()
        || scaler.nFeatures() != training.nFeatures()
        || evaluation.nFeatures() != training.nFeatures()) {
      throw new IllegalArgumentException(
          "feature names, scaler and arrays disagree on the number of features");
    }
  }

  /** These data with the features in the heap: for data whose file is about to go. */
  TrainingData inHeap() {
    return new TrainingData(
        featureNames,
        inputExpressions,
        oneHotCategories,
        classNames,
        inHeap(training),
        inHeap(evaluation),
        scaler,
        dataHash,
        report,
        nonFinite);
  }

  private static SplitArrays inHeap(SplitArrays s) {
    return new SplitArrays(s.nEvents(), s.nFeatures(), s.features(), s.labels(), s.weights());
  }

  /** An unmodifiable copy of one-hot categories, sorted by input. */
  static Map<String, List<Long>> sortedCopy(Map<String, List<Long>> categories) {
    TreeMap<String, List<Long>> sorted = new TreeMap<>();
    categories.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(sorted);
  }

  /**
   * Prints the per-class table (events read, after the cut, after the negative-weight policy, kept
   * with finite values, sum of learning weights before equalisation, events per split) and the
   * non-finite counts.
   */
  public void printReport(PrintStream log) {
    printReport(log, featureNames, inputExpressions, classNames, dataHash, report, nonFinite);
  }

  /** The table of {@link #printReport(PrintStream)}, of data described by these fields. */
  static void printReport(
      PrintStream log,
      List<String> featureNames,
      List<String> inputExpressions,
      List<String> classNames,
      String dataHash,
      List<ClassReport> report,
      Map<String, Long> nonFinite) {
    log.println(
        "data: "
            + featureNames.size()
            + " features, "
            + classNames.size()
            + " classes, hash "
            + dataHash.substring(0, 12));
    log.printf(
        Locale.ROOT,
        "%-16s %10s %10s %10s %10s %14s %10s %10s %10s%n",
        "class",
        "read",
        "after cut",
        "w policy",
        "kept",
        "sum lw",
        "training",
        "evaluation",
        "output");
    for (ClassReport r : report) {
      log.printf(
          Locale.ROOT,
          "%-16s %10d %10d %10d %10d %14.6g %10d %10d %10d%n",
          r.className(),
          r.read(),
          r.afterCut(),
          r.afterWeights(),
          r.kept(),
          r.learningWeightSum(),
          r.training(),
          r.evaluation(),
          r.output());
    }
    nonFinite.forEach(
        (v, n) ->
            log.printf(
                Locale.ROOT,
                "warning: %d events dropped because '%s' is NaN or infinite%s%n",
                n,
                v,
                inputExpressions.contains(v) ? " (as a float)" : ""));
  }
}
