package hepscan.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads and validates a parameters file and the sample list and JSON files it names, before any
 * work: every problem is collected into one {@link ConfigException}.
 */
public final class ParametersLoader {

  static final List<String> TOP_KEYS =
      List.of(
          "ratios",
          "seed",
          "suffix",
          "cache",
          "samples",
          "xsec_json",
          "event_weight_sum_json",
          "split_name",
          "eval_criterion",
          "early_stopping",
          "reduce_lr",
          "slurm",
          "scan",
          "cut",
          "weight",
          "inputs",
          "outputs",
          "other_variables",
          "negative_weights",
          "strict",
          "overtraining_ks_pvalue",
          "pack");
  static final List<String> RATIO_KEYS = List.of("training", "evaluation", "output");
  static final List<String> EARLY_KEYS = List.of("monitor", "min_delta", "patience", "mode");
  static final List<String> REDUCE_KEYS =
      List.of("monitor", "factor", "patience", "min_delta", "cooldown", "min_lr");
  static final List<String> SLURM_KEYS =
      List.of(
          "partition",
          "qos",
          "time",
          "mem",
          "cpus",
          "gpus",
          "array_throttle",
          "additional_options");
  static final List<String> MONITORS = List.of("val_loss", "val_acc", "loss", "acc");
  static final List<String> MODES = List.of("min", "max", "auto");

  /** Names accepted by the name-valued scan keys. */
  public static final Map<String, List<String>> SCAN_NAMES =
      Map.of(
          "activation", List.of("relu", "elu", "selu", "tanh", "leaky_relu", "sigmoid"),
          "optimizer", List.of("adam", "sgd", "rmsprop", "adagrad"),
          "loss_function", List.of("binary_crossentropy", "categorical_crossentropy"),
          "output_activation", List.of("sigmoid", "softmax"));

  private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Path file;
  private final Path baseDir;
  private final List<ConfigError> errors = new ArrayList<>();
  private final YamlReader y;

  private ParametersLoader(Path file, Path baseDir) {
    this.file = file;
    this.baseDir = baseDir.toAbsolutePath().normalize();
    this.y = new YamlReader(file, errors);
  }

  /**
   * Loads {@code file}; relative paths inside it (sample list, JSON files, sample globs) resolve
   * against {@code baseDir}.
   *
   * @throws ConfigException listing every problem found, each naming file, key path and value
   */
  public static Parameters load(Path file, Path baseDir) throws ConfigException {
    ParametersLoader loader = new ParametersLoader(file, baseDir);
    Parameters p = loader.read();
    if (!loader.errors.isEmpty()) {
      throw new ConfigException(loader.errors);
    }
    return p;
  }

  /**
   * Only the {@code eval_criterion} of {@code file}: what ranking results needs, without the
   * samples (which may be gone when results are collected).
   *
   * @throws ConfigException when the file is not YAML or the criterion is not a known name
   */
  public static EvalCriterion evalCriterion(Path file) throws ConfigException {
    ParametersLoader loader = new ParametersLoader(file, file.toAbsolutePath().getParent());
    EvalCriterion criterion =
        loader.y.readTree(false).map(loader::criterion).orElse(EvalCriterion.EVAL_ERROR);
    if (!loader.errors.isEmpty()) {
      throw new ConfigException(loader.errors);
    }
    return criterion;
  }

  /**
   * What ranking and reporting results need of {@code file}, without the samples (which may be gone
   * when results are collected): {@code eval_criterion} and {@code overtraining_ks_pvalue}.
   *
   * @throws ConfigException when the file is not YAML or either value is invalid
   */
  public static RankingSettings rankingSettings(Path file) throws ConfigException {
    ParametersLoader loader = new ParametersLoader(file, file.toAbsolutePath().getParent());
    Optional<JsonNode> root = loader.y.readTree(false);
    RankingSettings settings =
        new RankingSettings(
            root.map(loader::criterion).orElse(EvalCriterion.EVAL_ERROR),
            root.map(loader::overtrainingKsPvalue).orElse(RankingSettings.DEFAULT_KS_PVALUE));
    if (!loader.errors.isEmpty()) {
      throw new ConfigException(loader.errors);
    }
    return settings;
  }

