package hepscan.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hepscan.config.ConfigException;
import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.config.Sample;
import hepscan.config.SampleFile;
import hepscan.config.SplitName;
import hepscan.data.DataException;
import hepscan.data.EventInfo;
import hepscan.data.PreparedFile;
import hepscan.data.SampleEvents;
import hepscan.data.SplitArrays;
import hepscan.data.SplitBlocks;
import hepscan.data.TestData;
import hepscan.model.DeviceChoice;
import hepscan.model.ModelArchive;
import hepscan.model.ModelInfo;
import hepscan.model.TrainedModel;
import hepscan.util.AtomicFiles;
import hepscan.workflow.WorkflowException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code --model M --test}: the model's own recipe (the parameters file stored in its archive)
 * prepares the events again — the same cut, weights, inputs, outputs, split seed and ratios, so the
 * same split —, the model scores every event, and the events go back into ROOT files: the test
 * split into {@code model/M/test/<group>.root}, the training and evaluation splits into {@code
 * model/M/train/<group>.root}, one file per tag or sample as {@code split_name} says, with a
 * summary of how the model does on its test events.
 */
public final class ModelTester {
  /** Events scored and written per step: bounds the memory the outputs need besides the data. */
  static final int CHUNK = 1 << 16;

  /** NaN and infinities are written as the strings "NaN" and "Infinity" (Jackson's default). */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(
              com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

  private ModelTester() {}

  /** What was written. */
  public record Result(
      TestSummary summary, Map<Path, Long> files, Path summaryFile, List<Path> plots) {}

  /**
   * The archive {@code model} names: an existing file as given, else {@code model/<model>.zip} of
   * the project ({@code .zip} may be left out).
   */
  public static Path resolve(String model, Path workDir) {
    Path given = Path.of(model);
    if (Files.isRegularFile(given)) {
      return given.toAbsolutePath();
    }
    String name = model.endsWith(".zip") ? model.substring(0, model.length() - 4) : model;
    Path zip = workDir.resolve("model").resolve(name + ".zip");
    if (!Files.isRegularFile(zip)) {
      throw new WorkflowException(
          true,
          "no model '"
              + model
              + "': neither a file nor "
              + zip
              + "; adopt a trial first with ./hepscan --zip model/SCAN/SCAN_<id>.zip "
              + zip);
    }
    return zip;
  }

  public static Result test(
      String model,
      Path workDir,
      boolean force,
      DeviceChoice device,
      PrintStream log,
      PrintStream terminal)
      throws IOException {
    Path zip = resolve(model, workDir);
    String name = ModelArchive.nameOf(zip);
    Path modelDir = workDir.resolve("model").resolve(name);
    hepscan.workflow.ScanSetup.requireWritable(modelDir, "the test outputs");
    try (Opened opened = open(zip, modelDir, workDir, device)) {
      TrainedModel trained = opened.model();
      ModelInfo info = opened.info();
      Parameters params = opened.recipe();
      TestData data = hepscan.workflow.ScanSetup.testData(params, workDir, log);
      checkSameEvents(zip, info, data, force, log);
      checkSummaryMemory(
          (long) data.training().nEvents() + data.output().nEvents(),
          data.classNames().size(),
          Runtime.getRuntime().maxMemory());
      OutputColumns columns =
          OutputColumns.of(data.classNames(), data.featureNames(), data.otherVariableNames());
      writeSources(modelDir.resolve("sources.json"), data.files());
      ScoredEvents training;
      ScoredEvents test;
      Map<Path, Long> files = new LinkedHashMap<>();
      long total =
          (long) data.training().nEvents() + data.evaluation().nEvents() + data.output().nEvents();
      try (WriteProgress progress = new WriteProgress("test outputs", total, log, terminal)) {
        long writeStart = System.nanoTime();
        Path trainTmp = temporaryDir(modelDir, "train");
        Path testTmp = temporaryDir(modelDir, "test");
        try (Writer w = new Writer(trained, data, columns, params.splitName(), progress)) {
          try (GroupedRootFiles out =
              new GroupedRootFiles(trainTmp, columns, "training and evaluation events")) {
            training = w.write(data.training(), OutputColumns.TRAINING, out);
            w.write(data.evaluation(), OutputColumns.EVALUATION, out);
            files.putAll(renamed(w.finish(out), trainTmp, modelDir.resolve("train")));
          }
          try (GroupedRootFiles out = new GroupedRootFiles(testTmp, columns, "test events")) {
            test = w.write(data.output(), OutputColumns.TEST, out);
            files.putAll(renamed(w.finish(out), testTmp, modelDir.resolve("test")));
          }
          TestSummary summary = TestSummary.of(name, data.classNames(), training, test);
          AtomicFiles.writeBytes(
              testTmp.resolve("summary.json"),
              JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary));
          replaceDir(trainTmp, modelDir.resolve("train"));
          replaceDir(testTmp, modelDir.resolve("test"));
          double seconds = (System.nanoTime() - writeStart) / 1e9;
          // the main thread's time: writing runs beside reading, inference and gathering
          double writing =
              (w.readNanos + w.inferenceNanos + w.gatherNanos + w.waitNanos + w.finishNanos) / 1e9;
          log.printf(
              java.util.Locale.ROOT,
              "test outputs: %d events in %.2f s (%.0f events/s): reading the prepared data %.2f"
                  + " s, inference %.2f s, gathering the columns %.2f s, ROOT writing %.2f s"
                  + " beside them (filling and compressing the baskets on %d cores, %.2f s of CPU"
                  + " time compressing, %.2f s writing the files), waiting for the writing %.2f s,"
                  + " the rest (summary) %.2f s; without the summary %.0f events/s%n",
              total,
              seconds,
              total / seconds,
              w.readNanos / 1e9,
              w.inferenceNanos / 1e9,
              w.gatherNanos / 1e9,
              w.writeNanos / 1e9,
              Runtime.getRuntime().availableProcessors(),
              w.compressionNanos / 1e9,
              w.fileWriteNanos / 1e9,
              w.waitNanos / 1e9,
              seconds - writing,
              total / writing);
          summary.print(log);
          List<Path> plots =
              TestPlots.write(
                  workDir.resolve("plotting").resolve(name).resolve("test"),
                  summary,
                  training,
                  test,
                  data.classNames(),
                  trained.history());
          return new Result(summary, files, modelDir.resolve("test/summary.json"), plots);
        } finally {
          deleteTree(trainTmp);
          deleteTree(testTmp);
        }
      }
    }
  }

