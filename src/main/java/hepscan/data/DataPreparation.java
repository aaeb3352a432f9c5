package hepscan.data;

import hepscan.config.ConfigError;
import hepscan.config.ConfigException;
import hepscan.config.NegativeWeights;
import hepscan.config.Parameters;
import hepscan.config.Sample;
import hepscan.config.SampleFile;
import hepscan.data.expr.Expression;
import hepscan.data.expr.ExpressionException;
import hepscan.data.expr.VariableRef;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
    Compiled c = Compiled.of(p);
    String key = DataCache.key(p);
    Path cacheFile = DataCache.file(baseDir, p.suffix(), key);
    if (p.cache()) {
      PreparedData cached = DataCache.read(cacheFile, key, log);
      if (cached != null) {
        log.println("data: from cache " + cacheFile);
        cached.printReport(log);
        return cached;
      }
    }
    PreparedData data = new Builder(p, c, key, log).build(source);
    data.printReport(log);
    if (p.cache()) {
      DataCache.write(cacheFile, data, log);
    }
    return data;
  }

  /** The parameters' expressions, parsed once. */
  record Compiled(
      Expression cut,
      Expression weight,
      List<Expression> inputs,
      boolean[] oneHot,
      List<Expression> targets,
      List<Expression> others,
      Set<VariableRef> variables) {

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
      if (!errors.isEmpty()) {
        throw new ConfigException(errors);
      }
      Set<VariableRef> vars = new LinkedHashSet<>();
      List<Expression> all = new ArrayList<>();
      if (cut != null) {
        all.add(cut);
      }
      all.add(weight);
      all.addAll(inputs);
      all.addAll(targets);
      all.addAll(others);
      all.forEach(e -> vars.addAll(e.variables()));
      return new Compiled(cut, weight, inputs, oneHot, targets, others, vars);
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

  /** Growable columns of one split. */
  private static final class SplitBuffer {
    final DoubleBuf[] inputs;
    final IntBuf label = new IntBuf();
    final DoubleBuf lw = new DoubleBuf();
    final IntBuf file = new IntBuf();
    final LongBuf entry = new LongBuf();
    final DoubleBuf eventWeight = new DoubleBuf();
    final DoubleBuf[] others;

    SplitBuffer(int nInputs, int nOthers) {
      inputs = new DoubleBuf[nInputs];
      Arrays.setAll(inputs, i -> new DoubleBuf());
      others = new DoubleBuf[nOthers];
      Arrays.setAll(others, i -> new DoubleBuf());
    }
  }

  private static final class Builder {
    final Parameters p;
    final Compiled c;
    final String key;
    final PrintStream log;
    final int nClasses;
    final long[] read;
    final long[] afterCut;
    final long[] afterWeights;
    final long[] kept;
    final double[] lwSum;
    final Map<String, Long> nonFinite = new LinkedHashMap<>();
    final SplitBuffer[] splits = new SplitBuffer[3];
    final List<PreparedFile> files = new ArrayList<>();
    String firstNonFinite;

    Builder(Parameters p, Compiled c, String key, PrintStream log) {
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
      for (int s = 0; s < 3; s++) {
        splits[s] = new SplitBuffer(c.inputs().size(), c.others().size());
      }
    }

    PreparedData build(EventSource source) throws DataException {
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
          FileColumns cols = source.read(f.path(), sample.tree(), c.variables());
          readFile(
              cols,
              fileIndex,
              fixedClass,
              f.normalisation(sample.signal()),
              Splitter.fileKey(f.path().getFileName().toString()),
              splitter,
              f.path());
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

    private void readFile(
        FileColumns cols,
        int fileIndex,
        int fixedClass,
        double norm,
        long fileKey,
        Splitter splitter,
        Path path) {
      int n = cols.entries();
      var lookup = (hepscan.data.expr.ColumnLookup) ref -> cols.columns().get(ref);
      double[] cut = c.cut() == null ? null : c.cut().evaluate(lookup, n);
      double[] w = c.weight().evaluate(lookup, n);
      double[][] in = new double[c.inputs().size()][];
      // columns are independent: evaluate (and below, gather) them on every core
      java.util.stream.IntStream.range(0, in.length)
          .parallel()
          .forEach(i -> in[i] = c.inputs().get(i).evaluate(lookup, n));
      double[][] tg = new double[c.targets().size()][];
      for (int i = 0; i < tg.length; i++) {
        tg[i] = c.targets().get(i).evaluate(lookup, n);
      }
      double[][] ot = new double[c.others().size()][];
      for (int i = 0; i < ot.length; i++) {
        ot[i] = c.others().get(i).evaluate(lookup, n);
      }
      // column-wise passes (tight loops the JIT vectorises) rather than one loop over events
      // that touches every column: mask, then non-finite checks, then a gather per split
      NegativeWeights policy = p.negativeWeights();
      int[] cls = new int[n];
      boolean[] pass = new boolean[n];
      for (int e = 0; e < n; e++) {
        int k = fixedClass >= 0 ? fixedClass : argmax(tg, e);
        cls[e] = k;
        read[k]++;
        if (cut != null && (cut[e] == 0 || Double.isNaN(cut[e]))) {
          continue;
        }
        afterCut[k]++;
        if (policy == NegativeWeights.DROP && w[e] <= 0) {
          continue;
        }
        afterWeights[k]++;
        pass[e] = true;
      }
      boolean[] bad = new boolean[n];
      checkFinite("weight", w, pass, bad, path);
      for (int i = 0; i < in.length; i++) {
        checkFinite(p.inputs().get(i), in[i], pass, bad, path);
      }
      for (int i = 0; i < tg.length; i++) {
        checkFinite(p.outputs().get(i), tg[i], pass, bad, path);
      }
      int[][] index = new int[3][n];
      int[] count = new int[3];
      double[] lw = new double[n];
      for (int e = 0; e < n; e++) {
        if (!pass[e] || bad[e]) {
          continue;
        }
        kept[cls[e]]++;
        lw[e] = (policy == NegativeWeights.ABS ? Math.abs(w[e]) : w[e]) * norm;
        lwSum[cls[e]] += lw[e];
        int s = splitter.split(fileKey, e);
        index[s][count[s]++] = e;
      }
      for (int s = 0; s < 3; s++) {
        int[] idx = index[s];
        int m = count[s];
        SplitBuffer b = splits[s];
        java.util.stream.IntStream.range(0, in.length)
            .parallel()
            .forEach(i -> b.inputs[i].gather(in[i], idx, m));
        for (int i = 0; i < ot.length; i++) {
          b.others[i].gather(ot[i], idx, m);
        }
        b.lw.gather(lw, idx, m);
        b.eventWeight.gather(w, idx, m);
        for (int j = 0; j < m; j++) {
          b.label.add(cls[idx[j]]);
          b.file.add(fileIndex);
          b.entry.add(idx[j]);
        }
      }
    }

    private void checkFinite(
        String variable, double[] v, boolean[] pass, boolean[] bad, Path path) {
      for (int e = 0; e < v.length && e < pass.length; e++) {
        if (pass[e] && !Double.isFinite(v[e])) {
          bad[e] = true;
          nonFinite.merge(variable, 1L, Long::sum);
          if (firstNonFinite == null) {
            firstNonFinite = path + " entry " + e + " ('" + variable + "' = " + v[e] + ")";
          }
        }
      }
    }

    /** The index of the largest target; NaN never wins (such events are dropped later anyway). */
    private static int argmax(double[][] tg, int e) {
      int best = 0;
      for (int i = 1; i < tg.length; i++) {
        if (tg[i][e] > tg[best][e] || Double.isNaN(tg[best][e])) {
          best = i;
        }
      }
      return best;
    }

    private PreparedData assemble() throws DataException {
      List<String> classes = p.classNames();
      SplitBuffer train = splits[Splitter.TRAINING];
      long[] perClassTraining = counts(train);
      for (int k = 0; k < nClasses; k++) {
        if (perClassTraining[k] == 0) {
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
                  + "); check the cut, the sample list's tags and the ratios");
        }
      }
      // one-hot categories come from the training split only, so evaluation never leaks into them
      Map<String, List<Long>> categories = new LinkedHashMap<>();
      List<String> featureNames = new ArrayList<>();
      List<Boolean> scaled = new ArrayList<>();
      for (int i = 0; i < c.inputs().size(); i++) {
        String input = p.inputs().get(i);
        String base = ColumnNames.sanitise(c.inputs().get(i).text());
        if (c.oneHot()[i]) {
          TreeSet<Long> values = new TreeSet<>();
          double[] col = train.inputs[i].toArray();
          for (double v : col) {
            if (v != Math.rint(v) || Math.abs(v) > 1e15) {
              throw new DataException(
                  "input '"
                      + input
                      + "' is one-hot encoded (@op) but takes the value "
                      + v
                      + ", which is not an integer; remove @op or round it in the expression");
            }
            values.add((long) v);
          }
          categories.put(input, List.copyOf(values));
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
      long[][] counts = new long[3][];
      for (int s = 0; s < 3; s++) {
        SplitBuffer b = splits[s];
        counts[s] = counts(b);
        arrays[s] =
            new SplitArrays(
                b.label.size,
                featureNames.size(),
                features(b, categories),
                b.label.toArray(),
                equalised(b, s, counts[s]));
        double[][] others = new double[b.others.length][];
        for (int i = 0; i < others.length; i++) {
          others[i] = b.others[i].toArray();
        }
        infos[s] =
            new EventInfo(b.file.toArray(), b.entry.toArray(), b.eventWeight.toArray(), others);
      }
      boolean[] scaledFlags = new boolean[scaled.size()];
      for (int j = 0; j < scaledFlags.length; j++) {
        scaledFlags[j] = scaled.get(j);
      }
      Scaler scaler = Scaler.fit(arrays[0], scaledFlags);
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

    private long[] counts(SplitBuffer b) {
      long[] out = new long[nClasses];
      for (int i = 0; i < b.label.size; i++) {
        out[b.label.data[i]]++;
      }
      return out;
    }

    /** Row-major float features: raw values, or the one-hot columns of each {@code @op} input. */
    private float[] features(SplitBuffer b, Map<String, List<Long>> categories) {
      int n = b.label.size;
      int width = 0;
      int[] start = new int[c.inputs().size()];
      for (int i = 0; i < start.length; i++) {
        start[i] = width;
        width += c.oneHot()[i] ? categories.get(p.inputs().get(i)).size() : 1;
      }
      float[] x = new float[n * width];
      // plain columns event by event: sequential writes to the row-major matrix, a few
      // sequential read streams (column by column would stride through all of x per input)
      int[] plain =
          java.util.stream.IntStream.range(0, start.length).filter(i -> !c.oneHot()[i]).toArray();
      double[][] cols = new double[plain.length][];
      int[] at = new int[plain.length];
      for (int k = 0; k < plain.length; k++) {
        cols[k] = b.inputs[plain[k]].data;
        at[k] = start[plain[k]];
      }
      for (int e = 0, row = 0; e < n; e++, row += width) {
        for (int k = 0; k < cols.length; k++) {
          x[row + at[k]] = (float) cols[k][e];
        }
      }
      for (int i = 0; i < start.length; i++) {
        if (c.oneHot()[i]) {
          double[] col = b.inputs[i].data;
          long[] sorted =
              categories.get(p.inputs().get(i)).stream().mapToLong(Long::longValue).toArray();
          for (int e = 0; e < n; e++) {
            double v = col[e];
            int pos = v == Math.rint(v) ? Arrays.binarySearch(sorted, (long) v) : -1;
            if (pos >= 0) {
              x[e * width + start[i] + pos] = 1f;
            }
          }
        }
      }
      return x;
    }

    /** Learning weights scaled so that every class of the split sums to nEvents / nClasses. */
    private float[] equalised(SplitBuffer b, int split, long[] counts) throws DataException {
      int n = b.label.size;
      double[] sums = new double[nClasses];
      for (int i = 0; i < n; i++) {
        sums[b.label.data[i]] += b.lw.data[i];
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
                  List.of("training", "evaluation", "output").get(split)));
        }
        factor[k] = counts[k] > 0 ? (double) n / nClasses / sums[k] : 0;
      }
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) (b.lw.data[i] * factor[b.label.data[i]]);
      }
      return out;
    }
  }

  private static final class DoubleBuf {
    double[] data = new double[1024];
    int size;

    void add(double v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(data, size);
    }

    /** Appends {@code values[idx[0..m)]}. */
    void gather(double[] values, int[] idx, int m) {
      if (size + m > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, size + m));
      }
      for (int j = 0; j < m; j++) {
        data[size + j] = values[idx[j]];
      }
      size += m;
    }
  }

  private static final class IntBuf {
    int[] data = new int[1024];
    int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  private static final class LongBuf {
    long[] data = new long[1024];
    int size;

    void add(long v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
