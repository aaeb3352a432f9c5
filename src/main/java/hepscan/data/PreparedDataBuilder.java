package hepscan.data;

import hepscan.config.NegativeWeights;
import hepscan.config.Parameters;
import hepscan.config.Sample;
import hepscan.config.SampleFile;
import hepscan.data.expr.Expression;
import hepscan.data.expr.VariableRef;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * One run of {@link DataPreparation#prepare}: reads every file of every sample, filters, weighs and
 * splits its events into per-file {@link Chunk}s (so that only one file's columns are in memory at
 * a time), then assembles the splits' arrays, the one-hot categories, the equalised learning
 * weights and the scaler. Used once.
 */
final class PreparedDataBuilder {
  /**
   * The events of one file that went to one split, in entry order: what the split's arrays are
   * assembled from once every file is read.
   */
  private record Chunk(
      int fileIndex,
      int size,
      float[] plainFeatures,
      double[][] oneHotValues,
      int[] labels,
      double[] learningWeights,
      double[] eventWeights,
      long[] entries,
      double[][] others) {}

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

  private final Parameters p;
  private final DataPreparation.Compiled c;
  private final String key;
  private final PrintStream log;
  private final int nClasses;
  private final long[] read;
  private final long[] afterCut;
  private final long[] afterWeights;
  private final long[] kept;
  private final double[] lwSum;
  private final Map<String, Long> nonFinite = new LinkedHashMap<>();
  private final List<List<Chunk>> chunks =
      List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
  private final List<PreparedFile> files = new ArrayList<>();

  /** The inputs without {@code @op}, in input order: the columns of a chunk's plain features. */
  private final int[] plainInputs;

  private String firstNonFinite;

  PreparedDataBuilder(Parameters p, DataPreparation.Compiled c, String key, PrintStream log) {
    this.p = p;
    this.c = c;
    this.key = key;
    this.log = log;
    nClasses = p.classNames().size();
    read = new long[nClasses];
    afterCut = new long[nClasses];
    afterWeights = new long[nClasses];
    kept = new long[nClasses];
    lwSum = new double[nClasses];
    plainInputs = IntStream.range(0, c.inputs().size()).filter(i -> !c.oneHot()[i]).toArray();
  }

  PreparedData build(EventSource source) throws DataException {
    checkBeforeReading(source);
    Splitter splitter = new Splitter(p.seed(), p.ratios());
    List<String> classes = p.classNames();
    for (Sample sample : p.samples().samples()) {
      int fixedClass = -1;
      if (p.classesFromTags()) {
        fixedClass = classes.indexOf(sample.tag());
        if (fixedClass < 0) {
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
        FileColumns cols = source.read(f.path(), sample.tree(), se.variables());
        double allWeights =
            readFile(
                cols,
                se,
                fileIndex,
                fixedClass,
                f.normalisation(sample.signal()),
                Splitter.fileKey(f.path().getFileName().toString()),
                splitter,
                f.path());
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
   * Filters, weighs and splits the events of one file into one {@link Chunk} per split. The work is
   * column-wise passes (tight loops the JIT vectorises), each spread over the cores: evaluate every
   * expression, mask, check finiteness, then gather each split's rows.
   */
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
    for (List<Chunk> split : chunks) {
      for (Chunk ch : split) {
        if (fileIndices.contains(ch.fileIndex())) {
          double[] lw = ch.learningWeights();
          for (int i = 0; i < ch.size(); i++) {
            lw[i] /= sum;
          }
        }
      }
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

  /** Reads one file into chunks; returns the sum of its event weights over all its events. */
  private double readFile(
      FileColumns cols,
      DataPreparation.Compiled.SampleExpressions se,
      int fileIndex,
      int fixedClass,
      double norm,
      long fileKey,
      Splitter splitter,
      Path path)
      throws DataException {
    int n = cols.entries();
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
    int[] cls = new int[n];
    boolean[] pass = new boolean[n];
    for (int e = 0; e < n; e++) {
      int k = fixedClass >= 0 ? fixedClass : argmax(tg, e);
      cls[e] = k;
      read[k]++;
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
    boolean[] bad = checkFinite(weight, in, tg, pass, path);

    byte[] split = new byte[n];
    IntStream.range(0, (n + BLOCK - 1) / BLOCK) // hashing is most of this loop's time
        .parallel()
        .forEach(
            b -> {
              for (int e = b * BLOCK; e < Math.min(n, (b + 1) * BLOCK); e++) {
                split[e] = splitter.split(fileKey, e);
              }
            });
    int[][] index = new int[3][n];
    int[] count = new int[3];
    double[] lw = new double[n];
    for (int e = 0; e < n; e++) {
      if (!pass[e] || bad[e]) {
        continue;
      }
      kept[cls[e]]++;
      double w = weight.asDouble(e);
      lw[e] = (policy == NegativeWeights.ABS ? Math.abs(w) : w) * norm;
      lwSum[cls[e]] += lw[e];
      int s = split[e];
      index[s][count[s]++] = e;
    }
    for (int s = 0; s < 3; s++) {
      chunks.get(s).add(chunk(fileIndex, index[s], count[s], in, cls, lw, weight, ot, path));
    }
    double all = 0;
    for (int e = 0; e < n; e++) {
      double w = weight.asDouble(e);
      if (Double.isFinite(w)) {
        all += w;
      }
    }
    return all;
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
   * Marks the passing events with a non-finite weight, input or target, and counts them per
   * variable. Inputs are checked as the floats the network gets, so a double beyond the float range
   * counts as non-finite too.
   */
  private boolean[] checkFinite(
      Values weight, Values[] in, Values[] tg, boolean[] pass, Path path) {
    List<String> names = new ArrayList<>();
    List<Values> columns = new ArrayList<>();
    names.add("weight");
    columns.add(weight);
    for (int i = 0; i < in.length; i++) {
      names.add(p.inputs().get(i));
      columns.add(in[i]);
    }
    for (int i = 0; i < tg.length; i++) {
      names.add(p.outputs().get(i));
      columns.add(tg[i]);
    }
    int n = pass.length;
    int[] firstBad = new int[columns.size()];
    IntStream.range(0, firstBad.length)
        .parallel()
        .forEach(
            j -> firstBad[j] = firstNonFiniteEntry(columns.get(j), 1 <= j && j <= in.length, pass));
    boolean[] bad = new boolean[n];
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
      nonFinite.merge(names.get(j), count, Long::sum);
      if (firstNonFinite == null) {
        double value = col.asDouble(firstBad[j]);
        firstNonFinite =
            path
                + " entry "
                + firstBad[j]
                + " ('"
                + names.get(j)
                + "' = "
                + value
                + (Double.isFinite(value) ? ", beyond the float range of the inputs" : "")
                + ")";
      }
    }
    return bad;
  }

  private static int firstNonFiniteEntry(Values col, boolean asFloat, boolean[] pass) {
    for (int e = 0; e < pass.length; e++) {
      if (pass[e] && !finite(col, asFloat, e)) {
        return e;
      }
    }
    return -1;
  }

  private static boolean finite(Values col, boolean asFloat, int e) {
    return asFloat ? Float.isFinite(col.asFloat(e)) : Double.isFinite(col.asDouble(e));
  }

  /** The events {@code idx[0..m)} of a file, gathered for one split. */
  private Chunk chunk(
      int fileIndex,
      int[] idx,
      int m,
      Values[] in,
      int[] cls,
      double[] lw,
      Values weight,
      Values[] ot,
      Path path)
      throws DataException {
    int width = plainInputs.length;
    if ((long) m * width > MAX_ARRAY) {
      throw tooLarge(path + " alone gives " + m + " events", width);
    }
    float[] plain = new float[m * width];
    // row blocks on every core: each block writes its own rows of the row-major matrix
    IntStream.range(0, (m + BLOCK - 1) / BLOCK)
        .parallel()
        .forEach(
            b -> {
              int lo = b * BLOCK;
              int hi = Math.min(m, lo + BLOCK);
              for (int k = 0; k < width; k++) {
                Values col = in[plainInputs[k]];
                if (col.floats() != null) {
                  float[] f = col.floats();
                  for (int j = lo, o = lo * width + k; j < hi; j++, o += width) {
                    plain[o] = f[idx[j]];
                  }
                } else {
                  double[] d = col.doubles();
                  for (int j = lo, o = lo * width + k; j < hi; j++, o += width) {
                    plain[o] = (float) d[idx[j]];
                  }
                }
              }
            });
    double[][] oneHot = new double[in.length][];
    for (int i = 0; i < in.length; i++) {
      if (c.oneHot()[i]) {
        oneHot[i] = gather(in[i], idx, m);
      }
    }
    int[] labels = new int[m];
    double[] learning = new double[m];
    long[] entries = new long[m];
    for (int j = 0; j < m; j++) {
      labels[j] = cls[idx[j]];
      learning[j] = lw[idx[j]];
      entries[j] = idx[j];
    }
    double[][] others = new double[ot.length][];
    for (int i = 0; i < ot.length; i++) {
      others[i] = gather(ot[i], idx, m);
    }
    return new Chunk(
        fileIndex, m, plain, oneHot, labels, learning, gather(weight, idx, m), entries, others);
  }

  private static double[] gather(Values col, int[] idx, int m) {
    double[] out = new double[m];
    for (int j = 0; j < m; j++) {
      out[j] = col.asDouble(idx[j]);
    }
    return out;
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

  private PreparedData assemble() throws DataException {
    List<String> classes = p.classNames();
    long[][] counts = new long[3][];
    for (int s = 0; s < 3; s++) {
      counts[s] = new long[nClasses];
      for (Chunk ch : chunks.get(s)) {
        for (int label : ch.labels()) {
          counts[s][label]++;
        }
      }
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
    Map<String, List<Long>> categories = new LinkedHashMap<>();
    List<String> featureNames = new ArrayList<>();
    List<Boolean> scaled = new ArrayList<>();
    int[] start = new int[c.inputs().size()];
    for (int i = 0; i < c.inputs().size(); i++) {
      String input = p.inputs().get(i);
      String base = ColumnNames.sanitise(c.inputs().get(i).text());
      start[i] = featureNames.size();
      if (c.oneHot()[i]) {
        long[] values = categoriesOf(chunks.get(Splitter.TRAINING), i, input);
        categories.put(input, Arrays.stream(values).boxed().toList());
        for (long v : values) {
          featureNames.add(base + "_" + (v < 0 ? "m" + (-v) : Long.toString(v)));
          scaled.add(false);
        }
      } else {
        featureNames.add(base);
        scaled.add(true);
      }
    }
    featureNames = ColumnNames.unique(featureNames);
    List<String> otherNames =
        ColumnNames.unique(p.otherVariables().stream().map(ColumnNames::sanitise).toList());

    SplitArrays[] arrays = new SplitArrays[3];
    EventInfo[] infos = new EventInfo[3];
    for (int s = 0; s < 3; s++) {
      List<Chunk> parts = chunks.get(s);
      int[] firstRow = new int[parts.size() + 1];
      for (int i = 0; i < parts.size(); i++) {
        firstRow[i + 1] = firstRow[i] + parts.get(i).size();
      }
      int n = firstRow[parts.size()];
      int[] labels = new int[n];
      double[] learning = new double[n];
      int[] fileOf = new int[n];
      long[] entries = new long[n];
      double[] eventWeights = new double[n];
      double[][] others = new double[c.others().size()][n];
      // the per-event arrays are independent copies: one task each, on every core
      List<Runnable> copies = new ArrayList<>();
      copies.add(() -> concat(parts, firstRow, Chunk::labels, labels));
      copies.add(() -> concat(parts, firstRow, Chunk::learningWeights, learning));
      copies.add(() -> concat(parts, firstRow, Chunk::entries, entries));
      copies.add(() -> concat(parts, firstRow, Chunk::eventWeights, eventWeights));
      copies.add(
          () -> {
            for (int i = 0; i < parts.size(); i++) {
              Arrays.fill(fileOf, firstRow[i], firstRow[i + 1], parts.get(i).fileIndex());
            }
          });
      for (int i = 0; i < others.length; i++) {
        int other = i;
        copies.add(() -> concat(parts, firstRow, ch -> ch.others()[other], others[other]));
      }
      copies.parallelStream().forEach(Runnable::run);
      arrays[s] =
          new SplitArrays(
              n,
              featureNames.size(),
              features(parts, firstRow, featureNames.size(), start, categories, s),
              labels,
              equalised(labels, learning, s, counts[s]));
      infos[s] = new EventInfo(fileOf, entries, eventWeights, others);
      parts.clear(); // copied: free them before the next split is assembled
    }
    boolean[] scaledFlags = new boolean[scaled.size()];
    for (int j = 0; j < scaledFlags.length; j++) {
      scaledFlags[j] = scaled.get(j);
    }
    Scaler scaler = Scaler.fit(arrays[Splitter.TRAINING], scaledFlags);
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
    return new PreparedData(
        featureNames,
        p.inputs(),
        categories,
        classes,
        otherNames,
        files,
        arrays[0],
        arrays[1],
        arrays[2],
        infos[0],
        infos[1],
        infos[2],
        scaler,
        key,
        report,
        nonFinite);
  }

  /** The sorted distinct values of one-hot input {@code i} over the training chunks. */
  private static long[] categoriesOf(List<Chunk> training, int i, String input)
      throws DataException {
    long[] found = new long[0];
    long last = 0;
    for (Chunk ch : training) {
      for (double v : ch.oneHotValues()[i]) {
        if (v != Math.rint(v) || Math.abs(v) > 1e15) {
          throw new DataException(
              "input '"
                  + input
                  + "' is one-hot encoded (@op) but takes the value "
                  + v
                  + ", which is not an integer; remove @op or round it in the expression");
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
    return found;
  }

  /** Copies each chunk's array (int[], long[] or double[]) to its rows of {@code dst}. */
  private static void concat(
      List<Chunk> parts, int[] firstRow, Function<Chunk, Object> array, Object dst) {
    for (int i = 0; i < parts.size(); i++) {
      System.arraycopy(array.apply(parts.get(i)), 0, dst, firstRow[i], parts.get(i).size());
    }
  }

  /**
   * The split's row-major float features: each input's value, or its one-hot columns ({@code
   * start[i]} is input i's first column). Without {@code @op} inputs the chunks' matrices already
   * have the final layout and are concatenated (or used as it is when there is one chunk); with
   * them, blocks of rows are filled on every core.
   */
  private float[] features(
      List<Chunk> parts,
      int[] firstRow,
      int width,
      int[] start,
      Map<String, List<Long>> categories,
      int split)
      throws DataException {
    int n = firstRow[parts.size()];
    if ((long) n * width > MAX_ARRAY) {
      throw tooLarge("the " + Splitter.NAMES.get(split) + " split has " + n + " events", width);
    }
    int nPlain = plainInputs.length;
    if (nPlain == width) {
      if (parts.size() == 1) {
        return parts.get(0).plainFeatures();
      }
      float[] x = new float[n * width];
      IntStream.range(0, parts.size())
          .parallel()
          .forEach(
              i -> {
                float[] plain = parts.get(i).plainFeatures();
                System.arraycopy(plain, 0, x, firstRow[i] * width, plain.length);
              });
      return x;
    }
    float[] x = new float[n * width];
    int[] column = new int[nPlain];
    for (int k = 0; k < nPlain; k++) {
      column[k] = start[plainInputs[k]];
    }
    List<OneHotColumns> oneHot = new ArrayList<>();
    for (int i = 0; i < start.length; i++) {
      if (c.oneHot()[i]) {
        oneHot.add(new OneHotColumns(i, start[i], categories.get(p.inputs().get(i))));
      }
    }
    IntStream.range(0, (n + BLOCK - 1) / BLOCK)
        .parallel()
        .forEach(
            b -> {
              int row = b * BLOCK;
              int end = Math.min(n, row + BLOCK);
              int part = Arrays.binarySearch(firstRow, row);
              part = part >= 0 ? part : -part - 2;
              while (row < end) {
                while (firstRow[part + 1] <= row) {
                  part++; // skip empty chunks
                }
                Chunk ch = parts.get(part);
                int r = row - firstRow[part];
                int stop = Math.min(end, firstRow[part + 1]);
                float[] plain = ch.plainFeatures();
                for (; row < stop; row++, r++) {
                  int o = row * width;
                  for (int k = 0; k < nPlain; k++) {
                    x[o + column[k]] = plain[r * nPlain + k];
                  }
                  for (OneHotColumns h : oneHot) {
                    int pos = h.position(ch.oneHotValues()[h.input()][r]);
                    if (pos >= 0) {
                      x[o + h.start() + pos] = 1f;
                    }
                  }
                }
              }
            });
    return x;
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

  /** Learning weights scaled so that every class of the split sums to nEvents / nClasses. */
  private float[] equalised(int[] labels, double[] learning, int split, long[] counts)
      throws DataException {
    int n = labels.length;
    double[] sums = new double[nClasses];
    for (int i = 0; i < n; i++) {
      sums[labels[i]] += learning[i];
    }
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
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (learning[i] * factor[labels[i]]);
    }
    return out;
  }
}
