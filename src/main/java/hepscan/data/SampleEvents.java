package hepscan.data;

import hepscan.config.ConfigException;
import hepscan.config.Parameters;
import hepscan.config.Sample;
import hepscan.config.SampleFile;
import hepscan.data.expr.Expression;
import hepscan.data.expr.VariableRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every event of one sample as a trained model's inputs, file by file: no cut, no split, no weight
 * policy ({@code --model M --output KEY}). The inputs are laid out as the data preparation lays
 * them out for training, one-hot inputs expanded with the model's own categories (a value it never
 * saw gives zeros). An input that is NaN or infinite stays so: its event's scores are NaN.
 */
public final class SampleEvents {
  private SampleEvents() {}

  /**
   * The events of a range of one file's entries.
   *
   * @param firstEntry the file's entry number of the first event
   * @param features row-major {@code entries x featureNames}, unscaled
   * @param eventWeight the sample's weight expression (global and its own) per event
   * @param others the {@code other_variables} per event
   */
  public record FileEvents(
      SampleFile file,
      long firstEntry,
      int entries,
      float[] features,
      double[] eventWeight,
      double[][] others) {}

  /**
   * Reads the files of {@code sampleKey} one at a time, a range of entries at a time ({@link
   * EventSource#ranges}), handing each range to {@code consumer} in entry order.
   */
  public static void read(
      Parameters p,
      String sampleKey,
      Map<String, List<Long>> oneHotCategories,
      List<String> featureNames,
      EventSource source,
      FileConsumer consumer)
      throws ConfigException, DataException, java.io.IOException {
    DataPreparation.Compiled c = DataPreparation.Compiled.of(p);
    Sample sample =
        p.samples().samples().stream()
            .filter(s -> s.key().equals(sampleKey))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no sample '" + sampleKey + "'"));
    Expression weight = c.forSample(sampleKey).weight();
    int[] start = new int[c.inputs().size()];
    int width = 0;
    for (int i = 0; i < start.length; i++) {
      start[i] = width;
      width +=
          c.oneHot()[i] ? oneHotCategories.getOrDefault(p.inputs().get(i), List.of()).size() : 1;
    }
    if (width != featureNames.size()) {
      throw new DataException(
          "the inputs give "
              + width
              + " network inputs with the model's one-hot categories, but the model has "
              + featureNames.size()
              + " ("
              + featureNames
              + ")",
          true);
    }
    Set<VariableRef> variables = new LinkedHashSet<>(weight.variables());
    c.inputs().forEach(e -> variables.addAll(e.variables()));
    c.others().forEach(e -> variables.addAll(e.variables()));
    List<String> problems = new ArrayList<>();
    for (SampleFile f : sample.files()) {
      problems.addAll(source.problems(f.path(), sample.tree(), variables));
    }
    if (!problems.isEmpty()) {
      throw new DataException(
          "the files of sample '"
              + sampleKey
              + "' do not hold what the model's inputs use (nothing was read):\n  "
              + String.join("\n  ", problems),
          true);
    }
    for (SampleFile f : sample.files()) {
      try (EventSource.Ranges ranges = source.ranges(f.path(), sample.tree(), variables)) {
        long first = 0;
        for (FileColumns cols = ranges.next(); cols != null; cols = ranges.next()) {
          consumer.accept(events(c, p, oneHotCategories, start, width, weight, f, first, cols));
          first += cols.entries();
        }
      }
    }
  }

  /** The events of one range of a file's entries, from entry {@code first}. */
  private static FileEvents events(
      DataPreparation.Compiled c,
      Parameters p,
      Map<String, List<Long>> oneHotCategories,
      int[] start,
      int width,
      Expression weight,
      SampleFile f,
      long first,
      FileColumns cols) {
    int n = cols.entries();
    float[] x = new float[Math.multiplyExact(n, width)];
    for (int i = 0; i < start.length; i++) {
      double[] v = c.inputs().get(i).evaluate(cols, n);
      if (c.oneHot()[i]) {
        List<Long> cats = oneHotCategories.getOrDefault(p.inputs().get(i), List.of());
        for (int e = 0; e < n; e++) {
          int pos = v[e] == Math.rint(v[e]) ? cats.indexOf((long) v[e]) : -1;
          if (pos >= 0) {
            x[e * width + start[i] + pos] = 1f;
          }
        }
      } else {
        for (int e = 0; e < n; e++) {
          x[e * width + start[i]] = (float) v[e];
        }
      }
    }
    double[][] others = new double[c.others().size()][];
    for (int o = 0; o < others.length; o++) {
      others[o] = c.others().get(o).evaluate(cols, n);
    }
    return new FileEvents(f, first, n, x, weight.evaluate(cols, n), others);
  }

  /**
   * Takes a range of one file's events; their arrays may be those of the next range's columns: use
   * them before returning.
   */
  @FunctionalInterface
  public interface FileConsumer {
    void accept(FileEvents events) throws java.io.IOException;
  }

  /** As {@link #read}, with the ROOT reader. */
  public static void read(
      Parameters p,
      String sampleKey,
      Map<String, List<Long>> oneHotCategories,
      List<String> featureNames,
      FileConsumer consumer)
      throws ConfigException, DataException, java.io.IOException {
    read(p, sampleKey, oneHotCategories, featureNames, new RootSampleReader(), consumer);
  }
}