  private double overtrainingKsPvalue(JsonNode root) {
    Optional<Double> v = y.number(root, "overtraining_ks_pvalue", "");
    if (v.isPresent() && !(v.get() >= 0 && v.get() <= 1)) {
      y.error(
          "overtraining_ks_pvalue",
          show(v.get()),
          "expected a p-value in [0, 1] (0 flags no trial; default "
              + RankingSettings.DEFAULT_KS_PVALUE
              + ")");
      return RankingSettings.DEFAULT_KS_PVALUE;
    }
    return v.orElse(RankingSettings.DEFAULT_KS_PVALUE);
  }

  private EvalCriterion criterion(JsonNode root) {
    return y.name(
            root, "eval_criterion", "", List.of("eval_error", "val_loss", "val_acc", "f1", "auc"))
        .map(s -> EvalCriterion.valueOf(s.toUpperCase(Locale.ROOT)))
        .orElse(EvalCriterion.EVAL_ERROR);
  }

  private Parameters read() {
    Optional<JsonNode> rootOpt = y.readTree(false);
    if (rootOpt.isEmpty()) {
      return null;
    }
    JsonNode root = rootOpt.get();
    y.checkKeys(root, "", TOP_KEYS);

    Ratios ratios = ratios(root);
    long seed = y.integer(root, "seed", "").orElse(42L);
    String defaultSuffix = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String suffix = y.string(root, "suffix", "", defaultSuffix);
    if (!SUFFIX.matcher(suffix).matches()) {
      y.error(
          "suffix",
          suffix,
          "it names files: start with a letter or a digit, go on with letters, digits, '.', '_'"
              + " and '-', at most 100 characters");
    }
    boolean cache = y.bool(root, "cache", "").orElse(true);

    Optional<Path> samplesPath = requiredFile(root, "samples");
    Optional<Path> xsec = optionalFile(root, "xsec_json");
    Optional<Path> sums = optionalFile(root, "event_weight_sum_json");

    SplitName splitName =
        y.name(root, "split_name", "", List.of("tag", "sample"))
            .map(s -> SplitName.valueOf(s.toUpperCase(Locale.ROOT)))
            .orElse(SplitName.TAG);
    EvalCriterion criterion = criterion(root);
    Optional<EarlyStoppingParams> early =
        y.object(root, "early_stopping", "").map(this::earlyStopping);
    Optional<ReduceLrParams> reduce = y.object(root, "reduce_lr", "").map(this::reduceLr);
    SlurmParams slurm = y.object(root, "slurm", "").map(this::slurm).orElse(SlurmParams.DEFAULT);

    Map<String, List<Object>> scan = new LinkedHashMap<>();
    int repetition = scan(root, scan);

    String cut = y.string(root, "cut", "", "");
    String weight = y.string(root, "weight", "", "1");
    List<String> inputs = expressions(root, "inputs", true);
    List<String> outputs = expressions(root, "outputs", true);
    List<String> others = expressions(root, "other_variables", false);
    checkOutputs(outputs, scan);
    NegativeWeights negative =
        y.name(root, "negative_weights", "", List.of("drop", "abs", "keep"))
            .map(s -> NegativeWeights.valueOf(s.toUpperCase(Locale.ROOT)))
            .orElse(NegativeWeights.DROP);
    boolean strict = y.bool(root, "strict", "").orElse(false);
    RankingSettings ranking = new RankingSettings(criterion, overtrainingKsPvalue(root));
    Packing packing = packing(root);

    SampleList samples = null;
    if (samplesPath.isPresent()) {
      samples = SampleListLoader.load(samplesPath.get(), baseDir, xsec, sums, file, errors);
      if (samples != null) {
        checkTags(outputs, samples);
      }
    }
    if (!errors.isEmpty()) {
      return null;
    }
    return new Parameters(
        file,
        baseDir,
        ratios,
        seed,
        suffix,
        cache,
        samples,
        xsec,
        sums,
        splitName,
        criterion,
        early,
        reduce,
        slurm,
        scan,
        repetition,
        cut,
        weight,
        inputs,
        outputs,
        others,
        negative,
        strict,
        ranking.overtrainingKsPvalue(),
        packing);
  }

