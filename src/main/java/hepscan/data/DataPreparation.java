package hepscan.data;

import hepscan.config.ConfigError;
import hepscan.config.ConfigException;
import hepscan.config.Parameters;
import hepscan.data.expr.Expression;
import hepscan.data.expr.ExpressionException;
import hepscan.data.expr.VariableRef;
import hepscan.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * From a validated {@link Parameters} to {@link PreparedData}: reads the needed branches of every
 * file of every sample, applies the cut, the weights and the negative-weight policy, drops events
 * with non-finite values, splits per event, builds one-hot columns, equalises the classes' learning
 * weights and fits the scaler. With {@code cache: true} the result is stored by {@link DataCache}
 * and reused while nothing that shaped it changes.
 *
 * <p>Order of the event filters, as counted in the report: cut (NaN fails), then the
 * negative-weight policy ({@code drop}: weight {@code <= 0} removed), then non-finite inputs,
 * weight or targets (dropped with a warning, or an error with {@code strict: true}).
 *
 * <p>Learning weight = event weight × xsec / event-weight sum (backgrounds) or event weight
 * (signal), after the policy ({@code abs} takes |w|). Then, in each split separately, every class
 * is scaled to sum to nEvents / nClasses, so each class has the same total and the mean learning
 * weight of every split is 1.
 */
public final class DataPreparation {
  private DataPreparation() {}

  /**
   * Parses every expression of the parameters (cut, weight, inputs with their {@code @op}, target
   * outputs, other_variables) without reading data: call it right after loading, so that a typo in
   * an expression stops {@code --submit} before any job is sent.
   *
   * @throws ConfigException one error per bad expression, with its key path and a caret
   */
  public static void checkExpressions(Parameters p) throws ConfigException {
    Compiled.of(p);
  }

  /**
   * Reads ROOT files with {@link RootSampleReader}; see {@link #prepare(Parameters, Path,
   * PrintStream, EventSource)}.
   */
  public static PreparedData prepare(Parameters p, Path baseDir, PrintStream log)
      throws ConfigException, DataException {
    return prepare(p, baseDir, log, new RootSampleReader());
  }

  /**
   * Prepares the data, from the cache when {@code cache: true} and a valid cache file exists.
   *
   * @param baseDir the project directory; the cache lives in {@code model/cache/} under it
   * @param log receives progress, the per-class report and warnings
   * @throws ConfigException when an expression does not parse (before any file is read)
   * @throws DataException when a file cannot be read, a class ends up empty, or non-finite values
   *     are found with {@code strict: true}
   */
  public static PreparedData prepare(
      Parameters p, Path baseDir, PrintStream log, EventSource source)
      throws ConfigException, DataException {
    return prepare(
        p, baseDir, log, source, DataCache::read, PreparedData::printReport, DataCache::read);
  }

  /**
   * Reads ROOT files with {@link RootSampleReader}; see {@link #prepareForTraining(Parameters,
   * Path, PrintStream, EventSource)}.
   */
  public static TrainingData prepareForTraining(Parameters p, Path baseDir, PrintStream log)
      throws ConfigException, DataException {
    return prepareForTraining(p, baseDir, log, new RootSampleReader());
  }

  /**
   * What a scan trains on, prepared as {@link #prepare(Parameters, Path, PrintStream, EventSource)}
   * does, but with only the training and evaluation splits, and, when they are cached, their
   * features left in the cache file: the heap then holds labels and weights only.
   */
  public static TrainingData prepareForTraining(
      Parameters p, Path baseDir, PrintStream log, EventSource source)
      throws ConfigException, DataException {
    return prepare(
        p,
        baseDir,
        log,
        source,
        DataCache::readForTraining,
        TrainingData::printReport,
        (file, key, out) -> {
          TrainingData d = DataCache.readForTraining(file, key, out);
          return d == null ? null : d.inHeap();
        });
  }

  /**
   * What {@code --model M --test} writes, prepared as {@link #prepare(Parameters, Path,
   * PrintStream, EventSource)} does; when the data are cached, every split is left in the cache
   * file and read a block of events at a time (with {@code cache: false} they are in the heap).
   */
  public static TestData prepareForTesting(Parameters p, Path baseDir, PrintStream log)
      throws ConfigException, DataException {
    return prepareForTesting(p, baseDir, log, new RootSampleReader());
  }

