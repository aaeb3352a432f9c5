package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.data.demo.DemoProject;
import hepscan.data.expr.VariableRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preparation reads each ROOT file a range of entries at a time: on real demo files (the jagged
 * branch jet_pt[n_jets] through Max$, Length$@op, Sum$ and jet_pt[2], which is NaN for events with
 * fewer than three jets), ranges of an odd 997 entries give the cache file, byte for byte, that
 * reading each file whole gives: splits, cut, weights, negative weights, one-hot categories,
 * computed event-weight sums, non-finite counts and the scaler.
 */
class RangedPreparationTest {
  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @TempDir Path project;

  @Test
  void theShippedDemoReadInRangesGivesTheCacheFileOfWholeFiles() throws Exception {
    assertSameCacheFile(DemoProject.create(project, 5_000));
  }

  @Test
  void computedEventWeightSumsAndAbsoluteWeightsReadInRangesGiveTheSameCacheFile()
      throws Exception {
    String shipped = DemoProject.create(project, 5_000);
    Files.writeString(project.resolve("samples/no-sums.json"), "{}");
    assertSameCacheFile(
        shipped.replace(
                "event_weight_sum_json: samples/demo/event_weight_sum.json",
                "event_weight_sum_json: samples/no-sums.json")
            + "negative_weights: abs\n");
  }

  @Test
  void nonFiniteInputsReadInRangesAreCountedAndReportedAsInWholeFiles() throws Exception {
    String third =
        DemoProject.create(project, 5_000).replace("  - jet2_pt\n", "  - jet2_pt\n  - jet_pt[2]\n");
    assertTrue(third.contains("  - jet_pt[2]\n"), "the demo's inputs changed: adapt the test");
    PreparedData d = assertSameCacheFile(third);
    assertTrue(d.nonFinite().getOrDefault("jet_pt[2]", 0L) > 0, d.nonFinite().toString());

    Parameters strict = parameters(third + "strict: true\n");
    String whole =
        assertThrows(
                DataException.class,
                () -> DataPreparation.prepare(strict, project, QUIET, wholeFiles()))
            .getMessage();
    String ranged =
        assertThrows(
                DataException.class,
                () -> DataPreparation.prepare(strict, project, QUIET, new RootSampleReader(997)))
            .getMessage();
    assertEquals(whole, ranged);
    assertTrue(whole.contains("jet_pt[2]"), whole);
  }

  /** {@code --output KEY} reads a sample's files in ranges too: the same events, entry numbers. */
  @Test
  void sampleEventsReadInRangesAreTheEventsOfWholeFiles() throws Exception {
    Parameters p = parameters(DemoProject.create(project, 5_000));
    PreparedData d = DataPreparation.prepare(p, project, QUIET, wholeFiles());
    List<SampleEvents.FileEvents> whole = sampleEvents(p, d, wholeFiles());
    List<SampleEvents.FileEvents> ranged = sampleEvents(p, d, new RootSampleReader(997));
    assertEquals(1, whole.size(), "one file, read whole");
    assertEquals(6, ranged.size(), "5,000 entries in ranges of 997");
    SampleEvents.FileEvents all = whole.get(0);
    int f = d.featureNames().size();
    long next = 0;
    for (SampleEvents.FileEvents r : ranged) {
      assertEquals(next, r.firstEntry(), "ranges follow each other");
      int from = (int) r.firstEntry();
      int to = from + r.entries();
      assertArrayEquals(Arrays.copyOfRange(all.features(), from * f, to * f), r.features());
      assertArrayEquals(Arrays.copyOfRange(all.eventWeight(), from, to), r.eventWeight());
      for (int o = 0; o < all.others().length; o++) {
        assertArrayEquals(Arrays.copyOfRange(all.others()[o], from, to), r.others()[o]);
      }
      next = to;
    }
    assertEquals(all.entries(), next);
  }

  private static List<SampleEvents.FileEvents> sampleEvents(
      Parameters p, PreparedData d, EventSource source) throws Exception {
    List<SampleEvents.FileEvents> read = new ArrayList<>();
    SampleEvents.read(
        p,
        "ttbar",
        d.oneHotCategories(),
        d.featureNames(),
        source,
        e -> // kept after the consumer returns: copied
        read.add(
                new SampleEvents.FileEvents(
                    e.file(),
                    e.firstEntry(),
                    e.entries(),
                    e.features().clone(),
                    e.eventWeight().clone(),
                    Arrays.stream(e.others()).map(double[]::clone).toArray(double[][]::new))));
    return read;
  }

  /** Prepares {@code yaml} reading whole files, then in ranges of 997 entries: the same bytes. */
  private PreparedData assertSameCacheFile(String yaml) throws Exception {
    Parameters p = parameters(yaml);
    Path cache = DataCache.file(project, p.suffix(), DataCache.key(p));

    DataPreparation.prepareForTraining(p, project, QUIET, wholeFiles());
    byte[] whole = Files.readAllBytes(cache);
    Files.delete(cache);

    CountingRanges ranged = new CountingRanges(new RootSampleReader(997));
    DataPreparation.prepareForTraining(p, project, QUIET, ranged);
    // 3 files of 5,000 entries: 6 ranges each (the event-weight sums are read whole)
    assertEquals(18, ranged.ranges, "ranges read");
    assertArrayEquals(whole, Files.readAllBytes(cache), "the cache file read in ranges");
    return DataCache.read(cache, DataCache.key(p), QUIET);
  }

  private Parameters parameters(String yaml) throws Exception {
    Path file = project.resolve("parameters/p.yaml");
    Files.writeString(file, yaml);
    return ParametersLoader.load(file, project);
  }

  /** One range per file, however many entries it has. */
  private static EventSource wholeFiles() {
    return new RootSampleReader(Integer.MAX_VALUE);
  }

  /** A source that counts the ranges it gives. */
  private static final class CountingRanges implements EventSource {
    private final EventSource source;
    int ranges;

    CountingRanges(EventSource source) {
      this.source = source;
    }

    @Override
    public FileColumns read(Path file, String tree, Set<VariableRef> variables)
        throws DataException {
      return source.read(file, tree, variables);
    }

    @Override
    public Ranges ranges(Path file, String tree, Set<VariableRef> variables) throws DataException {
      Ranges r = source.ranges(file, tree, variables);
      return new Ranges() {
        @Override
        public FileColumns next() throws DataException {
          FileColumns c = r.next();
          if (c != null) {
            ranges++;
          }
          return c;
        }

        @Override
        public void close() {
          r.close();
        }
      };
    }

    @Override
    public java.util.List<String> problems(Path file, String tree, Set<VariableRef> variables) {
      return source.problems(file, tree, variables);
    }
  }
}