  /** {@code pack: auto | off | K}; absent: {@link Parameters#DEFAULT_PACKING}. */
  private Packing packing(JsonNode root) {
    JsonNode n = root.get("pack");
    if (n == null || n.isNull()) {
      return Parameters.DEFAULT_PACKING;
    }
    String problem =
        "expected auto, off or the number of trials trained at once (1 to "
            + Packing.MAX_SIZE
            + ")";
    if (n.isTextual()) {
      String v = n.asText().trim().toLowerCase(Locale.ROOT);
      if (v.equals("auto")) {
        return Packing.AUTO;
      }
      if (v.equals("off")) {
        return Packing.OFF;
      }
      y.error("pack", n.asText(), problem);
      return Parameters.DEFAULT_PACKING;
    }
    if (n.isBoolean() && !n.asBoolean()) { // YAML 1.1 reads an unquoted off as false
      return Packing.OFF;
    }
    Optional<Long> k = n.isIntegralNumber() ? Optional.of(n.asLong()) : Optional.empty();
    if (k.isEmpty() || k.get() < 1 || k.get() > Packing.MAX_SIZE) {
      y.error("pack", n.toString(), problem);
      return Parameters.DEFAULT_PACKING;
    }
    return new Packing(false, k.get().intValue());
  }

  private Ratios ratios(JsonNode root) {
    Optional<JsonNode> node = y.object(root, "ratios", "");
    if (node.isEmpty()) {
      return Ratios.DEFAULT;
    }
    JsonNode n = node.get();
    y.checkKeys(n, "ratios", RATIO_KEYS);
    double[] r = new double[3];
    boolean ok = true;
    for (int i = 0; i < 3; i++) {
      String key = RATIO_KEYS.get(i);
      Optional<Double> v = y.number(n, key, "ratios");
      if (v.isEmpty()) {
        if (!n.has(key)) {
          y.error("ratios." + key, null, "missing; give all three of training, evaluation, output");
        }
        ok = false;
        continue;
      }
      r[i] = v.get();
      boolean positive = i < 2 ? r[i] > 0 : r[i] >= 0;
      if (!positive || r[i] > 1) {
        y.error(
            "ratios." + key,
            show(r[i]),
            i < 2 ? "expected a number in (0, 1]" : "expected a number in [0, 1]");
        ok = false;
      }
    }
    if (!ok) {
      return Ratios.DEFAULT;
    }
    double sum = r[0] + r[1] + r[2];
    if (Math.abs(sum - 1) > Ratios.TOLERANCE) {
      y.error(
          "ratios",
          show(r[0]) + " + " + show(r[1]) + " + " + show(r[2]) + " = " + show(sum),
          "training + evaluation + output must sum to 1");
      return Ratios.DEFAULT;
    }
    return new Ratios(r[0], r[1], r[2]);
  }