  /**
   * {@link #prepareForTesting(Parameters, Path, PrintStream)} with the events of {@code source}.
   */
  public static TestData prepareForTesting(
      Parameters p, Path baseDir, PrintStream log, EventSource source)
      throws ConfigException, DataException {
    return prepare(
        p,
        baseDir,
        log,
        source,
        DataCache::readForTesting,
        TestData::printReport,
        (file, key, out) -> {
          // the temporary file goes once read: everything into the heap
          PreparedData d = DataCache.read(file, key, out);
          return d == null ? null : TestData.of(d);
        });
  }

  /** How a cache file is read: the data, or null when it is unusable (a warning says why). */
  private interface CacheRead<T> {
    T read(Path file, String key, PrintStream log);
  }

  /**
   * The data from the cache ({@code cache}) when {@code cache: true} and a valid cache file exists,
   * else prepared from the files: read back from the cache file they were written to ({@code
   * cache}), or with {@code cache: false} from a temporary one ({@code temporary}, which must leave
   * nothing in it); {@code report} prints the per-class table.
   */
  private static <T> T prepare(
      Parameters p,
      Path baseDir,
      PrintStream log,
      EventSource source,
      CacheRead<T> cache,
      java.util.function.BiConsumer<T, PrintStream> report,
      CacheRead<T> temporary)
      throws ConfigException, DataException {
    Compiled c = Compiled.of(p);
    String key = DataCache.key(p);
    Path cacheFile = DataCache.file(baseDir, p.suffix(), key);
    long t0 = System.nanoTime();
    if (p.cache()) {
      T cached = cache.read(cacheFile, key, log);
      if (cached != null) {
        touch(cacheFile); // used now: the last to go when the cache folder is full
        log.printf(Locale.ROOT, "data: from cache %s in %.2f s%n", cacheFile, seconds(t0));
        report.accept(cached, log);
        return cached;
      }
    }
    return build(p, c, key, cacheFile, log, source, cache, temporary);
  }

  /**
   * Prepares the data from the files into spills beside the cache file, writes the cache file from
   * them and reads it back as {@code cache} does. With {@code cache: false}, or when the cache file
   * cannot be written, the file is a temporary one instead, read back by {@code temporary} and
   * deleted: preparation's peak memory is then the same, and the heap holds the data only once they
   * are prepared. A cache folder that cannot be written sends the spills and that temporary file to
   * the system's temporary folder. With {@code cache: false} the folders made for the temporary
   * files are deleted once they are.
   */
  private static <T> T build(
      Parameters p,
      Compiled c,
      String key,
      Path cacheFile,
      PrintStream log,
      EventSource source,
      CacheRead<T> cache,
      CacheRead<T> temporary)
      throws DataException {
    Path cacheDir = cacheFile.toAbsolutePath().getParent();
    Path existing = existingAncestor(cacheDir);
    Path beside = spillBeside(cacheFile, log);
    try {
      return buildBeside(p, c, key, cacheFile, beside, log, source, cache, temporary);
    } finally {
      if (!p.cache() && beside.getParent().equals(cacheDir)) {
        deleteEmptyFolders(cacheDir, existing);
      }
    }
  }

  /** {@link #build}, its temporary files beside {@code beside}. */
  private static <T> T buildBeside(
      Parameters p,
      Compiled c,
      String key,
      Path cacheFile,
      Path beside,
      PrintStream log,
      EventSource source,
      CacheRead<T> cache,
      CacheRead<T> temporary)
      throws DataException {
    long t0 = System.nanoTime();
    T prepared = null;
    try (PreparedDataBuilder.Spilled data =
        new PreparedDataBuilder(p, c, key, beside, log).build(source)) {
      log.printf(
          Locale.ROOT,
          "data: %d events of %d files read and prepared in %.2f s%n",
          data.eventsRead(),
          data.files().size(),
          seconds(t0));
      data.printReport(log);
      if (p.cache() && beside.equals(cacheFile.toAbsolutePath())) {
        try {
          DataCache.write(cacheFile, data);
          log.println("data: cached in " + cacheFile);
          DataCache.evict(cacheFile.getParent(), DataCache.maxBytes(), cacheFile, log);
          prepared = cache.read(cacheFile, key, log);
        } catch (IOException e) {
          // the cache is an optimisation: failing to write it must not fail the scan
          log.println("warning: cannot write the data cache " + cacheFile + ": " + e.getMessage());
        }
      }
      if (prepared == null) {
        prepared = viaTemporaryFile(data, beside, key, log, temporary);
      }
    }
    // the files' columns are garbage now: after a full collection the JVM gives their pages back
    // (G1 shrinks the heap), so that they are not still resident when training adds libtorch's
    // copy of the data (bench/README.md, "Peak memory of a whole scan")
    System.gc();
    return prepared;
  }