  /**
   * {@code --model M --output KEY...}: every event of each sample-list key (no cut, no split),
   * scored, into {@code model/M/output/<KEY>.root}, with the branches of the test outputs ({@code
   * class_index} -1, {@code split} 3, no learning weight) and {@code <KEY>.sources.json} naming the
   * files {@code source_file} indexes.
   */
  public static Map<Path, Long> output(
      String model,
      List<String> keys,
      Path workDir,
      DeviceChoice device,
      PrintStream log,
      PrintStream terminal)
      throws IOException {
    Path zip = resolve(model, workDir);
    String name = ModelArchive.nameOf(zip);
    Path modelDir = workDir.resolve("model").resolve(name);
    Path outDir = modelDir.resolve("output");
    hepscan.workflow.ScanSetup.requireWritable(outDir, "the outputs");
    try (Opened opened = open(zip, modelDir, workDir, device)) {
      TrainedModel trained = opened.model();
      ModelInfo info = opened.info();
      Parameters params = opened.recipe();
      List<String> known = params.samples().samples().stream().map(Sample::key).toList();
      for (String key : keys) {
        if (!known.contains(key)) {
          throw new WorkflowException(
              true,
              "the sample list "
                  + params.samples().file()
                  + " has no key '"
                  + key
                  + "'; its keys: "
                  + String.join(", ", known));
        }
      }
      Map<Path, Long> written = new LinkedHashMap<>();
      for (String key : keys) {
        Sample sample =
            params.samples().samples().stream()
                .filter(s -> s.key().equals(key))
                .findFirst()
                .orElseThrow();
        if (!params.classesFromTags() || info.classNames().contains(sample.tag())) {
          log.println(
              "WARNING: sample '"
                  + key
                  + "' was one of the model's training samples: its training events are scored"
                  + " too, so these scores are no fair test; ./hepscan --model "
                  + model
                  + " --test scores only the events training never saw");
        }
        written.putAll(outputSample(trained, info, params, sample, outDir, log, terminal));
      }
      return written;
    }
  }