  private static String show(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private Optional<Path> requiredFile(JsonNode root, String key) {
    if (!root.hasNonNull(key)) {
      y.error(
          key,
          null,
          "missing; give the path of the sample list YAML, e.g. samples/my_samples.yaml");
      return Optional.empty();
    }
    return optionalFile(root, key);
  }

  private Optional<Path> optionalFile(JsonNode root, String key) {
    Optional<String> s = y.string(root, key, "");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Path p = baseDir.resolve(s.get()).normalize();
    if (!Files.isRegularFile(p)) {
      y.error(
          key,
          s.get(),
          "file not found (looked for " + p + "); fix the path, relative to " + baseDir);
      return Optional.empty();
    }
    return Optional.of(p);
  }

  private EarlyStoppingParams earlyStopping(JsonNode n) {
    String p = "early_stopping";
    y.checkKeys(n, p, EARLY_KEYS);
    EarlyStoppingParams d = EarlyStoppingParams.DEFAULT;
    return new EarlyStoppingParams(
        y.name(n, "monitor", p, MONITORS).orElse(d.monitor()),
        nonNegative(n, "min_delta", p, d.minDelta()),
        y.integer(n, "patience", p, d.patience(), 0),
        y.name(n, "mode", p, MODES).orElse(d.mode()));
  }

  private ReduceLrParams reduceLr(JsonNode n) {
    String p = "reduce_lr";
    y.checkKeys(n, p, REDUCE_KEYS);
    ReduceLrParams d = ReduceLrParams.DEFAULT;
    double factor = y.number(n, "factor", p, d.factor());
    if (!(factor > 0 && factor < 1)) {
      y.error(
          "reduce_lr.factor",
          show(factor),
          "expected a number in (0, 1): the learning rate is multiplied by it");
    }
    return new ReduceLrParams(
        y.name(n, "monitor", p, MONITORS).orElse(d.monitor()),
        factor,
        y.integer(n, "patience", p, d.patience(), 0),
        nonNegative(n, "min_delta", p, d.minDelta()),
        y.integer(n, "cooldown", p, d.cooldown(), 0),
        nonNegative(n, "min_lr", p, d.minLr()));
  }

  private double nonNegative(JsonNode n, String key, String path, double fallback) {
    double v = y.number(n, key, path, fallback);
    if (!(v >= 0) || Double.isInfinite(v)) {
      y.error(path + "." + key, show(v), "expected a number >= 0");
      return fallback;
    }
    return v;
  }

  private SlurmParams slurm(JsonNode n) {
    String p = "slurm";
    y.checkKeys(n, p, SLURM_KEYS);
    SlurmParams d = SlurmParams.DEFAULT;
    return new SlurmParams(
        y.string(n, "partition", p),
        y.string(n, "qos", p),
        y.string(n, "time", p, d.time()),
        y.string(n, "mem", p, d.mem()),
        y.integer(n, "cpus", p, d.cpus(), 1),
        y.integer(n, "gpus", p, d.gpus(), 0),
        y.integer(n, "array_throttle", p, d.arrayThrottle(), 1),
        y.strings(n, "additional_options", p, true).orElse(List.of()));
  }

  /** Fills {@code scan} and returns {@code repetition}. */
  private int scan(JsonNode root, Map<String, List<Object>> scan) {
    if (!root.hasNonNull("scan")) {
      y.error(
          "scan",
          null,
          "missing; give each hyperparameter a list of values, e.g. lr: [0.001, 0.01]");
      return 1;
    }
    Optional<JsonNode> node = y.object(root, "scan", "");
    if (node.isEmpty()) {
      return 1;
    }
    List<String> allowed = new ArrayList<>(Parameters.SCAN_KEYS);
    allowed.add("repetition");
    int repetition = 1;
    for (var it = node.get().fields(); it.hasNext(); ) {
      var e = it.next();
      String key = e.getKey();
      String path = "scan." + key;
      JsonNode v = e.getValue();
      if (key.equals("repetition")) {
        repetition = y.integer(node.get(), "repetition", "scan", 1, 1);
        continue;
      }
      if (!allowed.contains(key)) {
        y.error(path, null, "unknown scan key; " + Suggestions.hint(key, allowed));
        continue;
      }
      if (!v.isArray()) {
        y.error(
            path,
            YamlReader.show(v),
            "expected a list, even for one value: [" + YamlReader.show(v) + "]");
        continue;
      }
      if (v.isEmpty()) {
        y.error(path, "[]", "empty list; give at least one value");
        continue;
      }
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        Object value = scanValue(key, v.get(i), path + "[" + i + "]");
        if (value != null) {
          values.add(value);
        }
      }
      if (values.size() == v.size()) {
        scan.put(key, values);
      }
    }
    return repetition;
  }

