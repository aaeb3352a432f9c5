package hepscan.scan;

import hepscan.model.TrainingInput;
import java.util.List;
import java.util.Map;

/**
 * The prepared events every trial of a scan trains on, and what the model archives must remember
 * about them.
 *
 * @param dataHash hash of everything that shaped the arrays (files, cut, variables, weights, split)
 */
public record ScanData(
    TrainingInput input,
    List<String> featureNames,
    List<String> inputExpressions,
    Map<String, List<Long>> oneHotCategories,
    List<String> classNames,
    String dataHash) {

  public ScanData {
    featureNames = List.copyOf(featureNames);
    inputExpressions = List.copyOf(inputExpressions);
    oneHotCategories = Map.copyOf(oneHotCategories);
    classNames = List.copyOf(classNames);
  }
}