  private static Map<Path, Long> outputSample(
      TrainedModel trained,
      ModelInfo info,
      Parameters params,
      Sample sample,
      Path outDir,
      PrintStream log,
      PrintStream terminal)
      throws IOException {
    int k = info.classNames().size();
    int f = info.featureNames().size();
    OutputColumns columns =
        OutputColumns.of(
            info.classNames(),
            info.featureNames(),
            hepscan.data.ColumnNames.unique(
                params.otherVariables().stream().map(hepscan.data.ColumnNames::sanitise).toList()));
    List<SampleFile> files = sample.files();
    Path tmp = temporaryDir(outDir, "output");
    try (GroupedRootFiles out =
            new GroupedRootFiles(tmp, columns, "all events of sample " + sample.key());
        WriteProgress progress = new WriteProgress("output " + sample.key(), 0, log, terminal)) {
      SampleEvents.read(
          params,
          sample.key(),
          info.oneHotCategories(),
          info.featureNames(),
          events -> {
            int fileIndex = files.indexOf(events.file());
            for (int start = 0; start < events.entries(); start += CHUNK) {
              int m = Math.min(CHUNK, events.entries() - start);
              float[] x = Arrays.copyOfRange(events.features(), start * f, (start + m) * f);
              float[] p =
                  ScoredEvents.classProbabilities(trained.predict(x, m), m, trained.nOutputs(), k);
              out.append(sample.key(), unsplit(columns, events, fileIndex, p, start, m));
              progress.advance(m);
            }
          });
      Map<Path, Long> done = new LinkedHashMap<>();
      for (Map.Entry<Path, Long> e : out.finish().entrySet()) {
        Path target = outDir.resolve(e.getKey().getFileName());
        AtomicFiles.moveIntoPlace(e.getKey(), target);
        done.put(target, e.getValue());
      }
      writeSources(outDir.resolve(sample.key() + ".sources.json"), files, sample);
      return done;
    } catch (ConfigException e) {
      throw new WorkflowException(
          true, "invalid recipe:\n" + e.getMessage().indent(2).stripTrailing(), e);
    } catch (DataException e) {
      throw new WorkflowException(e.badInput(), e.getMessage(), e);
    } finally {
      deleteTree(tmp);
    }
  }

