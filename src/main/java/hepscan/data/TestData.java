package hepscan.data;

import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code --model M --test} scores and writes: the three splits as {@link SplitBlocks}, read a
 * block of events at a time (from the data cache when there is one), and what describes them. See
 * {@link PreparedData} for the fields.
 */
public record TestData(
    List<String> featureNames,
    List<String> inputExpressions,
    List<String> classNames,
    List<String> otherVariableNames,
    List<PreparedFile> files,
    SplitBlocks training,
    SplitBlocks evaluation,
    SplitBlocks output,
    String dataHash,
    List<ClassReport> report,
    Map<String, Long> nonFinite) {

  public TestData {
    featureNames = List.copyOf(featureNames);
    inputExpressions = List.copyOf(inputExpressions);
    classNames = List.copyOf(classNames);
    otherVariableNames = List.copyOf(otherVariableNames);
    files = List.copyOf(files);
    report = List.copyOf(report);
    nonFinite = Collections.unmodifiableMap(new TreeMap<>(nonFinite));
    for (SplitBlocks s : List.of(training, evaluation, output)) {
      if (s.nFeatures() != featureNames.size()) {
        throw new IllegalArgumentException(
            "a split has "
                + s.nFeatures()
                + " features, not the "
                + featureNames.size()
                + " named");
      }
    }
  }

  /** The data in the heap, as blocks. */
  public static TestData of(PreparedData d) {
    return new TestData(
        d.featureNames(),
        d.inputExpressions(),
        d.classNames(),
        d.otherVariableNames(),
        d.files(),
        new SplitBlocks.InHeap(d.training(), d.trainingEvents()),
        new SplitBlocks.InHeap(d.evaluation(), d.evaluationEvents()),
        new SplitBlocks.InHeap(d.output(), d.outputEvents()),
        d.dataHash(),
        d.report(),
        d.nonFinite());
  }

  /** See {@link TrainingData#printReport}. */
  public void printReport(PrintStream log) {
    TrainingData.printReport(
        log, featureNames, inputExpressions, classNames, dataHash, report, nonFinite);
  }
}
