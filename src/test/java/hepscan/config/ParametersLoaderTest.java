package hepscan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParametersLoaderTest {
  @TempDir Path dir;

  static final String SAMPLES =
      """
      samples:
        hh:
          files: [data/hh.root]
          tree: tree
          tag: HH
          signal: true
        ttbar:
          files: [data/ttbar_*.root]
          tree: tree
          tag: TT
        dy:
          files: data/dy.root
          tag: DY
      """;

  static final String GOOD =
      """
      ratios: {training: 0.5, evaluation: 0.3, output: 0.2}
      seed: 7
      suffix: test
      cache: false
      samples: samples.yaml
      xsec_json: xsec.json
      event_weight_sum_json: sums.json
      split_name: sample
      eval_criterion: auc
      early_stopping: {monitor: val_loss, patience: 3}
      reduce_lr: {factor: 0.5}
      slurm: {partition: gpu, time: "02:00:00", gpus: 1, additional_options: ["--account=cms"]}
      scan:
        lr: [0.001, "1e-2"]
        first_neuron: [16, 32]
        activation: [relu, tanh]
        loss_function: [categorical_crossentropy]
        output_activation: [softmax]
        repetition: 2
      cut: n >= 1
      weight: w
      inputs: [a, b, 'c@op']
      outputs: [$HH, $TT, $DY]
      other_variables: [a + b]
      negative_weights: abs
      """;

  @BeforeEach
  void files() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    for (String f : List.of("hh.root", "ttbar_1.root", "ttbar_2.root", "dy.root")) {
      Files.writeString(dir.resolve("data").resolve(f), "x");
    }
    Files.writeString(dir.resolve("samples.yaml"), SAMPLES);
    Files.writeString(dir.resolve("xsec.json"), "{\"ttbar_1\": 800, \"ttbar\": 830, \"dy\": 6000}");
    Files.writeString(
        dir.resolve("sums.json"), "{\"ttbar_1\": 1e6, \"ttbar_2\": 2e6, \"DY\": 1, \"dy\": 5e5}");
  }

  Parameters load(String yaml) throws Exception {
    Path p = dir.resolve("params.yaml");
    Files.writeString(p, yaml);
    return ParametersLoader.load(p, dir);
  }

  List<ConfigError> errors(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
    assertEquals(e.errors().size(), e.getMessage().lines().count(), "one line per error");
    return e.errors();
  }

  static ConfigError find(List<ConfigError> errors, String keyPath) {
    return errors.stream()
        .filter(e -> e.keyPath().equals(keyPath))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no error at " + keyPath + " in " + errors));
  }

  @Test
  void packIsAutoOffOrASize() throws Exception {
    assertEquals(Parameters.DEFAULT_PACKING, load(GOOD).packing());
    assertEquals(Packing.AUTO, load(GOOD + "pack: auto\n").packing());
    assertEquals(Packing.OFF, load(GOOD + "pack: off\n").packing());
    assertEquals(Packing.OFF, load(GOOD + "pack: 'off'\n").packing());
    assertEquals(new Packing(false, 8), load(GOOD + "pack: 8\n").packing());
    assertEquals("8", load(GOOD + "pack: 8\n").packing().key());
    for (String bad : List.of("0", "-3", "257", "2.5", "fast", "[4]", "on")) {
      ConfigError e = find(errors(GOOD + "pack: " + bad + "\n"), "pack");
      assertTrue(
          e.toString().contains("expected auto, off or the number of trials trained at once"),
          bad + ": " + e);
    }
  }

  @Test
  void loadsAFullFile() throws Exception {
    Parameters p = load(GOOD);
    assertEquals(new Ratios(0.5, 0.3, 0.2), p.ratios());
    assertEquals(7, p.seed());
    assertEquals("test", p.suffix());
    assertFalse(p.cache());
    assertEquals(SplitName.SAMPLE, p.splitName());
    assertEquals(EvalCriterion.AUC, p.evalCriterion());
    assertFalse(p.evalCriterion().ascending());
    assertEquals(
        new EarlyStoppingParams("val_loss", 0, 3, "auto"), p.earlyStopping().orElseThrow());
    assertEquals(0.5, p.reduceLr().orElseThrow().factor());
    assertEquals(Optional.of("gpu"), p.slurm().partition());
    assertEquals(1, p.slurm().gpus());
    assertEquals("4G", p.slurm().mem());
    assertEquals(List.of("--account=cms"), p.slurm().additionalOptions());
    assertEquals(List.of(0.001, 0.01), p.scan().get("lr"));
    assertEquals(List.of(16, 32), p.scan().get("first_neuron"));
    assertEquals(List.of("relu", "tanh"), p.scan().get("activation"));
    assertEquals(2, p.repetition());
    assertEquals(List.of("a", "b", "c@op"), p.inputs());
    assertEquals(List.of("HH", "TT", "DY"), p.classNames());
    assertTrue(p.classesFromTags());
    assertEquals(NegativeWeights.ABS, p.negativeWeights());
    assertFalse(p.strict());

    SampleList s = p.samples();
    assertEquals(List.of("HH", "TT", "DY"), s.tags());
    Sample tt = s.sample("ttbar").orElseThrow();
    assertEquals(2, tt.files().size());
    SampleFile t1 = tt.files().get(0);
    assertEquals(dir.resolve("data/ttbar_1.root"), t1.path());
    assertEquals(800, t1.xsec());
    assertEquals(1e6, t1.eventWeightSum());
    SampleFile t2 = tt.files().get(1);
    assertEquals(830, t2.xsec(), "no entry for ttbar_2: falls back to the sample key");
    assertEquals(2e6, t2.eventWeightSum());
    assertEquals("tree", s.sample("dy").orElseThrow().tree(), "default tree name");
    assertEquals(1.0, s.sample("hh").orElseThrow().files().get(0).normalisation(true));
  }

  @Test
  void defaults() throws Exception {
    Parameters p =
        load(
            """
            samples: samples.yaml
            xsec_json: xsec.json
            event_weight_sum_json: sums.json
            scan: {lr: [0.01]}
            inputs: [a]
            outputs: [$HH, $TT]
            """);
    assertEquals(Ratios.DEFAULT, p.ratios());
    assertEquals(42, p.seed());
    assertEquals("params", p.suffix());
    assertTrue(p.cache());
    assertEquals(SplitName.TAG, p.splitName());
    assertEquals(EvalCriterion.EVAL_ERROR, p.evalCriterion());
    assertTrue(p.earlyStopping().isEmpty());
    assertEquals(SlurmParams.DEFAULT, p.slurm());
    assertEquals(1, p.repetition());
    assertEquals("", p.cut());
    assertEquals("1", p.weight());
    assertEquals(NegativeWeights.DROP, p.negativeWeights());
  }

  @Test
  void unknownKeysSuggestTheNearest() {
    List<ConfigError> errors =
        errors(
            GOOD.replace("seed: 7", "sed: 7").replace("cut: n >= 1", "cut: n >= 1\nouptuts_x: 3"));
    ConfigError e = find(errors, "sed");
    assertTrue(e.problem().contains("did you mean 'seed'?"), e.line());
    assertTrue(e.line().startsWith(dir.resolve("params.yaml").toString() + ": sed"), e.line());
    ConfigError far = find(errors, "ouptuts_x");
    assertTrue(far.problem().contains("valid: ratios"), far.line());
  }

  @Test
  void unknownNestedKeys() {
    List<ConfigError> errors =
        errors(
            GOOD.replace(
                    "early_stopping: {monitor: val_loss, patience: 3}",
                    "early_stopping: {monitr: val_loss, patience: 3}")
                .replace("gpus: 1", "gpu: 1")
                .replace(
                    "reduce_lr: {factor: 0.5}", "reduce_lr: {factor: 0.5, min_lr: 0, colldown: 1}")
                .replace("training: 0.5", "trainig: 0.5"));
    assertTrue(find(errors, "early_stopping.monitr").problem().contains("'monitor'"));
    assertTrue(find(errors, "slurm.gpu").problem().contains("'gpus'"));
    assertTrue(find(errors, "reduce_lr.colldown").problem().contains("'cooldown'"));
    assertTrue(find(errors, "ratios.trainig").problem().contains("'training'"));
    assertTrue(find(errors, "ratios.training").problem().contains("missing"));
  }

  @Test
  void wrongTypes() {
    List<ConfigError> errors =
        errors(
            GOOD.replace("seed: 7", "seed: seven")
                .replace("cache: false", "cache: maybe")
                .replace("inputs: [a, b, 'c@op']", "inputs: a")
                .replace("gpus: 1", "gpus: [1]")
                .replace("first_neuron: [16, 32]", "first_neuron: [16, 2.5]"));
    ConfigError seed = find(errors, "seed");
    assertEquals("seven", seed.value());
    assertTrue(seed.problem().contains("integer"));
    assertEquals("maybe", find(errors, "cache").value());
    assertTrue(find(errors, "inputs").problem().contains("expected a list"));
    assertEquals("[1]", find(errors, "slurm.gpus").value());
    assertEquals("2.5", find(errors, "scan.first_neuron[1]").value());
  }

  @Test
  void ratiosMustSumToOne() {
    ConfigError e = find(errors(GOOD.replace("output: 0.2", "output: 0.25")), "ratios");
    assertTrue(e.value().contains("0.5 + 0.3 + 0.25"), e.line());
    assertTrue(e.problem().contains("sum to 1"), e.line());
    find(errors(GOOD.replace("training: 0.5", "training: -0.5")), "ratios.training");
  }

  @Test
  void ratiosWithinToleranceAreAccepted() throws Exception {
    assertEquals(
        0.2000000000001,
        load(GOOD.replace("output: 0.2", "output: 0.2000000000001")).ratios().output());
  }

  @Test
  void scanLists() {
    List<ConfigError> errors =
        errors(
            GOOD.replace("lr: [0.001, \"1e-2\"]", "lr: []")
                .replace("first_neuron: [16, 32]", "first_neuron: 16\n  dropuot: [0.1]")
                .replace(
                    "activation: [relu, tanh]",
                    "activation: [rleu, tanh]\n  optimizer: [adma]\n  dropout: [1.5]"));
    assertTrue(find(errors, "scan.lr").problem().contains("empty list"));
    assertTrue(
        find(errors, "scan.first_neuron")
            .problem()
            .contains("expected a list, even for one value: [16]"));
    assertTrue(find(errors, "scan.dropuot").problem().contains("did you mean 'dropout'?"));
    ConfigError act = find(errors, "scan.activation[0]");
    assertEquals("rleu", act.value());
    assertTrue(act.problem().contains("did you mean 'relu'?"), act.line());
    assertTrue(find(errors, "scan.optimizer[0]").problem().contains("'adam'"));
    assertEquals("1.5", find(errors, "scan.dropout[0]").value());
  }

  @Test
  void lossAndOutputActivationMustMatch() {
    List<ConfigError> errors =
        errors(
            GOOD.replace(
                "loss_function: [categorical_crossentropy]",
                "loss_function: [binary_crossentropy]"));
    assertTrue(
        find(errors, "scan.loss_function")
            .problem()
            .contains("3 classes need categorical_crossentropy"));
    assertTrue(find(errors, "scan.output_activation").problem().contains("does not go with"));
    find(
        errors(
            GOOD.replace(
                "loss_function: [categorical_crossentropy]",
                "loss_function: [categorical_crossentropy, lossy]")),
        "scan.loss_function[1]");
  }

  @Test
  void namesAndChoices() {
    List<ConfigError> errors =
        errors(
            GOOD.replace("split_name: sample", "split_name: samples")
                .replace("eval_criterion: auc", "eval_criterion: val_los")
                .replace("negative_weights: abs", "negative_weights: absolute")
                .replace("patience: 3}", "patience: 3, mode: maximum}")
                .replace("suffix: test", "suffix: a/b"));
    assertTrue(find(errors, "split_name").problem().contains("'sample'"));
    assertTrue(find(errors, "eval_criterion").problem().contains("'val_loss'"));
    assertEquals("absolute", find(errors, "negative_weights").value());
    assertEquals("maximum", find(errors, "early_stopping.mode").value());
    assertEquals("a/b", find(errors, "suffix").value());
  }

  @Test
  void missingFiles() {
    List<ConfigError> errors =
        errors(
            GOOD.replace("samples: samples.yaml", "samples: nosuch.yaml")
                .replace("xsec_json: xsec.json", "xsec_json: x.json"));
    ConfigError s = find(errors, "samples");
    assertEquals("nosuch.yaml", s.value());
    assertTrue(s.problem().contains("file not found"), s.line());
    assertEquals("x.json", find(errors, "xsec_json").value());
  }

  @Test
  void aJsonFileNotFoundIsReportedOnce() {
    List<ConfigError> errors = errors(GOOD.replace("xsec_json: xsec.json", "xsec_json: x.json"));
    List<ConfigError> xsec = errors.stream().filter(e -> e.keyPath().equals("xsec_json")).toList();
    assertEquals(1, xsec.size(), errors.toString());
    assertTrue(xsec.get(0).problem().contains("file not found"), xsec.get(0).line());
  }

  @Test
  void missingRequiredKeys() {
    List<ConfigError> errors = errors("seed: 1\n");
    for (String key : List.of("samples", "scan", "inputs", "outputs")) {
      assertTrue(find(errors, key).problem().startsWith("missing"), key);
    }
  }

  @Test
  void outputTagsMustBeInTheSampleList() {
    ConfigError e = find(errors(GOOD.replace("$DY]", "$Dy]")), "outputs[2]");
    assertEquals("$Dy", e.value());
    assertTrue(e.problem().contains("samples.yaml has tag 'Dy'"), e.line());
    assertTrue(e.problem().contains("did you mean 'DY'?"), e.line());
    assertTrue(
        find(errors(GOOD.replace("$DY]", "DY_score]")), "outputs").problem().contains("mixes"));
  }

  @Test
  void yamlSyntaxAndDuplicates() {
    ConfigError e = find(errors("seed: [1\n"), "");
    assertTrue(e.problem().startsWith("cannot parse: line"), e.line());
    ConfigError dup = find(errors(GOOD + "seed: 8\n"), "");
    assertTrue(dup.problem().contains("seed"), dup.line());
    assertTrue(
        find(errors(GOOD.replace("inputs: [a, b, 'c@op']", "inputs: [a, b, a]")), "inputs[2]")
            .problem()
            .contains("twice"));
  }

  @Test
  void sampleListErrors() throws IOException {
    Files.writeString(
        dir.resolve("samples.yaml"),
        """
        samples:
          hh: {files: [data/hh.root], tag: HH, signal: yes_please, tre: t}
          ttbar: {files: [data/nothing_*.root], tag: TT}
          dy: {files: [data/dy.root]}
        """);
    List<ConfigError> errors =
        errors(
            GOOD.replace("$DY]", "$HH]")
                .replace("[$HH, $TT, $HH]", "[$HH, $TT]")
                .replace("[categorical_crossentropy]", "[binary_crossentropy]")
                .replace("[softmax]", "[sigmoid]"));
    Path list = dir.resolve("samples.yaml");
    ConfigError tre = find(errors, "samples.hh.tre");
    assertEquals(list, tre.file());
    assertTrue(tre.problem().contains("did you mean 'tree'?"));
    assertEquals("yes_please", find(errors, "samples.hh.signal").value());
    ConfigError glob = find(errors, "samples.ttbar.files[0]");
    assertEquals("data/nothing_*.root", glob.value());
    assertTrue(glob.problem().contains("no file matches"));
    assertTrue(find(errors, "samples.dy.tag").problem().startsWith("missing"));
  }

  @Test
  void missingJsonEntryNamesBothNames() throws IOException {
    Files.writeString(dir.resolve("xsec.json"), "{\"ttbar_1\": 800, \"ttbar\": 830}");
    ConfigError e = find(errors(GOOD), "");
    assertEquals(dir.resolve("xsec.json"), e.file());
    assertTrue(e.problem().contains("'dy' (file name) and 'dy' (sample key)"), e.line());
    Files.writeString(dir.resolve("xsec.json"), "{\"ttbar_1\": 800, \"ttbar\": -1, \"dy\": 1}");
    ConfigError neg = find(errors(GOOD), "ttbar");
    assertEquals("-1", neg.value());
  }

  @Test
  void backgroundsNeedTheJsonFiles() {
    List<ConfigError> errors = errors(GOOD.replace("xsec_json: xsec.json\n", ""));
    assertTrue(find(errors, "xsec_json").problem().contains("backgrounds"));
  }

  @Test
  void sampleListOnItsOwn() throws Exception {
    SampleList list =
        SampleListLoader.load(
            dir.resolve("samples.yaml"),
            dir,
            Optional.of(dir.resolve("xsec.json")),
            Optional.of(dir.resolve("sums.json")));
    assertEquals(List.of("hh", "ttbar", "dy"), list.samples().stream().map(Sample::key).toList());
    assertEquals(6000, list.sample("dy").orElseThrow().files().get(0).xsec());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                SampleListLoader.load(
                    dir.resolve("samples.yaml"), dir, Optional.empty(), Optional.empty()));
    // the cross sections are missing; event-weight sums are not needed (computed from the files)
    assertEquals(1, e.errors().size(), e.getMessage());
    assertEquals(dir.resolve("samples.yaml"), e.errors().get(0).file());
    assertEquals("xsec_json", e.errors().get(0).keyPath());
  }

  @Test
  void globs() throws IOException {
    Files.createDirectories(dir.resolve("data/sub"));
    Files.writeString(dir.resolve("data/sub/ttbar_3.root"), "x");
    assertEquals(
        List.of(dir.resolve("data/ttbar_1.root"), dir.resolve("data/ttbar_2.root")),
        SampleListLoader.glob(dir, "data/ttbar_*.root"));
    assertEquals(3, SampleListLoader.glob(dir, "data/**ttbar_*.root").size());
    assertEquals(
        List.of(dir.resolve("data/dy.root")),
        SampleListLoader.glob(dir, dir.resolve("data/dy.root").toString()));
    assertEquals(List.of(), SampleListLoader.glob(dir, "nodir/*.root"));
  }

  @Test
  void suggestions() {
    assertEquals(Optional.of("seed"), Suggestions.nearest("sede", List.of("suffix", "seed")));
    assertEquals(Optional.empty(), Suggestions.nearest("completely_else", List.of("seed")));
  }

  @Test
  void eventWeightSumFromIsTreeSlashBranchForBackgroundsWithoutAJsonSum() throws Exception {
    Files.writeString(
        dir.resolve("samples.yaml"),
        SAMPLES
            .replace("    tag: HH\n", "    tag: HH\n    event_weight_sum_from: Runs/genEventSumw\n")
            .replace("    tag: TT\n", "    tag: TT\n    event_weight_sum_from: genEventSumw\n")
            .replace(
                "    tag: DY\n", "    tag: DY\n    event_weight_sum_from: Runs/genEventSumw\n"));
    List<ConfigError> errors = errors(GOOD);
    ConfigError signal = find(errors, "samples.hh.event_weight_sum_from");
    assertTrue(signal.problem().contains("signal sample is not normalised"), signal.problem());
    ConfigError noSlash = find(errors, "samples.ttbar.event_weight_sum_from");
    assertTrue(noSlash.problem().contains("expected TREE/BRANCH"), noSlash.problem());
    ConfigError twice = find(errors, "samples.dy.event_weight_sum_from");
    assertTrue(twice.problem().contains("also given in"), twice.problem());

    // without the JSON sums, a background reads them from its files
    Files.writeString(
        dir.resolve("samples.yaml"),
        SAMPLES.replace(
            "    tag: DY\n", "    tag: DY\n    event_weight_sum_from: Runs/genEventSumw\n"));
    Parameters p = load(GOOD.replace("event_weight_sum_json: sums.json\n", ""));
    var dy =
        p.samples().samples().stream().filter(s -> s.key().equals("dy")).findFirst().orElseThrow();
    assertEquals("Runs", dy.eventWeightSumTree());
    assertEquals("genEventSumw", dy.eventWeightSumBranch());
    assertTrue(dy.files().get(0).sumToCompute());
  }
}
