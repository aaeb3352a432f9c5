package hepscan.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the scan knows about a model beyond its network, stored in its zip.
 *
 * @param name the archive's name; every entry of the zip lives under the folder {@code name/}
 * @param featureNames one per network input, after one-hot expansion
 * @param inputExpressions the parameters file's {@code inputs}, as written
 * @param oneHotCategories for each one-hot variable, its categories in column order
 * @param classNames one per class, class index order (index 0 is the signal)
 * @param hashes provenance: parameters/data hashes, trial id, seed, version, ...
 * @param recipe the parameters file (YAML text) the training data were prepared with; "" when
 *     unknown (archives written before it was stored)
 */
public record ModelInfo(
    String name,
    List<String> featureNames,
    List<String> inputExpressions,
    Map<String, List<Long>> oneHotCategories,
    List<String> classNames,
    Map<String, String> hashes,
    String recipe) {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public ModelInfo {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "model name '" + name + "' is invalid: use letters, digits, '.', '_' and '-'");
    }
    featureNames = List.copyOf(featureNames);
    inputExpressions = List.copyOf(inputExpressions);
    TreeMap<String, List<Long>> sorted = new TreeMap<>();
    oneHotCategories.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
    oneHotCategories = java.util.Collections.unmodifiableMap(sorted);
    classNames = List.copyOf(classNames);
    hashes = java.util.Collections.unmodifiableMap(new TreeMap<>(hashes));
    recipe = recipe == null ? "" : recipe;
  }

  /** An archive's description without a stored recipe. */
  public ModelInfo(
      String name,
      List<String> featureNames,
      List<String> inputExpressions,
      Map<String, List<Long>> oneHotCategories,
      List<String> classNames,
      Map<String, String> hashes) {
    this(name, featureNames, inputExpressions, oneHotCategories, classNames, hashes, "");
  }
}
