package hepscan.scan;

import hepscan.model.TrainingInput;
import java.util.List;
import java.util.Map;

/**
 * The prepared events every trial of a scan trains on, and what the model archives must remember
 * about them.
 *
 * @param dataHash hash of everything that shaped the arrays (files, cut, variables, weights, split)
 * @param recipe the parameters file the data were prepared with, as written: stored in every model
 *     so that its test outputs are made from the same events ({@code --model M --test})
 * @param unpacked the memory holds these data for trials alone, not in the packs {@code pack: K}
 *     asks for: the trials train one after another
 */
public record ScanData(
    TrainingInput input,
    List<String> featureNames,
    List<String> inputExpressions,
    Map<String, List<Long>> oneHotCategories,
    List<String> classNames,
    String dataHash,
    String recipe,
    boolean unpacked) {

  public ScanData {
    featureNames = List.copyOf(featureNames);
    inputExpressions = List.copyOf(inputExpressions);
    oneHotCategories = Map.copyOf(oneHotCategories);
    classNames = List.copyOf(classNames);
  }
}