  /** The branches of events that were never split: no class, no learning weight. */
  private static Object[] unsplit(
      OutputColumns columns,
      SampleEvents.FileEvents events,
      int fileIndex,
      float[] p,
      int start,
      int m) {
    int k = columns.nClasses();
    int f = columns.nFeatures();
    Object[] v = new Object[columns.branches().size()];
    int[] none = new int[m];
    Arrays.fill(none, -1);
    v[0] = none;
    for (int c = 0; c < k; c++) {
      v[1 + c] = new int[m];
    }
    int b = 1 + k;
    v[b] = Arrays.copyOfRange(events.eventWeight(), start, start + m);
    float[] noWeight = new float[m];
    Arrays.fill(noWeight, Float.NaN);
    v[b + 1] = noWeight;
    double[] xsec = new double[m];
    Arrays.fill(xsec, events.file().xsec());
    v[b + 2] = xsec;
    double[] sum = new double[m];
    Arrays.fill(sum, events.file().eventWeightSum());
    v[b + 3] = sum;
    int[] split = new int[m];
    Arrays.fill(split, OutputColumns.UNSPLIT);
    v[b + 4] = split;
    int[] file = new int[m];
    Arrays.fill(file, fileIndex);
    v[b + 5] = file;
    long[] entry = new long[m];
    for (int j = 0; j < m; j++) {
      entry[j] = events.firstEntry() + start + j;
    }
    v[b + 6] = entry;
    for (int c = 0; c < k; c++) {
      float[] o = new float[m];
      for (int j = 0; j < m; j++) {
        o[j] = p[j * k + c];
      }
      v[columns.firstOutput() + c] = o;
    }
    for (int x = 0; x < f; x++) {
      float[] col = new float[m];
      for (int j = 0; j < m; j++) {
        col[j] = events.features()[(start + j) * f + x];
      }
      v[columns.firstFeature() + x] = col;
    }
    for (int o = 0; o < columns.nOthers(); o++) {
      v[columns.firstOther() + o] = Arrays.copyOfRange(events.others()[o], start, start + m);
    }
    return v;
  }

  private static void writeSources(Path target, List<SampleFile> files, Sample sample)
      throws IOException {
    ArrayNode list = JSON.createArrayNode();
    for (int i = 0; i < files.size(); i++) {
      ObjectNode o = list.addObject();
      o.put("source_file", i);
      o.put("path", files.get(i).path().toString());
      o.put("sample", sample.key());
      o.put("tag", sample.tag());
    }
    AtomicFiles.writeBytes(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(list));
  }

  /** A loaded model with its recipe, loaded against the project. */
  private record Opened(TrainedModel model, ModelInfo info, Parameters recipe)
      implements AutoCloseable {
    @Override
    public void close() {
      model.close();
    }
  }

  private static Opened open(Path zip, Path modelDir, Path workDir, DeviceChoice device)
      throws IOException {
    TrainedModel trained = load(zip, device);
    try {
      ModelInfo info = trained.info().orElseThrow();
      return new Opened(trained, info, recipe(zip, info, modelDir, workDir));
    } catch (IOException | RuntimeException e) {
      trained.close();
      throw e;
    }
  }

  private static TrainedModel load(Path zip, DeviceChoice device) {
    try {
      return TrainedModel.load(zip, device);
    } catch (IOException e) {
      throw new WorkflowException(false, "cannot load model " + zip + ": " + e.getMessage(), e);
    }
  }

  /** The parameters file stored in the archive, written beside the outputs and loaded. */
  private static Parameters recipe(Path zip, ModelInfo info, Path modelDir, Path workDir)
      throws IOException {
    if (info.recipe().isEmpty()) {
      throw new WorkflowException(
          true,
          zip
              + " holds no recipe (the parameters it was trained with): it was written by an older"
              + " hepscan; train it again to make test outputs");
    }
    Path file = modelDir.resolve("recipe.yaml");
    AtomicFiles.writeString(file, info.recipe());
    try {
      return ParametersLoader.load(file, workDir);
    } catch (ConfigException e) {
      throw new WorkflowException(
          true,
          "the recipe of "
              + zip
              + " (written to "
              + file
              + ") does not load in "
              + workDir
              + ":\n"
              + e.getMessage().indent(2).stripTrailing(),
          e);
    }
  }

  /**
   * The events must be those the model was trained on: the data hash covers the sample files
   * (names, sizes, content hashes), the sample list, the JSON files and every expression.
   */
  private static void checkSameEvents(
      Path zip, ModelInfo info, TestData data, boolean force, PrintStream log) {
    if (!data.featureNames().equals(info.featureNames())
        || !data.classNames().equals(info.classNames())) {
      throw new WorkflowException(
          true,
          "the events now give the inputs "
              + data.featureNames()
              + " and classes "
              + data.classNames()
              + ", but "
              + zip
              + " was trained on "
              + info.featureNames()
              + " and "
              + info.classNames()
              + ": it cannot score them");
    }
    String trained = info.hashes().getOrDefault("data_hash", "");
    if (!trained.equals(data.dataHash())) {
      String what =
          "the events differ from those "
              + zip.getFileName()
              + " was trained on (data hash "
              + abbreviate(trained)
              + " then, "
              + abbreviate(data.dataHash())
              + " now): a sample file, the sample list or a JSON file changed since training";
      if (!force) {
        throw new WorkflowException(
            true,
            what + ". The split would not be the model's: give --force to write outputs anyway");
      }
      log.println("warning: " + what + "; writing them anyway (--force)");
    }
  }