  /** Writes the prepared data to a temporary file beside {@code beside}, reads them, deletes it. */
  private static <T> T viaTemporaryFile(
      PreparedDataBuilder.Spilled data,
      Path beside,
      String key,
      PrintStream log,
      CacheRead<T> temporary)
      throws DataException {
    Path file;
    try {
      file = AtomicFiles.temporarySibling(beside);
    } catch (IOException e) {
      throw cannotWrite(beside, e);
    }
    try {
      DataCache.writeUnshared(file, data);
      T read = temporary.read(file, key, log);
      if (read == null) {
        throw new DataException(
            "the prepared data written to "
                + file
                + " did not read back (the warning above says why); please report this");
      }
      return read;
    } catch (IOException e) {
      throw cannotWrite(beside, e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.println("warning: cannot delete the temporary file " + file + ": " + e.getMessage());
      }
    }
  }

  private static DataException cannotWrite(Path beside, IOException e) {
    return new DataException(
        "cannot write the prepared data to a temporary file in "
            + beside.getParent()
            + ": "
            + AtomicFiles.reason(e)
            + "; it takes the size of a cache file: free that much space there");
  }

  /** {@code dir} or its nearest ancestor that exists. */
  private static Path existingAncestor(Path dir) {
    Path d = dir;
    while (d != null && !Files.isDirectory(d)) {
      d = d.getParent();
    }
    return d;
  }

  /**
   * Deletes {@code dir} and its ancestors below {@code existing} while they are empty: the folders
   * made for the temporary files of a preparation that caches nothing ({@code cache: false}).
   */
  private static void deleteEmptyFolders(Path dir, Path existing) {
    for (Path d = dir; d != null && !d.equals(existing); d = d.getParent()) {
      try {
        Files.deleteIfExists(d);
      } catch (IOException e) {
        return; // not empty (something else wrote there meanwhile) or not ours to delete
      }
    }
  }

  /**
   * Where the spills go: beside the cache file, or, when its folder cannot be made or written, in
   * the system's temporary folder (said in the log).
   */
  private static Path spillBeside(Path cacheFile, PrintStream log) {
    Path dir = cacheFile.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      if (Files.isWritable(dir)) {
        return cacheFile.toAbsolutePath();
      }
    } catch (IOException e) {
      // said below
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    log.println(
        "warning: cannot write in "
            + dir
            + ": the data are prepared through temporary files in "
            + tmp
            + ", and not cached");
    return tmp.resolve(cacheFile.getFileName());
  }

