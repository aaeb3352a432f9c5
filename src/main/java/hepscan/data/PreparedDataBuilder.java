package hepscan.data;

import hepscan.config.NegativeWeights;
import hepscan.config.Parameters;
import hepscan.config.Sample;
import hepscan.config.SampleFile;
import hepscan.data.expr.Expression;
import hepscan.data.expr.VariableRef;
import hepscan.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * One run of {@link DataPreparation#prepare}: reads every file of every sample, filters, weighs and
 * splits its events, and spills each split's columns to temporary files as each file is read, so
 * that the heap holds one file's columns and small sums at a time, never the splits: the classes'
 * event counts, the scaler's column sums over the training split, the one-hot categories found in
 * it. Once every file is read it checks what the splits make and equalises the classes' learning
 * weights; the result, {@link Spilled}, then writes the cache file from the spills ({@link
 * DataCache.Content}), finishing the scaler on the way. Used once.
 */
final class PreparedDataBuilder {
  /**
   * Events of one file that went to one split, {@code size} of them in entry order: a part per
   * range of the file's entries.
   */
  private record Part(int fileIndex, int size) {}

  /** One column of a file for a variable check or a gather: floats or doubles. */
  private record Values(float[] floats, double[] doubles) {
    float asFloat(int e) {
      return floats != null ? floats[e] : (float) doubles[e];
    }

    double asDouble(int e) {
      return floats != null ? floats[e] : doubles[e];
    }
  }

  /** Events per block of the parallel gathers and sums: a block's rows stay in the L2 cache. */
  private static final int BLOCK = 4096;

  /** Largest Java array: a split's feature matrix must fit one. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** Events gathered, spilled and read back at a time. */
  private static final int ROWS = 1 << 16;

  private final Parameters p;
  private final DataPreparation.Compiled c;
  private final String key;
  private final Path spillBeside;
  private final PrintStream log;
  private final PreparationProgress readProgress;
  private final int nClasses;
  private final long[] read;
  private final long[] afterCut;
  private final long[] afterWeights;
  private final long[] kept;
  private final double[] lwSum;
  private final Map<String, Long> nonFinite = new LinkedHashMap<>();
  private final List<PreparedFile> files = new ArrayList<>();

  /**
   * What the learning weights of a file are divided by: the event-weight sum computed for its
   * sample once all its files are read. Absent for the others (nothing to divide).
   */
  private final Map<Integer, Double> divisors = new HashMap<>();

  /** The inputs without {@code @op}, in input order: the columns of the spilled plain features. */
  private final int[] plainInputs;

  /** Each split's spilled columns. */
  private final SplitSpill[] splits = new SplitSpill[3];

  /** Per one-hot input, its categories in the training split so far; null for the others. */
  private final Categories[] categories;

  private final RangeArrays arrays = new RangeArrays();

  /** The training split's plain features' column sums so far: the scaler's means. */
  private final Scaler.Sums trainingSums;

  private String firstNonFinite;

  /**
   * @param spillBeside where the cache file would go: the spills are temporary files beside it
   */
  PreparedDataBuilder(
      Parameters p, DataPreparation.Compiled c, String key, Path spillBeside, PrintStream log) {
    this(p, c, key, spillBeside, log, PreparationProgress.lines(log));
  }

  /**
   * @param spillBeside where the cache file would go: the spills are temporary files beside it
   * @param progress told the entries read after each range
   */
  PreparedDataBuilder(
      Parameters p,
      DataPreparation.Compiled c,
      String key,
      Path spillBeside,
      PrintStream log,
      PreparationProgress progress) {
    this.p = p;
    this.readProgress = progress;
    this.c = c;
    this.key = key;
    this.spillBeside = spillBeside;
    this.log = log;
    nClasses = p.classNames().size();
    read = new long[nClasses];
    afterCut = new long[nClasses];
    afterWeights = new long[nClasses];
    kept = new long[nClasses];
    lwSum = new double[nClasses];
    plainInputs = IntStream.range(0, c.inputs().size()).filter(i -> !c.oneHot()[i]).toArray();
    categories = new Categories[c.inputs().size()];
    for (int i = 0; i < categories.length; i++) {
      categories[i] = c.oneHot()[i] ? new Categories() : null;
    }
    trainingSums = new Scaler.Sums(plainInputs.length, null);
  }

  /**
   * Reads, filters and spills every file; the spills belong to the result, which the caller closes,
   * or are closed here when preparation fails.
   */
  Spilled build(EventSource source) throws DataException {
    checkBeforeReading(source);
    boolean built = false;
    try {
      for (int s = 0; s < 3; s++) {
        splits[s] = new SplitSpill();
      }
      Spilled result = readAll(source);
      built = true;
      return result;
    } catch (IOException e) {
      throw new DataException(
          "cannot write the preparation's temporary files in "
              + spillBeside.getParent()
              + ": "
              + AtomicFiles.reason(e)
              + "; they take about the size of the cache file: free that much space there");
    } finally {
      if (!built) {
        closeSpills();
      }
    }
  }

  private void closeSpills() {
    for (SplitSpill s : splits) {
      if (s != null) {
        s.close();
      }
    }
  }

  private Spilled readAll(EventSource source) throws DataException, IOException {
    Splitter splitter = new Splitter(p.seed(), p.ratios());
    List<String> classes = p.classNames();
    long total = entriesToRead(source);
    long done = 0;
    for (Sample sample : p.samples().samples()) {
      int fixedClass = -1;
      if (p.classesFromTags()) {
        fixedClass = classes.indexOf(sample.tag());
        if (notForTraining(sample)) {
          log.println(
              "data: sample '"
                  + sample.key()
                  + "' (tag "
                  + sample.tag()
                  + ") is not one of the classes "
                  + classes
                  + ": not used for training");
          continue;
        }
      }
      double[] lwBefore = lwSum.clone();
      java.util.Set<Integer> computed = new java.util.HashSet<>();
      double computedSum = 0;
      for (SampleFile f : sample.files()) {
        log.println("data: reading " + f.path() + " (sample " + sample.key() + ")");
        int fileIndex = files.size();
        files.add(
            new PreparedFile(
                f.path(),
                sample.key(),
                sample.tag(),
                sample.signal(),
                f.xsec(),
                f.eventWeightSum()));
        DataPreparation.Compiled.SampleExpressions se = c.forSample(sample.key());
        FileProgress progress = new FileProgress(f.path());
        try (EventSource.Ranges ranges = source.ranges(f.path(), sample.tree(), se.variables())) {
          for (FileColumns cols = ranges.next(); cols != null; cols = ranges.next()) {
            readRange(
                cols,
                progress,
                se,
                fileIndex,
                fixedClass,
                f.normalisation(sample.signal()),
                Splitter.fileKey(f.path().getFileName().toString()),
                splitter);
            done += cols.entries();
            readProgress.entriesRead(done, total);
          }
        }
        progress.finish();
        double allWeights = progress.weightSum;
        if (!sample.signal() && f.sumToCompute()) {
          computed.add(fileIndex);
          computedSum +=
              sample.eventWeightSumFrom().isEmpty() ? allWeights : storedSum(source, sample, f);
        }
      }
      if (!computed.isEmpty()) {
        applyComputedSum(sample, computed, computedSum, lwBefore);
      }
    }
    if (!nonFinite.isEmpty() && p.strict()) {
      StringBuilder sb = new StringBuilder("non-finite values (strict: true): ");
      nonFinite.forEach((v, n) -> sb.append(n).append(" events with '").append(v).append("'; "));
      throw new DataException(
          sb
              + "first at "
              + firstNonFinite
              + "; fix the inputs, cut them away, or set strict: false to drop these events");
    }
    return assemble();
  }

  /**
   * The entries of every file read for training, from the files' metadata: -1 when the source
   * cannot say for one of them.
   */
  private long entriesToRead(EventSource source) {
    long total = 0;
    for (Sample sample : p.samples().samples()) {
      if (notForTraining(sample)) {
        continue; // not read
      }
      for (SampleFile f : sample.files()) {
        long n = source.entryCount(f.path(), sample.tree());
        if (n < 0) {
          return -1;
        }
        total += n;
      }
    }
    return total;
  }

  /** A sample whose tag is none of the classes, when the classes come from the tags: not read. */
  private boolean notForTraining(Sample sample) {
    return p.classesFromTags() && !p.classNames().contains(sample.tag());
  }

  /** The expressions that were NaN or infinite, with their event counts, most first. */
  private String nonFiniteSummary() {
    StringBuilder sb = new StringBuilder();
    nonFinite.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(
            e ->
                sb.append(sb.length() == 0 ? "" : ", ")
                    .append('\'')
                    .append(e.getKey())
                    .append("' (")
                    .append(e.getValue())
                    .append(" events)"));
    return sb.toString();
  }

  /**
   * Every branch every expression uses, in every file of every sample, checked from the files'
   * metadata before any data is read: a weight branch only some samples have is said at once, with
   * all the other such problems, not after the files before it were read.
   */
  private void checkBeforeReading(EventSource source) throws DataException {
    List<String> problems = new ArrayList<>();
    for (Sample sample : p.samples().samples()) {
      if (p.classesFromTags() && !p.classNames().contains(sample.tag())) {
        continue; // not used for training: not read
      }
      for (SampleFile f : sample.files()) {
        problems.addAll(
            source.problems(f.path(), sample.tree(), c.forSample(sample.key()).variables()));
        if (!sample.eventWeightSumFrom().isEmpty() && f.sumToCompute()) {
          problems.addAll(
              source.problems(
                  f.path(),
                  sample.eventWeightSumTree(),
                  Set.of(new VariableRef(sample.eventWeightSumBranch(), -1))));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new DataException(
          "the sample files do not hold what the expressions use (nothing was read):\n  "
              + String.join("\n  ", problems),
          true);
    }
  }

  /** The sum of the sample's {@code event_weight_sum_from} branch over every entry of {@code f}. */
  private static double storedSum(EventSource source, Sample sample, SampleFile f)
      throws DataException {
    VariableRef branch = new VariableRef(sample.eventWeightSumBranch(), -1);
    FileColumns runs = source.read(f.path(), sample.eventWeightSumTree(), Set.of(branch));
    double[] values = runs.doubles(branch);
    double sum = 0;
    for (int i = 0; i < runs.entries(); i++) {
      sum += values[i];
    }
    return sum;
  }

  /**
   * A background given no event-weight sum: its files' learning weights were made with xsec alone;
   * now that the sum of its weights over all their events (before the cut) is known, they are
   * divided by it, and the files record it.
   */
  private void applyComputedSum(
      Sample sample, java.util.Set<Integer> fileIndices, double sum, double[] lwBefore)
      throws DataException {
    if (!(sum > 0) || Double.isInfinite(sum)) {
      throw new DataException(
          "sample '"
              + sample.key()
              + "': the sum of its event weights over all events is "
              + sum
              + (sample.eventWeightSumFrom().isEmpty()
                  ? ""
                  : " (" + sample.eventWeightSumFrom() + " summed over its files)")
              + ", so it cannot normalise the sample; give the sum in event_weight_sum_json");
    }
    for (int i : fileIndices) {
      divisors.put(i, sum); // applied as the spilled weights are read back
    }
    for (int k = 0; k < lwSum.length; k++) {
      lwSum[k] = lwBefore[k] + (lwSum[k] - lwBefore[k]) / sum;
    }
    for (int i : fileIndices) {
      PreparedFile f = files.get(i);
      files.set(i, new PreparedFile(f.path(), f.sampleKey(), f.tag(), f.signal(), f.xsec(), sum));
    }
    log.printf(
        java.util.Locale.ROOT,
        "data: sample '%s': event-weight sum %s %s its %d file(s)%s%n",
        sample.key(),
        Double.toString(sum),
        sample.eventWeightSumFrom().isEmpty()
            ? "computed from"
            : "read from " + sample.eventWeightSumFrom() + " in",
        fileIndices.size(),
        sample.eventWeightSumFrom().isEmpty() ? " (all events, before the cut)" : "");
  }

  /**
   * What is known of the file being read once some of its ranges are: where the next range starts,
   * the sum of its event weights so far (in entry order), and per checked variable ({@link
   * #checkFinite}) its non-finite events and the first of them. These are said once the file is
   * read ({@link #finish}), in the order of the variables, as when a file was read whole.
   */
  private final class FileProgress {
    final Path path;
    long first;
    double weightSum;
    final long[] nonFiniteEvents;
    final long[] firstNonFiniteEntry;
    final double[] firstNonFiniteValue;

    FileProgress(Path path) {
      this.path = path;
      int checked = checkedNames().size();
      nonFiniteEvents = new long[checked];
      firstNonFiniteEntry = new long[checked];
      firstNonFiniteValue = new double[checked];
      Arrays.fill(firstNonFiniteEntry, -1);
    }

    void finish() {
      List<String> names = checkedNames();
      for (int j = 0; j < names.size(); j++) {
        if (nonFiniteEvents[j] == 0) {
          continue;
        }
        nonFinite.merge(names.get(j), nonFiniteEvents[j], Long::sum);
        if (firstNonFinite == null) {
          double value = firstNonFiniteValue[j];
          firstNonFinite =
              path
                  + " entry "
                  + firstNonFiniteEntry[j]
                  + " ('"
                  + names.get(j)
                  + "' = "
                  + value
                  + (Double.isFinite(value) ? ", beyond the float range of the inputs" : "")
                  + ")";
        }
      }
    }
  }

  /** The variables checked for non-finite values: the weight, the inputs, the targets. */
  private List<String> checkedNames() {
    List<String> names = new ArrayList<>();
    names.add("weight");
    names.addAll(p.inputs());
    names.addAll(p.outputs().subList(0, c.targets().size())); // none when classes come from tags
    return names;
  }

  /**
   * Filters, weighs and splits the events of one range of a file's entries and spills each split's:
   * every event's split, class and weights depend on the event and its entry number alone, so a
   * file read in ranges gives what it gives read whole. The work is column-wise passes (tight loops
   * the JIT vectorises), each spread over the cores: evaluate every expression, mask, check
   * finiteness, then gather each split's rows.
   */
  private void readRange(
      FileColumns cols,
      FileProgress progress,
      DataPreparation.Compiled.SampleExpressions se,
      int fileIndex,
      int fixedClass,
      double norm,
      long fileKey,
      Splitter splitter)
      throws IOException {
    int n = cols.entries();
    long first = progress.first;
    int nIn = c.inputs().size();
    List<Expression> exprs = new ArrayList<>();
    exprs.add(se.weight());
    exprs.addAll(c.inputs());
    exprs.addAll(c.targets());
    exprs.addAll(c.others());
    if (se.cut() != null) {
      exprs.add(se.cut());
    }
    Values[] v = new Values[exprs.size()];
    IntStream.range(0, v.length)
        .parallel()
        .forEach(i -> v[i] = values(exprs.get(i), cols, n, 1 <= i && i <= nIn));
    Values weight = v[0];
    Values[] in = Arrays.copyOfRange(v, 1, 1 + nIn);
    Values[] tg = Arrays.copyOfRange(v, 1 + nIn, 1 + nIn + c.targets().size());
    Values[] ot =
        Arrays.copyOfRange(v, 1 + nIn + tg.length, 1 + nIn + tg.length + c.others().size());
    Values cut = se.cut() == null ? null : v[v.length - 1];

    NegativeWeights policy = p.negativeWeights();
    arrays.fit(n);
    int[] cls = arrays.cls;
    boolean[] pass = arrays.pass;
    for (int e = 0; e < n; e++) {
      int k = fixedClass >= 0 ? fixedClass : argmax(tg, e);
      cls[e] = k;
      read[k]++;
      pass[e] = false;
      if (cut != null && (cut.asDouble(e) == 0 || Double.isNaN(cut.asDouble(e)))) {
        continue;
      }
      afterCut[k]++;
      if (policy == NegativeWeights.DROP && weight.asDouble(e) <= 0) {
        continue;
      }
      afterWeights[k]++;
      pass[e] = true;
    }
    boolean[] bad = arrays.bad;
    checkFinite(weight, in, tg, pass, n, bad, progress);

    byte[] split = arrays.split;
    IntStream.range(0, (n + BLOCK - 1) / BLOCK) // hashing is most of this loop's time
        .parallel()
        .forEach(
            b -> {
              for (int e = b * BLOCK; e < Math.min(n, (b + 1) * BLOCK); e++) {
                split[e] = splitter.split(fileKey, first + e);
              }
            });
    int[] count = new int[3];
    for (int e = 0; e < n; e++) {
      if (pass[e] && !bad[e]) {
        count[split[e]]++;
      }
    }
    int[][] index = arrays.index;
    int[] filled = new int[3];
    double[] lw = arrays.lw;
    for (int e = 0; e < n; e++) {
      if (!pass[e] || bad[e]) {
        continue;
      }
      kept[cls[e]]++;
      double w = weight.asDouble(e);
      lw[e] = (policy == NegativeWeights.ABS ? Math.abs(w) : w) * norm;
      lwSum[cls[e]] += lw[e];
      int s = split[e];
      index[s][filled[s]++] = e;
    }
    for (int s = 0; s < 3; s++) {
      spill(s, fileIndex, first, index[s], count[s], in, cls, lw, weight, ot);
    }
    double all = progress.weightSum;
    for (int e = 0; e < n; e++) {
      double w = weight.asDouble(e);
      if (Double.isFinite(w)) {
        all += w;
      }
    }
    progress.weightSum = all;
    progress.first = first + n;
  }

  /**
   * An expression's values over the file: a plain variable as its column (for an input, a float
   * leaf as the reader filled it: inputs become floats anyway), anything else evaluated.
   */
  private static Values values(Expression e, FileColumns cols, int n, boolean input) {
    VariableRef ref = e.asVariable().orElse(null);
    if (ref == null) {
      return new Values(null, e.evaluate(cols, n));
    }
    float[] floats = input ? cols.floats(ref) : null;
    return floats != null ? new Values(floats, null) : new Values(null, cols.doubles(ref));
  }

  /**
   * Marks in {@code bad} the passing events of {@code n} with a non-finite weight, input or target,
   * and counts them per variable in {@code progress}. Inputs are checked as the floats the network
   * gets, so a double beyond the float range counts as non-finite too.
   */
  private static void checkFinite(
      Values weight,
      Values[] in,
      Values[] tg,
      boolean[] pass,
      int n,
      boolean[] bad,
      FileProgress progress) {
    List<Values> columns = new ArrayList<>();
    columns.add(weight);
    columns.addAll(Arrays.asList(in));
    columns.addAll(Arrays.asList(tg));
    int[] firstBad = new int[columns.size()];
    IntStream.range(0, firstBad.length)
        .parallel()
        .forEach(
            j ->
                firstBad[j] =
                    firstNonFiniteEntry(columns.get(j), 1 <= j && j <= in.length, pass, n));
    Arrays.fill(bad, 0, n, false);
    for (int j = 0; j < firstBad.length; j++) {
      if (firstBad[j] < 0) {
        continue;
      }
      Values col = columns.get(j);
      boolean asFloat = 1 <= j && j <= in.length;
      long count = 0;
      for (int e = firstBad[j]; e < n; e++) {
        if (pass[e] && !finite(col, asFloat, e)) {
          bad[e] = true;
          count++;
        }
      }
      progress.nonFiniteEvents[j] += count;
      if (progress.firstNonFiniteEntry[j] < 0) {
        progress.firstNonFiniteEntry[j] = progress.first + firstBad[j];
        progress.firstNonFiniteValue[j] = col.asDouble(firstBad[j]);
      }
    }
  }

  private static int firstNonFiniteEntry(Values col, boolean asFloat, boolean[] pass, int n) {
    for (int e = 0; e < n; e++) {
      if (pass[e] && !finite(col, asFloat, e)) {
        return e;
      }
    }
    return -1;
  }

  private static boolean finite(Values col, boolean asFloat, int e) {
    return asFloat ? Float.isFinite(col.asFloat(e)) : Double.isFinite(col.asDouble(e));
  }

  /**
   * The events {@code idx[0..m)} of a range of a file's entries from entry {@code first}, gathered
   * for split {@code s} and spilled.
   */
  private void spill(
      int s,
      int fileIndex,
      long first,
      int[] idx,
      int m,
      Values[] in,
      int[] cls,
      double[] lw,
      Values weight,
      Values[] ot)
      throws IOException {
    SplitSpill sp = splits[s];
    sp.parts.add(new Part(fileIndex, m));
    sp.events += m;
    int width = plainInputs.length;
    arrays.fitRows(Math.min(m, ROWS), width);
    float[] plain = arrays.plain;
    int[] labels = arrays.labels;
    long[] entries = arrays.entries;
    double[] values = arrays.values;
    for (int lo = 0; lo < m; lo += ROWS) {
      int k = Math.min(ROWS, m - lo);
      gatherPlain(in, idx, lo, k, plain);
      sp.features.floats(plain, 0, k * width);
      for (int i = 0; i < in.length; i++) {
        if (c.oneHot()[i]) {
          gather(in[i], idx, lo, k, values);
          sp.oneHot[i].doubles(values, 0, k);
          if (s == Splitter.TRAINING) {
            categories[i].add(values, k);
          }
        }
      }
      if (s == Splitter.TRAINING) {
        trainingSums.add(plain, k);
      }
      for (int j = 0; j < k; j++) {
        labels[j] = cls[idx[lo + j]];
        sp.counts[labels[j]]++;
        entries[j] = first + idx[lo + j];
        values[j] = lw[idx[lo + j]];
      }
      sp.labels.ints(labels, 0, k);
      sp.entries.longs(entries, 0, k);
      sp.learning.doubles(values, 0, k);
      gather(weight, idx, lo, k, values);
      sp.eventWeights.doubles(values, 0, k);
      for (int i = 0; i < ot.length; i++) {
        gather(ot[i], idx, lo, k, values);
        sp.others[i].doubles(values, 0, k);
      }
    }
  }

  /** The plain inputs of events {@code idx[lo..lo+k)}, row-major, into {@code plain}. */
  private void gatherPlain(Values[] in, int[] idx, int lo, int k, float[] plain) {
    int width = plainInputs.length;
    // row blocks on every core: each block writes its own rows of the row-major matrix
    IntStream.range(0, (k + BLOCK - 1) / BLOCK)
        .parallel()
        .forEach(
            b -> {
              int from = b * BLOCK;
              int to = Math.min(k, from + BLOCK);
              for (int f = 0; f < width; f++) {
                Values col = in[plainInputs[f]];
                if (col.floats() != null) {
                  float[] v = col.floats();
                  for (int j = from, o = from * width + f; j < to; j++, o += width) {
                    plain[o] = v[idx[lo + j]];
                  }
                } else {
                  double[] v = col.doubles();
                  for (int j = from, o = from * width + f; j < to; j++, o += width) {
                    plain[o] = (float) v[idx[lo + j]];
                  }
                }
              }
            });
  }

  private static void gather(Values col, int[] idx, int lo, int k, double[] out) {
    for (int j = 0; j < k; j++) {
      out[j] = col.asDouble(idx[lo + j]);
    }
  }

  /**
   * The per-event arrays of a range and the rows gathered for a spill, kept from range to range
   * (grown for a larger one): a range allocates little besides its columns, so that the heap's
   * young generation, which G1 lets grow, fills more slowly.
   */
  private static final class RangeArrays {
    int[] cls = new int[0];
    boolean[] pass = new boolean[0];
    boolean[] bad = new boolean[0];
    byte[] split = new byte[0];
    double[] lw = new double[0];

    /** Each split's entries. */
    int[][] index = new int[3][0];

    float[] plain = new float[0];
    int[] labels = new int[0];
    long[] entries = new long[0];
    double[] values = new double[0];

    void fit(int n) {
      if (cls.length < n) {
        cls = new int[n];
        pass = new boolean[n];
        bad = new boolean[n];
        split = new byte[n];
        lw = new double[n];
        index = new int[][] {new int[n], new int[n], new int[n]};
      }
    }

    void fitRows(int rows, int width) {
      if (labels.length < rows) {
        labels = new int[rows];
        entries = new long[rows];
        values = new double[rows];
      }
      if (plain.length < rows * width) {
        plain = new float[rows * width];
      }
    }
  }

  /** One split's events, as the files gave them, on disk: a spill per column, in file order. */
  private final class SplitSpill {
    final List<Part> parts = new ArrayList<>();
    final long[] counts = new long[nClasses];
    long events;

    /** The plain inputs, row-major floats. */
    final Spill features;

    /** Per one-hot input, its values (doubles); null for the plain inputs. */
    final Spill[] oneHot;

    final Spill labels;

    /** Before the division by a computed event-weight sum ({@link #divisors}). */
    final Spill learning;

    final Spill entries;
    final Spill eventWeights;
    final Spill[] others;
    private final List<Spill> all = new ArrayList<>();

    SplitSpill() throws IOException {
      try {
        features = open();
        oneHot = new Spill[c.inputs().size()];
        for (int i = 0; i < oneHot.length; i++) {
          oneHot[i] = c.oneHot()[i] ? open() : null;
        }
        labels = open();
        learning = open();
        entries = open();
        eventWeights = open();
        others = new Spill[c.others().size()];
        for (int i = 0; i < others.length; i++) {
          others[i] = open();
        }
      } catch (IOException e) {
        close(); // those opened: the caller has no SplitSpill to close
        throw e;
      }
    }

    private Spill open() throws IOException {
      Spill s = new Spill(spillBeside.getParent(), spillBeside.getFileName().toString());
      all.add(s);
      return s;
    }

    void close() {
      for (Spill s : all) {
        try {
          s.close();
        } catch (IOException e) {
          // unlinked when opened (or deleted on exit): nothing is left to clean
        }
      }
    }
  }

  /**
   * The sorted distinct values of a one-hot input over the training split, found as its events are
   * read; the first value that is no integer ends the search and is said once every file is read.
   */
  private static final class Categories {
    private long[] found = new long[0];
    private long last;
    private double notInteger = Double.NaN;

    void add(double[] values, int count) {
      for (int j = 0; j < count && Double.isNaN(notInteger); j++) {
        double v = values[j];
        if (v != Math.rint(v) || Math.abs(v) > 1e15) {
          notInteger = v;
          return;
        }
        long value = (long) v;
        if (value == last && found.length > 0) {
          continue; // categories come in runs: most events repeat the last one
        }
        int pos = Arrays.binarySearch(found, value);
        if (pos < 0) {
          pos = -pos - 1;
          long[] grown = new long[found.length + 1];
          System.arraycopy(found, 0, grown, 0, pos);
          grown[pos] = value;
          System.arraycopy(found, pos, grown, pos + 1, found.length - pos);
          found = grown;
        }
        last = value;
      }
    }

    long[] sorted(String input) throws DataException {
      if (!Double.isNaN(notInteger)) {
        throw new DataException(
            "input '"
                + input
                + "' is one-hot encoded (@op) but takes the value "
                + notInteger
                + ", which is not an integer; remove @op or round it in the expression");
      }
      return found;
    }
  }

  private Spilled assemble() throws DataException, IOException {
    List<String> classes = p.classNames();
    long[][] counts = new long[3][];
    for (int s = 0; s < 3; s++) {
      counts[s] = splits[s].counts;
    }
    for (int k = 0; k < nClasses; k++) {
      if (counts[Splitter.TRAINING][k] == 0) {
        throw new DataException(
            "class '"
                + classes.get(k)
                + "' has no training events (read "
                + read[k]
                + ", after cut "
                + afterCut[k]
                + ", after weight policy "
                + afterWeights[k]
                + ", kept "
                + kept[k]
                + ")"
                + (afterWeights[k] > kept[k] && !nonFinite.isEmpty()
                    ? "; "
                        + (afterWeights[k] - kept[k])
                        + " of its events were dropped for NaN or infinite values of: "
                        + nonFiniteSummary()
                    : "; check the cut, the sample list's tags and the ratios"));
      }
    }
    // one-hot categories come from the training split only, so evaluation never leaks into them
    Map<String, List<Long>> found = new LinkedHashMap<>();
    List<String> featureNames = new ArrayList<>();
    int[] start = new int[c.inputs().size()];
    for (int i = 0; i < c.inputs().size(); i++) {
      String input = p.inputs().get(i);
      String base = ColumnNames.sanitise(c.inputs().get(i).text());
      start[i] = featureNames.size();
      if (c.oneHot()[i]) {
        long[] values = categories[i].sorted(input);
        found.put(input, Arrays.stream(values).boxed().toList());
        for (long v : values) {
          featureNames.add(base + "_" + (v < 0 ? "m" + (-v) : Long.toString(v)));
        }
      } else {
        featureNames.add(base);
      }
    }
    featureNames = ColumnNames.unique(featureNames);
    int width = featureNames.size();
    double[][] factors = new double[3][];
    for (int s = 0; s < 3; s++) {
      long n = splits[s].events;
      if (n * width > MAX_ARRAY) {
        throw tooLarge("the " + Splitter.NAMES.get(s) + " split has " + n + " events", width);
      }
      factors[s] = equalisation(s, counts[s]);
    }
    List<ClassReport> report = new ArrayList<>();
    for (int k = 0; k < nClasses; k++) {
      report.add(
          new ClassReport(
              classes.get(k),
              read[k],
              afterCut[k],
              afterWeights[k],
              kept[k],
              lwSum[k],
              counts[0][k],
              counts[1][k],
              counts[2][k]));
    }
    double[] means = trainingSums.total();
    for (int j = 0; j < means.length; j++) {
      means[j] /= splits[Splitter.TRAINING].events;
    }
    return new Spilled(featureNames, start, found, factors, means, report);
  }

  /**
   * Reads a split's learning weights back in event order, a block at a time, divided by their
   * file's computed event-weight sum where there is one: {@code block} gets the labels and weights
   * of each block.
   */
  private void learningWeights(int split, LearningBlock block) throws IOException {
    SplitSpill sp = splits[split];
    Spill.Reader labels = sp.labels.reader();
    Spill.Reader learning = sp.learning.reader();
    int[] l = new int[ROWS];
    double[] w = new double[ROWS];
    for (Part part : sp.parts) {
      Double divisor = divisors.get(part.fileIndex());
      for (int lo = 0; lo < part.size(); lo += ROWS) {
        int k = Math.min(ROWS, part.size() - lo);
        labels.ints(l, 0, k);
        learning.doubles(w, 0, k);
        if (divisor != null) {
          for (int j = 0; j < k; j++) {
            w[j] /= divisor;
          }
        }
        block.accept(l, w, k);
      }
    }
  }

  /** A block of {@code count} events' labels and learning weights. */
  private interface LearningBlock {
    void accept(int[] labels, double[] weights, int count) throws IOException;
  }

  /**
   * The factors that scale every class of the split to sum to nEvents / nClasses; the sums run in
   * event order, as over the whole split's array.
   */
  private double[] equalisation(int split, long[] counts) throws DataException, IOException {
    long n = splits[split].events;
    double[] sums = new double[nClasses];
    learningWeights(
        split,
        (labels, weights, count) -> {
          for (int i = 0; i < count; i++) {
            sums[labels[i]] += weights[i];
          }
        });
    double[] factor = new double[nClasses];
    for (int k = 0; k < nClasses; k++) {
      if (counts[k] > 0 && !(sums[k] > 0)) {
        throw new DataException(
            String.format(
                Locale.ROOT,
                "class '%s' has a non-positive sum of learning weights (%g) in the %s split; "
                    + "use negative_weights: drop or abs",
                p.classNames().get(k),
                sums[k],
                Splitter.NAMES.get(split)));
      }
      factor[k] = counts[k] > 0 ? (double) n / nClasses / sums[k] : 0;
    }
    return factor;
  }

  /**
   * The prepared data in the spills, with what describes them: written to a cache file as {@link
   * DataCache.Content}, whose arrays are assembled from the spills a block of events at a time (the
   * one-hot columns, the equalised learning weights, the file indices). Close it to free the
   * spills.
   */
  final class Spilled implements DataCache.Content, AutoCloseable {
    private final List<String> featureNames;
    private final List<String> otherNames;
    private final Map<String, List<Long>> oneHotCategories;
    private final double[][] factors;
    private final double[] means;
    private final List<ClassReport> report;
    private final Map<String, Long> nonFiniteCounts;
    private final List<PreparedFile> preparedFiles;

    /** The feature column of each plain input's value. */
    private final int[] column;

    private final List<OneHotColumns> oneHot = new ArrayList<>();
    private final boolean[] scaled;

    /** The training split's plain columns' sums of squared deviations, once it is written. */
    private double[] squares;

    private Spilled(
        List<String> featureNames,
        int[] start,
        Map<String, List<Long>> oneHotCategories,
        double[][] factors,
        double[] means,
        List<ClassReport> report) {
      this.featureNames = featureNames;
      this.oneHotCategories = oneHotCategories;
      this.factors = factors;
      this.means = means;
      this.report = report;
      otherNames =
          ColumnNames.unique(p.otherVariables().stream().map(ColumnNames::sanitise).toList());
      nonFiniteCounts = new TreeMap<>(nonFinite);
      preparedFiles = List.copyOf(files);
      column = new int[plainInputs.length];
      scaled = new boolean[featureNames.size()];
      for (int f = 0; f < plainInputs.length; f++) {
        column[f] = start[plainInputs[f]];
        scaled[column[f]] = true;
      }
      for (int i = 0; i < start.length; i++) {
        if (c.oneHot()[i]) {
          oneHot.add(new OneHotColumns(i, start[i], oneHotCategories.get(p.inputs().get(i))));
        }
      }
    }

    /** The events read from the files, over every class. */
    long eventsRead() {
      return report.stream().mapToLong(ClassReport::read).sum();
    }

    void printReport(PrintStream out) {
      TrainingData.printReport(
          out, featureNames, p.inputs(), p.classNames(), key, report, nonFiniteCounts);
    }

    @Override
    public String dataHash() {
      return key;
    }

    @Override
    public List<String> featureNames() {
      return featureNames;
    }

    @Override
    public List<String> inputExpressions() {
      return p.inputs();
    }

    @Override
    public List<String> classNames() {
      return p.classNames();
    }

    @Override
    public List<String> otherVariableNames() {
      return otherNames;
    }

    @Override
    public Map<String, List<Long>> oneHotCategories() {
      return oneHotCategories;
    }

    @Override
    public List<PreparedFile> files() {
      return preparedFiles;
    }

    @Override
    public int nEvents(int split) {
      return (int) splits[split].events; // at most MAX_ARRAY: checked by assemble
    }

    @Override
    public int nFeatures() {
      return featureNames.size();
    }

    @Override
    public void write(int split, DataCache.Column column, int other, DataCache.Sink sink)
        throws IOException {
      SplitSpill sp = splits[split];
      switch (column) {
        case FEATURES -> features(split, sink);
        case LABELS -> sp.labels.copyTo(sink);
        case WEIGHTS -> {
          double[] factor = factors[split];
          float[] block = new float[ROWS];
          learningWeights(
              split,
              (labels, weights, count) -> {
                for (int i = 0; i < count; i++) {
                  block[i] = (float) (weights[i] * factor[labels[i]]);
                }
                sink.floats(block, 0, count);
              });
        }
        case FILE -> {
          int[] block = new int[ROWS];
          for (Part part : sp.parts) {
            Arrays.fill(block, part.fileIndex());
            for (int lo = 0; lo < part.size(); lo += ROWS) {
              sink.ints(block, 0, Math.min(ROWS, part.size() - lo));
            }
          }
        }
        case ENTRY -> sp.entries.copyTo(sink);
        case EVENT_WEIGHT -> sp.eventWeights.copyTo(sink);
        case OTHER -> sp.others[other].copyTo(sink);
      }
    }

    /**
     * The split's row-major features: each plain input's value, and a 1 in the column of each
     * one-hot input's category. The training split's plain columns' squared deviations from their
     * means are summed on the way: the scaler's second pass.
     */
    private void features(int split, DataCache.Sink sink) throws IOException {
      SplitSpill sp = splits[split];
      int nPlain = plainInputs.length;
      int width = featureNames.size();
      Scaler.Sums deviations = split == Splitter.TRAINING ? new Scaler.Sums(nPlain, means) : null;
      Spill.Reader plainReader = sp.features.reader();
      Spill.Reader[] oneHotReaders = new Spill.Reader[oneHot.size()];
      for (int h = 0; h < oneHotReaders.length; h++) {
        oneHotReaders[h] = sp.oneHot[oneHot.get(h).input()].reader();
      }
      float[] plain = new float[ROWS * nPlain];
      float[] x = nPlain == width ? plain : new float[ROWS * width];
      double[] values = new double[ROWS];
      for (long done = 0; done < sp.events; done += ROWS) {
        int k = (int) Math.min(ROWS, sp.events - done);
        plainReader.floats(plain, 0, k * nPlain);
        if (deviations != null) {
          deviations.add(plain, k);
        }
        if (x != plain) {
          Arrays.fill(x, 0, k * width, 0f);
          for (int r = 0; r < k; r++) {
            for (int f = 0; f < nPlain; f++) {
              x[r * width + column[f]] = plain[r * nPlain + f];
            }
          }
          for (int h = 0; h < oneHotReaders.length; h++) {
            OneHotColumns cols = oneHot.get(h);
            oneHotReaders[h].doubles(values, 0, k);
            for (int r = 0; r < k; r++) {
              int pos = cols.position(values[r]);
              if (pos >= 0) {
                x[r * width + cols.start() + pos] = 1f;
              }
            }
          }
        }
        sink.floats(x, 0, k * width);
      }
      if (deviations != null) {
        squares = deviations.total();
      }
    }

    /**
     * Fitted on the training split (unweighted), as {@link Scaler#fit} does, to the bit: known once
     * the training split's features are written.
     */
    @Override
    public Scaler scaler() {
      if (squares == null) {
        throw new IllegalStateException("the scaler is finished by writing the training features");
      }
      double[] mean = new double[scaled.length];
      double[] sq = new double[scaled.length];
      for (int f = 0; f < column.length; f++) {
        mean[column[f]] = means[f];
        sq[column[f]] = squares[f];
      }
      return Scaler.fitted(splits[Splitter.TRAINING].events, mean, sq, scaled);
    }

    @Override
    public List<ClassReport> report() {
      return report;
    }

    @Override
    public Map<String, Long> nonFinite() {
      return nonFiniteCounts;
    }

    @Override
    public void close() {
      closeSpills();
    }
  }

  private DataException tooLarge(String what, int width) {
    return new DataException(
        what
            + " x "
            + width
            + " features, more than one Java array holds ("
            + MAX_ARRAY
            + " values); lower the training ratio, tighten the cut or use fewer inputs");
  }

  /** The index of the largest target; NaN never wins (such events are dropped later anyway). */
  private static int argmax(Values[] tg, int e) {
    int best = 0;
    for (int i = 1; i < tg.length; i++) {
      double bestValue = tg[best].asDouble(e);
      if (tg[i].asDouble(e) > bestValue || Double.isNaN(bestValue)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Where a one-hot input's categories go: columns {@code start + position}. Small integer ranges
   * use a lookup table, others a binary search.
   */
  private record OneHotColumns(int input, int start, long[] sorted, long min, int[] table) {
    OneHotColumns(int input, int start, List<Long> categories) {
      this(input, start, categories.stream().mapToLong(Long::longValue).toArray());
    }

    private OneHotColumns(int input, int start, long[] sorted) {
      this(input, start, sorted, sorted.length == 0 ? 0 : sorted[0], table(sorted));
    }

    private static int[] table(long[] sorted) {
      if (sorted.length == 0 || sorted[sorted.length - 1] - sorted[0] >= 4096) {
        return null;
      }
      int[] t = new int[(int) (sorted[sorted.length - 1] - sorted[0]) + 1];
      Arrays.fill(t, -1);
      for (int i = 0; i < sorted.length; i++) {
        t[(int) (sorted[i] - sorted[0])] = i;
      }
      return t;
    }

    /** The category's position, or -1 for a value the training split never had. */
    int position(double v) {
      if (v != Math.rint(v)) {
        return -1;
      }
      long value = (long) v;
      if (table != null) {
        long i = value - min;
        return i >= 0 && i < table.length ? table[(int) i] : -1;
      }
      int pos = Arrays.binarySearch(sorted, value);
      return pos >= 0 ? pos : -1;
    }
  }
}