  /**
   * Heap bytes the summary and the plots take per training and test event with two classes: the
   * kept scores, class and weight (16 bytes) and the ROC's and KS tests' working copies. Measured:
   * 33 bytes live at most on the 9.7M-event demo (bench/README.md); rounded up.
   */
  static final int SUMMARY_BYTES_PER_EVENT = 36;

  /** Heap the summary needs besides its per-event arrays. */
  static final long SUMMARY_BASE_BYTES = 16L << 20;

  /**
   * Refuses, before any event is scored, a run whose summary would not fit the heap: the events are
   * written a block at a time, but the summary needs every training and test event's scores.
   */
  static void checkSummaryMemory(long scoredEvents, int nClasses, long maxHeap) {
    // each class beyond two adds a float score and its working copies
    long perEvent = SUMMARY_BYTES_PER_EVENT + 12L * Math.max(0, nClasses - 2);
    long need = SUMMARY_BASE_BYTES + scoredEvents * perEvent;
    if (need > maxHeap) {
      throw new WorkflowException(
          false,
          String.format(
              java.util.Locale.ROOT,
              "the summary of %,d training and test events needs about %,d MB of Java heap, and"
                  + " this run has %,d MB: give more with HEPSCAN_JAVA_OPTS=-Xmx%dm (in a SLURM"
                  + " task raise slurm.mem or --mem: the heap is its share, bench/README.md)",
              scoredEvents,
              need >> 20,
              maxHeap >> 20,
              (need >> 20) * 5 / 4 + 1));
    }
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash.isEmpty() ? "unknown" : hash;
  }

