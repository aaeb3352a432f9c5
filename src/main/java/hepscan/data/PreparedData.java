package hepscan.data;

import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Weighted, split arrays ready for training, with what is needed to apply the model later and to
 * write test outputs.
 *
 * @param featureNames one per network input column, sanitised and unique; a one-hot input {@code
 *     expr@op} gives {@code name_<category>} columns (negative categories as {@code m3})
 * @param inputExpressions the parameters file's {@code inputs}, as written
 * @param oneHotCategories for each one-hot input (keyed by the input as written, {@code expr@op}),
 *     its categories in column order: the sorted distinct values in the training split. An event
 *     whose value is not among them gets zeros in every column of that input
 * @param classNames class index order; index 0 is the signal
 * @param otherVariableNames the {@code other_variables} expressions, sanitised and unique
 * @param files every file that contributed events; {@link EventInfo#file()} indexes this list
 * @param training features UNSCALED, labels, learning weights (each class sums to nEvents /
 *     nClasses, so the mean learning weight of a split is 1)
 * @param scaler fitted on the training split (unweighted); one-hot columns are not scaled
 * @param dataHash sha256 of everything that shaped the data (the cache key)
 * @param report per class counts
 * @param nonFinite per variable (input expression, {@code weight} or output), the number of events
 *     dropped because it was NaN or infinite (an input also when beyond the float range)
 */
public record PreparedData(
    List<String> featureNames,
    List<String> inputExpressions,
    Map<String, List<Long>> oneHotCategories,
    List<String> classNames,
    List<String> otherVariableNames,
    List<PreparedFile> files,
    SplitArrays training,
    SplitArrays evaluation,
    SplitArrays output,
    EventInfo trainingEvents,
    EventInfo evaluationEvents,
    EventInfo outputEvents,
    Scaler scaler,
    String dataHash,
    List<ClassReport> report,
    Map<String, Long> nonFinite) {

  public PreparedData {
    featureNames = List.copyOf(featureNames);
    inputExpressions = List.copyOf(inputExpressions);
    oneHotCategories = TrainingData.sortedCopy(oneHotCategories);
    classNames = List.copyOf(classNames);
    otherVariableNames = List.copyOf(otherVariableNames);
    files = List.copyOf(files);
    report = List.copyOf(report);
    nonFinite = Collections.unmodifiableMap(new TreeMap<>(nonFinite));
    if (featureNames.size() != training.nFeatures() || scaler.nFeatures() != training.nFeatures()) {
      throw new IllegalArgumentException(
          "feature names, scaler and arrays disagree on the number of features");
    }
  }

  /** The training and evaluation splits and what describes them: what a scan trains on. */
  public TrainingData forTraining() {
    return new TrainingData(
        featureNames,
        inputExpressions,
        oneHotCategories,
        classNames,
        training,
        evaluation,
        scaler,
        dataHash,
        report,
        nonFinite);
  }

  /** See {@link TrainingData#printReport}. */
  public void printReport(PrintStream log) {
    forTraining().printReport(log);
  }
}
