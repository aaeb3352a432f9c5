package hepscan.data.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import hepscan.rootio.RootIOException;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The demo data set of {@code ./hepscan --scan demo}: a signal and two backgrounds (ttbar, dy) as
 * real ROOT files written by hepscan's own writer, drawn with a fixed seed from closed-form
 * densities ({@link DemoModel}), so the Bayes-optimal AUC is known and written to {@code
 * bayes.json}. Besides the scalar branches, {@code jet_pt[n_jets]} holds every jet's momentum,
 * leading first, as real ntuples store objects: its first two elements are {@code jet1_pt} and
 * {@code jet2_pt}, the others softer (see {@link #jetPts}), so {@code Max$(jet_pt)} equals {@code
 * jet1_pt} and {@code Length$(jet_pt)} equals {@code n_jets}. The folder appears whole or not at
 * all: it is built beside its target and renamed.
 */
public final class DemoData {
  private DemoData() {}

  public static final long DEFAULT_SEED = 20_261_123L;
  public static final int DEFAULT_EVENTS_PER_SAMPLE = 100_000;

  /** The demo folder under a project directory. */
  public static final String RELATIVE_DIR = "samples/demo";

  public static final String TREE = "tree";
  public static final String XSEC_JSON = "xsec.json";
  public static final String EVENT_WEIGHT_SUM_JSON = "event_weight_sum.json";
  public static final String BAYES_JSON = "bayes.json";

  /** Fraction of events with a negative weight, drawn independently of everything else. */
  static final double NEGATIVE_WEIGHT_FRACTION = 0.03;

  /** Size of the Bayes-AUC sample: 1M events give a standard error of about 0.0003. */
  static final int BAYES_SIGNAL_EVENTS = 500_000;

  static final int BAYES_BACKGROUND_EVENTS_EACH = BAYES_SIGNAL_EVENTS / 2;

  private static final List<BranchSpec> BRANCHES =
      List.of(
          new BranchSpec("lep_pt", LeafType.FLOAT),
          new BranchSpec("lep_eta", LeafType.FLOAT),
          new BranchSpec("jet1_pt", LeafType.FLOAT),
          new BranchSpec("jet2_pt", LeafType.FLOAT),
          new BranchSpec("bjet1_btag", LeafType.FLOAT),
          new BranchSpec("bjet2_btag", LeafType.FLOAT),
          new BranchSpec("m_bb", LeafType.FLOAT),
          new BranchSpec("m_ll", LeafType.FLOAT),
          new BranchSpec("dr_bb", LeafType.FLOAT),
          new BranchSpec("met", LeafType.FLOAT),
          new BranchSpec("n_jets", LeafType.INT),
          BranchSpec.jagged("jet_pt", LeafType.FLOAT, "n_jets"),
          new BranchSpec("event_weight", LeafType.DOUBLE));

  /** The Bayes-optimal AUC of the demo and its Monte-Carlo standard error. */
  public record Bayes(double auc, double uncertainty) {}

  /** What {@link #generate} wrote. */
  public record Summary(
      Path directory,
      Map<String, Integer> events,
      Map<String, Double> eventWeightSums,
      Map<String, Double> backgroundFractions,
      Bayes bayes,
      double generationSeconds,
      double bayesSeconds) {
    public Summary {
      events = copy(events);
      eventWeightSums = copy(eventWeightSums);
      backgroundFractions = copy(backgroundFractions);
    }
  }

  /** Names of the files a complete demo folder holds. */
  public static List<String> files() {
    List<String> names = new ArrayList<>();
    DemoModel.samples().forEach(s -> names.add(s.name() + ".root"));
    names.addAll(List.of(XSEC_JSON, EVENT_WEIGHT_SUM_JSON, BAYES_JSON));
    return List.copyOf(names);
  }

  /**
   * Generates {@code samples/demo/} under {@code projectDir} with the default seed and size unless
   * it is already there. A folder with files missing is an error (it was changed by hand).
   *
   * @return true if the data were generated now
   */
  public static boolean ensure(Path projectDir, PrintStream log) throws IOException {
    Path dir = projectDir.resolve(RELATIVE_DIR);
    if (Files.exists(dir)) {
      requireComplete(dir);
      return false;
    }
    generate(dir, DEFAULT_SEED, DEFAULT_EVENTS_PER_SAMPLE, log);
    return true;
  }

  /**
   * Writes the demo folder {@code dir}, which must not exist: {@code signal.root}, {@code
   * ttbar.root}, {@code dy.root} (tree {@code tree}), {@code xsec.json}, {@code
   * event_weight_sum.json} and {@code bayes.json}. The same seed and size give the same arrays.
   */
  public static Summary generate(Path dir, long seed, int eventsPerSample, PrintStream log)
      throws IOException {
    return generate(dir, seed, eventsPerSample, BAYES_SIGNAL_EVENTS, log);
  }

  /**
   * As {@link #generate(Path, long, int, PrintStream)} with another size of the Bayes-AUC sample
   * ({@code bayesSignalEvents} signal events, half as many of each background): small folders in
   * tests need not pay for a precise Bayes AUC.
   */
  static Summary generate(
      Path dir, long seed, int eventsPerSample, int bayesSignalEvents, PrintStream log)
      throws IOException {
    if (eventsPerSample < 1) {
      throw new IllegalArgumentException("events per sample must be >= 1, got " + eventsPerSample);
    }
    Path target = dir.toAbsolutePath().normalize();
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(
          target.toString(), null, "the demo folder exists already; delete it to regenerate it");
    }
    Files.createDirectories(target.getParent());
    // not createTempDirectory: its owner-only permissions would survive the rename
    Path tmp =
        Files.createDirectory(
            target.resolveSibling(
                "."
                    + target.getFileName()
                    + ".tmp-"
                    + ProcessHandle.current().pid()
                    + "-"
                    + System.nanoTime()));
    try {
      log.printf(
          Locale.ROOT,
          "demo: generating %s (seed %d, %d events per sample)%n",
          target,
          seed,
          eventsPerSample);
      Summary summary = write(tmp, target, seed, eventsPerSample, bayesSignalEvents, log);
      publish(tmp, target);
      return summary;
    } finally {
      deleteRecursively(tmp);
    }
  }

  /**
   * Renames the finished folder {@code tmp} to {@code target}; when another process published it
   * first (same seed, same content), theirs is kept. Linux reports that lost race as a plain
   * "Directory not empty", not as one of the specific exceptions.
   */
  static void publish(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.FileSystemException e) {
      if (!Files.isDirectory(target)) {
        throw e;
      }
      requireComplete(target);
    }
  }

  private static Summary write(
      Path tmp, Path target, long seed, int n, int bayesSignalEvents, PrintStream log)
      throws IOException {
    long t0 = System.nanoTime();
    Map<String, Integer> events = new LinkedHashMap<>();
    Map<String, Double> weightSums = new LinkedHashMap<>();
    Map<String, Double> xsecs = new LinkedHashMap<>();
    Map<String, Double> learningWeights = new LinkedHashMap<>();
    for (SampleModel sample : DemoModel.samples()) {
      Sample s = sample(sample, seed, n);
      writeRoot(tmp.resolve(sample.name() + ".root"), sample, s, seed);
      events.put(sample.name(), n);
      weightSums.put(sample.name(), s.generatorWeightSum());
      if (!sample.tag().equals(DemoModel.SIGNAL_TAG)) {
        xsecs.put(sample.name(), sample.crossSection());
        learningWeights.put(
            sample.name(), sample.crossSection() * s.positiveWeightSum() / s.generatorWeightSum());
      }
      log.printf(
          Locale.ROOT,
          "demo:   %-6s %d events written of %d generated, %.1f%% negative weights%n",
          sample.name(),
          n,
          s.generated(),
          100.0 * s.negativeWritten() / n);
    }
    Map<String, Double> fractions = normalised(learningWeights);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(tmp.resolve(XSEC_JSON).toFile(), xsecs);
    json.writeValue(tmp.resolve(EVENT_WEIGHT_SUM_JSON).toFile(), weightSums);
    double generation = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    List<BayesAuc.Component> mixture = new ArrayList<>();
    for (SampleModel sample : DemoModel.samples()) {
      if (fractions.containsKey(sample.name())) {
        mixture.add(new BayesAuc.Component(sample, fractions.get(sample.name())));
      }
    }
    BayesAuc bayes =
        BayesAuc.compute(
            DemoModel.signal(), mixture, bayesSignalEvents, bayesSignalEvents / 2, seed);
    Map<String, Object> bayesJson = new LinkedHashMap<>();
    bayesJson.put("bayes_auc", bayes.auc());
    bayesJson.put("uncertainty", bayes.uncertainty());
    bayesJson.put("signal_tag", DemoModel.SIGNAL_TAG);
    bayesJson.put("background_tag", DemoModel.BACKGROUND_TAG);
    bayesJson.put("background_fractions", bayes.fractions());
    bayesJson.put("mc_signal_events", bayes.signalEvents());
    bayesJson.put("mc_background_events_each", bayes.backgroundEventsEach());
    bayesJson.put("seed", seed);
    bayesJson.put("events_per_sample", n);
    bayesJson.put("method", BayesAuc.METHOD);
    json.writeValue(tmp.resolve(BAYES_JSON).toFile(), bayesJson);
    double bayesSeconds = (System.nanoTime() - t1) / 1e9;

    log.printf(
        Locale.ROOT,
        "demo: wrote %d events in %.2f s; Bayes-optimal AUC %.4f ± %.4f (%s; computed in %.2f s)%n",
        n * events.size(),
        generation,
        bayes.auc(),
        bayes.uncertainty(),
        describe(fractions),
        bayesSeconds);
    return new Summary(
        target,
        events,
        weightSums,
        fractions,
        new Bayes(bayes.auc(), bayes.uncertainty()),
        generation,
        bayesSeconds);
  }

  /** The Bayes-optimal AUC recorded in a demo folder, if it is one. */
  public static Optional<Bayes> readBayes(Path dir) throws IOException {
    Path file = dir.resolve(BAYES_JSON);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode node = new ObjectMapper().readTree(file.toFile());
    if (!node.path("bayes_auc").isNumber() || !node.path("uncertainty").isNumber()) {
      throw new IOException(file + " has no numeric 'bayes_auc' and 'uncertainty'");
    }
    return Optional.of(
        new Bayes(node.get("bayes_auc").asDouble(), node.get("uncertainty").asDouble()));
  }

  /**
   * One sample's events and weights. The weights of all {@code generated} events are drawn (only
   * the first {@code n} are written, as if the others failed a preselection independent of the
   * weight), so the event-weight sum is a generator-level sum.
   */
  record Sample(
      DemoEvents events,
      double[] weights,
      long generated,
      double generatorWeightSum,
      double positiveWeightSum,
      int negativeWritten) {}

  static Sample sample(SampleModel model, long seed, int n) {
    DemoEvents events = model.sample(DemoRandom.stream(seed, "events/" + model.name()), n);
    DemoRandom rng = DemoRandom.stream(seed, "weights/" + model.name());
    long generated = Math.max(n, Math.round(n / model.preselection()));
    double[] weights = new double[n];
    double sum = 0;
    double positive = 0;
    int negative = 0;
    for (long i = 0; i < generated; i++) {
      double w = 0.5 + rng.uniform();
      if (rng.uniform() < NEGATIVE_WEIGHT_FRACTION) {
        w = -w;
      }
      sum += w;
      if (i < n) {
        weights[(int) i] = w;
        if (w > 0) {
          positive += w;
        } else {
          negative++;
        }
      }
    }
    return new Sample(events, weights, generated, sum, positive, negative);
  }

  /**
   * Every jet's momentum, event after event, leading first: {@code jet1_pt}, {@code jet2_pt}, then
   * {@code n_jets - 2} softer jets, each {@code jet2_pt} times a uniform number, in decreasing
   * order. Those are drawn alike in every sample (their own stream), so given {@code jet2_pt} they
   * tell nothing about the sample: the Bayes-optimal AUC is the same with or without them.
   */
  static float[] jetPts(DemoEvents e, DemoRandom rng) {
    int[] n = e.nJets();
    int total = 0;
    for (int k : n) {
      total += k;
    }
    float[] out = new float[total];
    int at = 0;
    for (int i = 0; i < n.length; i++) {
      out[at] = (float) e.jet1Pt()[i];
      out[at + 1] = (float) e.jet2Pt()[i];
      double[] soft = new double[n[i] - 2];
      for (int j = 0; j < soft.length; j++) {
        soft[j] = e.jet2Pt()[i] * rng.uniform();
      }
      java.util.Arrays.sort(soft);
      for (int j = 0; j < soft.length; j++) {
        out[at + 2 + j] = (float) soft[soft.length - 1 - j];
      }
      at += n[i];
    }
    return out;
  }

  private static void writeRoot(Path file, SampleModel model, Sample s, long seed)
      throws RootIOException {
    DemoEvents e = s.events();
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter tree = w.createTree(TREE, "hepscan demo sample " + model.name(), BRANCHES);
      tree.append(
          floats(e.lepPt()),
          floats(e.lepEta()),
          floats(e.jet1Pt()),
          floats(e.jet2Pt()),
          floats(e.bjet1Btag()),
          floats(e.bjet2Btag()),
          floats(e.mBb()),
          floats(e.mLl()),
          floats(e.drBb()),
          floats(e.met()),
          e.nJets(),
          jetPts(e, DemoRandom.stream(seed, "soft jets/" + model.name())),
          s.weights());
      w.finish();
    }
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  private static Map<String, Double> normalised(Map<String, Double> weights) {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> out = new LinkedHashMap<>();
    weights.forEach((k, v) -> out.put(k, v / total));
    return out;
  }

  private static String describe(Map<String, Double> fractions) {
    StringBuilder b = new StringBuilder("background mix");
    fractions.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.3f", k, v)));
    return b.toString();
  }

  private static void requireComplete(Path dir) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String f : files()) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException(
          "the demo folder "
              + dir
              + " lacks "
              + String.join(", ", missing)
              + "; delete the folder and hepscan will generate it again");
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(DemoData::delete);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