  /** Scores splits chunk by chunk and appends their events to the group files. */
  /**
   * Scores blocks of events and writes them: a block's baskets are filled and compressed on a
   * thread of their own while the next block is read, scored and gathered (one block in flight, so
   * the files' bytes and order are those of writing one block after the other).
   */
  private static final class Writer implements AutoCloseable {
    private final TrainedModel model;
    private final TestData data;
    private final OutputColumns columns;
    private final WriteProgress progress;
    private final String[] groupOfFile;
    private final java.util.concurrent.ExecutorService appender =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hepscan-root-writer");
              t.setDaemon(true);
              return t;
            });
    private java.util.concurrent.Future<?> pending;
    private long readNanos;
    private long inferenceNanos;
    private long gatherNanos;
    private long waitNanos;
    private long finishNanos;
    private long writeNanos; // by the writing thread; read after its Future's get
    private long compressionNanos;
    private long fileWriteNanos;

    Writer(
        TrainedModel model,
        TestData data,
        OutputColumns columns,
        SplitName splitName,
        WriteProgress progress) {
      this.model = model;
      this.data = data;
      this.columns = columns;
      this.progress = progress;
      this.groupOfFile = new String[data.files().size()];
      for (int i = 0; i < groupOfFile.length; i++) {
        PreparedFile f = data.files().get(i);
        groupOfFile[i] = splitName == SplitName.SAMPLE ? f.sampleKey() : f.tag();
      }
    }

    /**
     * Scores and writes the events of a split a block at a time; keeps only their scores, labels
     * and learning weights, for the summary.
     */
    ScoredEvents write(SplitBlocks events, int split, GroupedRootFiles out) throws IOException {
      int n = events.nEvents();
      int k = data.classNames().size();
      float[] scores = new float[n * k];
      int[] labels = new int[n];
      float[] weights = new float[n];
      boolean written = false;
      try (SplitBlocks.Reader reader = events.open()) {
        for (int start = 0; start < n; start += CHUNK) {
          int m = Math.min(CHUNK, n - start);
          long t0 = System.nanoTime();
          SplitBlocks.Block block = reader.read(start, m);
          SplitArrays arrays = block.arrays();
          System.arraycopy(arrays.labels(), 0, labels, start, m);
          System.arraycopy(arrays.weights(), 0, weights, start, m);
          long t1 = System.nanoTime();
          float[] p =
              ScoredEvents.classProbabilities(
                  model.predict(arrays.features(), m), m, model.nOutputs(), k);
          System.arraycopy(p, 0, scores, start * k, m * k);
          long t2 = System.nanoTime();
          // gathered here, before the reader reuses its arrays for the next block
          Map<String, Object[]> values = new LinkedHashMap<>();
          for (Map.Entry<String, int[]> g : byGroup(block.events()).entrySet()) {
            values.put(g.getKey(), values(arrays, block.events(), split, p, g.getValue()));
          }
          long t3 = System.nanoTime();
          awaitWriting();
          long t4 = System.nanoTime();
          pending =
              appender.submit(
                  () -> {
                    long w0 = System.nanoTime();
                    for (Map.Entry<String, Object[]> g : values.entrySet()) {
                      out.append(g.getKey(), g.getValue());
                    }
                    progress.advance(m);
                    writeNanos += System.nanoTime() - w0;
                    return null;
                  });
          readNanos += t1 - t0;
          inferenceNanos += t2 - t1;
          gatherNanos += t3 - t2;
          waitNanos += t4 - t3;
        }
        long t0 = System.nanoTime();
        awaitWriting();
        waitNanos += System.nanoTime() - t0;
        written = true;
      } finally {
        if (!written) {
          abandonWriting(); // the caller closes the files: not while a block is still appended
        }
      }
      return new ScoredEvents(k, scores, labels, weights);
    }

    /** Waits for the block in flight after a failure elsewhere, whatever its own outcome. */
    private void abandonWriting() {
      try {
        awaitWriting();
      } catch (IOException | RuntimeException e) {
        // the failure being thrown is the one to report; these files are deleted
      }
    }

    /** Waits until the block in flight is written; its failure is this call's. */
    private void awaitWriting() throws IOException {
      if (pending == null) {
        return;
      }
      try {
        pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while writing the ROOT files");
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IOException(cause);
      } finally {
        pending = null;
      }
    }

    /** Finishes {@code out}'s files (see {@link GroupedRootFiles#finish}), counting the time. */
    Map<Path, Long> finish(GroupedRootFiles out) throws IOException {
      awaitWriting();
      long t0 = System.nanoTime();
      Map<Path, Long> files = out.finish();
      long spent = System.nanoTime() - t0;
      finishNanos += spent;
      writeNanos += spent;
      compressionNanos += out.compressionNanos();
      fileWriteNanos += out.fileWriteNanos();
      return files;
    }

    /** Stops the writing thread; a block still in flight (after a failure) is abandoned. */
    @Override
    public void close() {
      appender.shutdownNow();
    }

    /** Block positions of the events of each group. */
    private Map<String, int[]> byGroup(EventInfo info) {
      // counted, then filled: no boxed list of 65,536 positions
      Map<String, int[]> counts = new LinkedHashMap<>();
      for (int file : info.file()) {
        counts.computeIfAbsent(groupOfFile[file], g -> new int[1])[0]++;
      }
      Map<String, int[]> out = new LinkedHashMap<>();
      counts.forEach((g, c) -> out.put(g, new int[c[0]]));
      counts.values().forEach(c -> c[0] = 0);
      for (int i = 0; i < info.size(); i++) {
        String g = groupOfFile[info.file()[i]];
        out.get(g)[counts.get(g)[0]++] = i;
      }
      return out;
    }

    /** One array per branch, in {@link OutputColumns} order, for the block events {@code at}. */
    private Object[] values(SplitArrays arrays, EventInfo info, int split, float[] p, int[] at) {
      int n = at.length;
      int k = data.classNames().size();
      int f = arrays.nFeatures();
      Object[] v = new Object[columns.branches().size()];
      int[] label = new int[n];
      double[] eventWeight = new double[n];
      float[] learningWeight = new float[n];
      double[] xsec = new double[n];
      double[] sum = new double[n];
      int[] splits = new int[n];
      int[] file = new int[n];
      long[] entry = new long[n];
      for (int j = 0; j < n; j++) {
        int e = at[j];
        label[j] = arrays.labels()[e];
        eventWeight[j] = info.eventWeight()[e];
        learningWeight[j] = arrays.weights()[e];
        PreparedFile pf = data.files().get(info.file()[e]);
        xsec[j] = pf.xsec();
        sum[j] = pf.eventWeightSum();
        splits[j] = split;
        file[j] = info.file()[e];
        entry[j] = info.entry()[e];
      }
      v[0] = label;
      for (int c = 0; c < k; c++) {
        int[] target = new int[n];
        for (int j = 0; j < n; j++) {
          target[j] = label[j] == c ? 1 : 0;
        }
        v[1 + c] = target;
      }
      int b = 1 + k;
      v[b] = eventWeight;
      v[b + 1] = learningWeight;
      v[b + 2] = xsec;
      v[b + 3] = sum;
      v[b + 4] = splits;
      v[b + 5] = file;
      v[b + 6] = entry;
      for (int c = 0; c < k; c++) {
        float[] o = new float[n];
        for (int j = 0; j < n; j++) {
          o[j] = p[at[j] * k + c];
        }
        v[columns.firstOutput() + c] = o;
      }
      float[] features = arrays.features();
      // the inputs are most of the columns: gathered on all cores
      java.util.stream.IntStream.range(0, f)
          .parallel()
          .forEach(
              x -> {
                float[] col = new float[n];
                for (int j = 0; j < n; j++) {
                  col[j] = features[at[j] * f + x];
                }
                v[columns.firstFeature() + x] = col;
              });
      for (int o = 0; o < columns.nOthers(); o++) {
        double[] col = new double[n];
        for (int j = 0; j < n; j++) {
          col[j] = info.otherVariables()[o][at[j]];
        }
        v[columns.firstOther() + o] = col;
      }
      return v;
    }
  }

  /** {@code source_file} indexes this list: where each event can be found again. */
  private static void writeSources(Path target, List<PreparedFile> files) throws IOException {
    ArrayNode list = JSON.createArrayNode();
    for (int i = 0; i < files.size(); i++) {
      ObjectNode o = list.addObject();
      o.put("source_file", i);
      o.put("path", files.get(i).path().toString());
      o.put("sample", files.get(i).sampleKey());
      o.put("tag", files.get(i).tag());
    }
    AtomicFiles.writeBytes(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(list));
  }

  /** A fresh hidden folder beside the final one, with the umask's permissions (not 0700). */
  private static Path temporaryDir(Path parent, String name) throws IOException {
    while (true) {
      Path dir =
          parent.resolve(
              "."
                  + name
                  + "."
                  + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong())
                  + ".tmp");
      try {
        return Files.createDirectory(dir);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another name
      }
    }
  }

  private static Map<Path, Long> renamed(Map<Path, Long> files, Path from, Path to) {
    Map<Path, Long> out = new LinkedHashMap<>();
    files.forEach((p, n) -> out.put(to.resolve(from.relativize(p)), n));
    return out;
  }

  /** Puts {@code fresh} in the place of {@code target}, whose old content is removed. */
  private static void replaceDir(Path fresh, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = temporaryDir(target.getParent(), target.getFileName() + ".old");
      Files.delete(old);
      Files.move(target, old);
    }
    Files.move(fresh, target);
    if (old != null) {
      deleteTree(old);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
