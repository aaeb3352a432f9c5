package hepscan.output;

import hepscan.data.ColumnNames;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.write.BranchSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The branches of a test-output tree, in order: the bookkeeping columns (class index, one-hot
 * targets, event weight, learning weight, xsec, event-weight sum, split, source file and entry),
 * the model's {@code output_<class>} scores, the network inputs unscaled and the {@code
 * other_variables}. Names are made unique with the bookkeeping names first, so that they never
 * change whatever the inputs are called.
 */
record OutputColumns(List<BranchSpec> branches, int nClasses, int nFeatures, int nOthers) {

  /** The value of the {@code split} branch for events of each split. */
  static final int TRAINING = 0;

  static final int EVALUATION = 1;
  static final int TEST = 2;

  /** Events of a sample that was not split ({@code --output KEY}). */
  static final int UNSPLIT = 3;

  static OutputColumns of(
      List<String> classNames, List<String> featureNames, List<String> otherVariableNames) {
    List<String> names = new ArrayList<>();
    List<LeafType> types = new ArrayList<>();
    add(names, types, "class_index", LeafType.INT);
    for (String c : classNames) {
      add(names, types, "target_" + ColumnNames.sanitise(c), LeafType.INT);
    }
    add(names, types, "event_weight", LeafType.DOUBLE);
    add(names, types, "learning_weight", LeafType.FLOAT);
    add(names, types, "xsec", LeafType.DOUBLE);
    add(names, types, "event_weight_sum", LeafType.DOUBLE);
    add(names, types, "split", LeafType.INT);
    add(names, types, "source_file", LeafType.INT);
    add(names, types, "entry", LeafType.LONG);
    for (String c : classNames) {
      add(names, types, "output_" + ColumnNames.sanitise(c), LeafType.FLOAT);
    }
    featureNames.forEach(f -> add(names, types, f, LeafType.FLOAT));
    otherVariableNames.forEach(o -> add(names, types, o, LeafType.DOUBLE));
    List<String> unique = ColumnNames.unique(names);
    List<BranchSpec> branches = new ArrayList<>();
    for (int i = 0; i < unique.size(); i++) {
      branches.add(new BranchSpec(unique.get(i), types.get(i)));
    }
    return new OutputColumns(
        branches, classNames.size(), featureNames.size(), otherVariableNames.size());
  }

  private static void add(List<String> names, List<LeafType> types, String name, LeafType type) {
    names.add(name);
    types.add(type);
  }

  /** Index of the first {@code output_<class>} branch. */
  int firstOutput() {
    return 8 + nClasses;
  }

  int firstFeature() {
    return firstOutput() + nClasses;
  }

  int firstOther() {
    return firstFeature() + nFeatures;
  }

  String name(int i) {
    return branches.get(i).name();
  }
}