  private Object scanValue(String key, JsonNode v, String path) {
    String text = YamlReader.show(v);
    if (!v.isValueNode() || v.isNull()) {
      y.error(path, text, "expected a single value");
      return null;
    }
    List<String> names = SCAN_NAMES.get(key);
    if (names != null) {
      return y.checkName(v.asText(), path, names).orElse(null);
    }
    switch (key) {
      case "first_neuron", "hidden_layers", "epochs", "batch_size" -> {
        Long l = YamlReader.asInteger(v);
        if (l == null || l < 1 || l > Integer.MAX_VALUE) {
          y.error(path, text, "expected an integer >= 1");
          return null;
        }
        return (int) (long) l;
      }
      default -> {
        Double d = YamlReader.asNumber(v);
        boolean ok =
            d != null
                && switch (key) {
                  case "lr" -> d > 0 && Double.isFinite(d);
                  case "dropout" -> d >= 0 && d < 1;
                  default -> d >= 0 && Double.isFinite(d); // l2
                };
        if (!ok) {
          String what =
              switch (key) {
                case "lr" -> "a number > 0";
                case "dropout" -> "a number in [0, 1)";
                default -> "a number >= 0";
              };
          y.error(path, text, "expected " + what);
          return null;
        }
        return d;
      }
    }
  }

  private List<String> expressions(JsonNode root, String key, boolean required) {
    Optional<List<String>> list = y.strings(root, key, "", false);
    if (list.isEmpty()) {
      if (required) {
        y.error(
            key,
            null,
            "missing; give a list of " + (key.equals("outputs") ? "class names" : "expressions"));
      }
      return List.of();
    }
    List<String> out = list.get();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < out.size(); i++) {
      String s = out.get(i).trim();
      if (s.isEmpty()) {
        y.error(key + "[" + i + "]", out.get(i), "empty expression; remove it or write one");
      } else if (!seen.add(s)) {
        y.error(key + "[" + i + "]", s, "given twice; remove the duplicate");
      }
    }
    if (required && out.isEmpty()) {
      y.error(key, "[]", "empty list; give at least one");
    }
    return out.stream().map(String::trim).toList();
  }

  private void checkOutputs(List<String> outputs, Map<String, List<Object>> scan) {
    if (outputs.isEmpty()) {
      return;
    }
    long tags = outputs.stream().filter(o -> o.startsWith("$")).count();
    if (tags != 0 && tags != outputs.size()) {
      y.error(
          "outputs",
          String.join(", ", outputs),
          "mixes $tag classes and expressions; use only $tag names or only target expressions");
    }
    if (outputs.size() < 2) {
      y.error("outputs", String.join(", ", outputs), "a classifier needs at least two classes");
    }
    List<Object> losses = scan.getOrDefault("loss_function", List.of());
    if (outputs.size() > 2 && losses.contains("binary_crossentropy")) {
      y.error(
          "scan.loss_function",
          "binary_crossentropy",
          outputs.size()
              + " classes need categorical_crossentropy (with output_activation softmax)");
    }
    List<Object> acts = scan.getOrDefault("output_activation", List.of());
    for (Object loss : losses) {
      for (Object act : acts) {
        if (loss.equals("binary_crossentropy") != act.equals("sigmoid")) {
          y.error(
              "scan.output_activation",
              String.valueOf(act),
              "does not go with loss_function "
                  + loss
                  + " (the grid pairs every value): use binary_crossentropy with sigmoid, categorical_crossentropy with softmax");
        }
      }
    }
  }

  private void checkTags(List<String> outputs, SampleList samples) {
    List<String> tags = samples.tags();
    for (int i = 0; i < outputs.size(); i++) {
      String o = outputs.get(i);
      if (o.startsWith("$") && !tags.contains(o.substring(1))) {
        y.error(
            "outputs[" + i + "]",
            o,
            "no sample in "
                + samples.file()
                + " has tag '"
                + o.substring(1)
                + "'; "
                + Suggestions.hint(o.substring(1), tags));
      }
    }
  }

  /** Reads a file's bytes for hashing; missing files were reported already. */
  static byte[] bytesOrEmpty(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
