package hepscan.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters file, validated ({@link ParametersLoader}). Defaults of the optional keys:
 *
 * <ul>
 *   <li>{@code ratios}: 0.6 / 0.2 / 0.2; {@code seed}: 42; {@code suffix}: the parameters file's
 *       name without extension; {@code cache}: true (safe: the cache key hashes every input);
 *   <li>{@code xsec_json}, {@code event_weight_sum_json}: none (required when a sample is not
 *       {@code signal: true});
 *   <li>{@code split_name}: tag; {@code eval_criterion}: eval_error;
 *   <li>{@code early_stopping}, {@code reduce_lr}: off when the section is absent; keys left out of
 *       a present section take Keras' defaults ({@link EarlyStoppingParams}, {@link
 *       ReduceLrParams});
 *   <li>{@code slurm}: {@link SlurmParams#DEFAULT}; {@code scan.repetition}: 1;
 *   <li>{@code cut}: empty (every event passes); {@code weight}: {@code 1};
 *   <li>{@code other_variables}: none; {@code negative_weights}: drop; {@code strict}: false;
 *   <li>{@code overtraining_ks_pvalue}: 0.05 (a trial whose KS p-value is below it is flagged as
 *       overtrained and never named best);
 *   <li>{@code pack}: {@link #DEFAULT_PACKING} (trials of the same network shape trained at once).
 * </ul>
 *
 * Required: {@code samples}, {@code scan}, {@code inputs}, {@code outputs}.
 *
 * @param file the parameters file
 * @param baseDir the directory relative paths are resolved against
 * @param scan each scan key (in file order) with its non-empty list of values (Integer, Long,
 *     Double, String or Boolean as YAML typed them); {@code repetition} is not in it
 * @param repetition how many times each grid combination is trained, with different seeds
 * @param inputs input expressions as written; {@code expr@op} one-hot encodes an integer variable
 * @param outputs class names: all {@code $tag} (class from the sample list) or all expressions (the
 *     class is the argmax of the target expressions)
 * @param packing how many trials train at once ({@code pack: auto | off | K})
 */
public record Parameters(
    Path file,
    Path baseDir,
    Ratios ratios,
    long seed,
    String suffix,
    boolean cache,
    SampleList samples,
    Optional<Path> xsecJson,
    Optional<Path> eventWeightSumJson,
    SplitName splitName,
    EvalCriterion evalCriterion,
    Optional<EarlyStoppingParams> earlyStopping,
    Optional<ReduceLrParams> reduceLr,
    SlurmParams slurm,
    Map<String, List<Object>> scan,
    int repetition,
    String cut,
    String weight,
    List<String> inputs,
    List<String> outputs,
    List<String> otherVariables,
    NegativeWeights negativeWeights,
    boolean strict,
    double overtrainingKsPvalue,
    Packing packing) {

  /**
   * {@code pack} when the key is absent: off, because on the CPU packing was not clearly faster
   * (bench/README.md: 1.14x hepscan one trial after another on a quiet machine); {@code auto} or a
   * size turns it on, e.g. on a GPU.
   */
  public static final Packing DEFAULT_PACKING = Packing.OFF;

  /** The scan keys the model reads. */
  public static final List<String> SCAN_KEYS =
      List.of(
          "lr",
          "first_neuron",
          "hidden_layers",
          "activation",
          "dropout",
          "l2",
          "optimizer",
          "epochs",
          "batch_size",
          "loss_function",
          "output_activation");

  public Parameters {
    LinkedHashMap<String, List<Object>> copy = new LinkedHashMap<>();
    scan.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    scan = Collections.unmodifiableMap(copy);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    otherVariables = List.copyOf(otherVariables);
  }

  /** True when the classes come from the sample list's tags ({@code $Name} outputs). */
  public boolean classesFromTags() {
    return outputs.stream().allMatch(o -> o.startsWith("$"));
  }

  /** The class names: outputs without their {@code $}. Index 0 is the signal class. */
  public List<String> classNames() {
    return outputs.stream().map(o -> o.startsWith("$") ? o.substring(1) : o).toList();
  }
}