  private static void touch(Path file) {
    try {
      java.nio.file.Files.setLastModifiedTime(
          file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    } catch (java.io.IOException e) {
      // a read-only cache still serves; it only ages for eviction
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /**
   * What the data of {@code p} will need in memory, without reading them: from the size of the
   * cache file when there is one ({@code cache: true}), else from the entry counts of the files'
   * trees (every entry, as if all passed the cut) and the number of inputs and other variables.
   */
  public static MemoryNeed memoryNeed(Parameters p, Path baseDir) {
    if (p.cache()) {
      Path cacheFile = DataCache.file(baseDir, p.suffix(), DataCache.key(p));
      try {
        return MemoryNeed.cached("the prepared data (" + cacheFile + ")", Files.size(cacheFile));
      } catch (java.io.IOException e) {
        // no cache yet: estimated from the files below
      }
    }
    long entries = 0;
    for (hepscan.config.Sample s : p.samples().samples()) {
      for (hepscan.config.SampleFile f : s.files()) {
        entries += Math.max(0, RootSampleReader.entries(f.path(), s.tree()));
      }
    }
    return MemoryNeed.estimate(entries, p.inputs().size(), p.otherVariables().size());
  }

  /** Whether the data of {@code p} are in the cache: a scan then reads them from there. */
  public static boolean isCached(Parameters p, Path baseDir) {
    return p.cache() && Files.isRegularFile(DataCache.file(baseDir, p.suffix(), DataCache.key(p)));
  }

  /**
   * The training split's features' share of the prepared bytes of {@code p}: what streaming the
   * training split takes off the device ({@link MemoryNeed#streamed}). One-hot inputs count as one
   * column, so the share is a lower bound.
   */
  public static double trainingFeatureShare(Parameters p) {
    int features = p.inputs().size();
    return p.ratios().training()
        * Float.BYTES
        * features
        / MemoryNeed.bytesPerEvent(features, p.otherVariables().size());
  }

  /** The parameters' expressions, parsed once. */
  record Compiled(
      List<Expression> inputs,
      boolean[] oneHot,
      List<Expression> targets,
      List<Expression> others,
      Map<String, SampleExpressions> perSample) {

    /** A sample's cut and weight (the global ones combined with its own) and what it reads. */
    record SampleExpressions(Expression cut, Expression weight, Set<VariableRef> variables) {}

    SampleExpressions forSample(String key) {
      return perSample.get(key);
    }

    static Compiled of(Parameters p) throws ConfigException {
      List<ConfigError> errors = new ArrayList<>();
      Parser parser = new Parser(p.file(), errors);
      Expression cut = p.cut().isBlank() ? null : parser.parse("cut", p.cut());
      Expression weight = parser.parse("weight", p.weight());
      List<Expression> inputs = new ArrayList<>();
      boolean[] oneHot = new boolean[p.inputs().size()];
      for (int i = 0; i < p.inputs().size(); i++) {
        String text = p.inputs().get(i);
        int at = text.lastIndexOf('@');
        if (at >= 0) {
          String option = text.substring(at + 1).trim();
          if (!option.equals("op")) {
            errors.add(
                new ConfigError(
                    p.file(),
                    "inputs[" + i + "]",
                    text,
                    "unknown option '@"
                        + option
                        + "'; the only one is '@op' (one-hot encoding of an integer variable)"));
          }
          oneHot[i] = true;
          text = text.substring(0, at);
        }
        inputs.add(parser.parse("inputs[" + i + "]", text));
      }
      List<Expression> targets = new ArrayList<>();
      if (!p.classesFromTags()) {
        for (int i = 0; i < p.outputs().size(); i++) {
          targets.add(parser.parse("outputs[" + i + "]", p.outputs().get(i)));
        }
      }
      List<Expression> others = new ArrayList<>();
      for (int i = 0; i < p.otherVariables().size(); i++) {
        others.add(parser.parse("other_variables[" + i + "]", p.otherVariables().get(i)));
      }
      // a sample's own cut and weight: checked alone (errors name the sample list's key), then
      // combined with the global ones
      Parser sampleParser = new Parser(p.samples().file(), errors);
      Map<String, Expression[]> cutAndWeight = new java.util.LinkedHashMap<>();
      for (var sample : p.samples().samples()) {
        String at = "samples." + sample.key();
        Expression sCut = cut;
        if (!sample.cut().isBlank() && sampleParser.parse(at + ".cut", sample.cut()) != null) {
          sCut =
              cut == null
                  ? sampleParser.parse(at + ".cut", sample.cut())
                  : sampleParser.parse(at + ".cut", "(" + p.cut() + ") && (" + sample.cut() + ")");
        }
        Expression sWeight = weight;
        if (!sample.weight().isBlank()
            && sampleParser.parse(at + ".weight", sample.weight()) != null) {
          sWeight =
              sampleParser.parse(
                  at + ".weight", "(" + p.weight() + ") * (" + sample.weight() + ")");
        }
        cutAndWeight.put(sample.key(), new Expression[] {sCut, sWeight});
      }
      if (!errors.isEmpty()) {
        throw new ConfigException(errors);
      }
      // every file reads the inputs', targets' and others' variables, and its sample's cut's and
      // weight's
      Set<VariableRef> common = new LinkedHashSet<>();
      for (List<Expression> list : List.of(inputs, targets, others)) {
        list.forEach(e -> common.addAll(e.variables()));
      }
      Map<String, SampleExpressions> perSample = new java.util.LinkedHashMap<>();
      cutAndWeight.forEach(
          (key, cw) -> {
            Set<VariableRef> v = new LinkedHashSet<>(common);
            if (cw[0] != null) {
              v.addAll(cw[0].variables());
            }
            v.addAll(cw[1].variables());
            perSample.put(key, new SampleExpressions(cw[0], cw[1], v));
          });
      return new Compiled(inputs, oneHot, targets, others, perSample);
    }
  }

  private record Parser(Path file, List<ConfigError> errors) {
    Expression parse(String path, String text) {
      try {
        return Expression.parse(text);
      } catch (ExpressionException e) {
        errors.add(new ConfigError(file, path, text, e.getMessage()));
        return null;
      }
    }
  }
}
