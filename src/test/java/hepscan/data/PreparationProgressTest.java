package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.config.Sample;
import hepscan.config.SampleFile;
import hepscan.data.demo.DemoProject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preparation tells how far it has read: after every range of entries, the entries read over all
 * files so far, and the entries of all the files; as lines in a log at most every few seconds.
 */
class PreparationProgressTest {
  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @TempDir Path project;

  @Test
  void theCountsGrowRangeByRangeToTheEntriesOfEveryFile() throws Exception {
    Path file = project.resolve("parameters/p.yaml");
    Files.writeString(file, DemoProject.create(project, 5_000));
    Parameters p = ParametersLoader.load(file, project);
    long entries = 0;
    int files = 0;
    for (Sample s : p.samples().samples()) {
      for (SampleFile f : s.files()) {
        entries += RootSampleReader.entries(f.path(), s.tree());
        files++;
      }
    }
    List<long[]> seen = new ArrayList<>();
    try (PreparedDataBuilder.Spilled data =
        new PreparedDataBuilder(
                p,
                DataPreparation.Compiled.of(p),
                DataCache.key(p),
                project.resolve("progress.cache"),
                QUIET,
                (done, total) -> seen.add(new long[] {done, total}))
            .build(new RootSampleReader(997))) {
      assertEquals(entries, data.eventsRead());
    }
    assertEquals(15_000, entries, "the demo's 3 files of 5,000 entries");
    assertEquals(files * 6, seen.size(), "one call per range of 997 entries: 6 a file");
    for (int i = 0; i < seen.size(); i++) {
      assertEquals(entries, seen.get(i)[1], "the total, known from the start");
      assertTrue(i == 0 || seen.get(i)[0] > seen.get(i - 1)[0], "grows at every range");
    }
    assertEquals(997, seen.get(0)[0]);
    assertEquals(entries, seen.get(seen.size() - 1)[0], "every entry read at the end");
  }

  @Test
  void linesComeOnlyOnceTheIntervalHasPassed() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    long[] now = {0};
    long second = 1_000_000_000L;
    PreparationProgress progress = PreparationProgress.lines(log, 10 * second, () -> now[0]);
    now[0] = 4 * second;
    progress.entriesRead(131_072, 10_000_000); // 4 s: too early
    now[0] = 12 * second;
    progress.entriesRead(1_310_720, 10_000_000);
    now[0] = 21 * second;
    progress.entriesRead(2_621_440, 10_000_000); // 9 s after the line before
    now[0] = 23 * second;
    progress.entriesRead(3_932_160, -1);
    now[0] = 32 * second; // 9 s after the line before
    progress.entriesRead(5_242_880, -1);
    assertEquals(
        "data: read 1,310,720 of 10,000,000 entries (13 %) in 12 s\n"
            + "data: read 3,932,160 entries in 23 s\n",
        bytes.toString(StandardCharsets.UTF_8));
  }
}
