package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.config.ParametersLoader;
import hepscan.data.demo.DemoProject;
import hepscan.util.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache file a preparation writes, byte for byte, on real demo files (one-hot input, array
 * functions, other variables, negative weights): the same as the in-heap preparation wrote before
 * preparation streamed through spills. The expected hashes were computed by that code (main at
 * fecbbe0) over the file with its sample files' paths made relative to the project and its key
 * zeroed: the only bytes that depend on where and when the test runs.
 */
class PreparedCacheBytesTest {
  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @TempDir Path project;

  @Test
  void theShippedDemoGivesTheCacheFileOfTheInHeapPreparation() throws Exception {
    assertCacheBytes(
        DemoProject.create(project, 5_000),
        "3d22dbafb2005fde6d32006cfa88ee7de864b02815f539157e5115259e74f303");
  }

  @Test
  void negativeWeightsTakenAsTheirAbsoluteValueGiveTheSameCacheFileAsBefore() throws Exception {
    String shipped = DemoProject.create(project, 5_000);
    assertCacheBytes(
        shipped + "negative_weights: abs\n",
        "853164cc90d384b77d21504d43dd13421a049a004a5b3f59e4f106886cdd4a5b");
  }

  @Test
  void backgroundsNormalisedByTheirComputedEventWeightSumGiveTheSameCacheFileAsBefore()
      throws Exception {
    String shipped = DemoProject.create(project, 5_000);
    Files.writeString(project.resolve("samples/no-sums.json"), "{}");
    String computed =
        shipped.replace(
            "event_weight_sum_json: samples/demo/event_weight_sum.json",
            "event_weight_sum_json: samples/no-sums.json");
    assertCacheBytes(computed, "e10967e243bfcd0db881c10e7462f47c1981d0aa19722a08ee1f3cb221ee179d");
  }

  private void assertCacheBytes(String parameters, String expectedSha256) throws Exception {
    Path file = project.resolve("parameters/p.yaml");
    Files.writeString(file, parameters);
    var p = ParametersLoader.load(file, project);
    DataPreparation.prepareForTraining(p, project, QUIET);
    Path cache = DataCache.file(project, p.suffix(), DataCache.key(p));
    byte[] written = Files.readAllBytes(cache);
    PreparedData d = DataCache.read(cache, DataCache.key(p), QUIET);

    // the file is what the layout gives for its own content: nothing streamed out of place
    Path again = project.resolve("again.bin");
    DataCache.write(again, d, QUIET);
    assertArrayEquals(Files.readAllBytes(again), written, "the file re-encoded from its content");

    // and its content is the in-heap preparation's, paths aside
    List<PreparedFile> relative =
        d.files().stream()
            .map(
                f ->
                    new PreparedFile(
                        project.relativize(f.path()),
                        f.sampleKey(),
                        f.tag(),
                        f.signal(),
                        f.xsec(),
                        f.eventWeightSum()))
            .toList();
    PreparedData movable =
        new PreparedData(
            d.featureNames(),
            d.inputExpressions(),
            d.oneHotCategories(),
            d.classNames(),
            d.otherVariableNames(),
            relative,
            d.training(),
            d.evaluation(),
            d.output(),
            d.trainingEvents(),
            d.evaluationEvents(),
            d.outputEvents(),
            d.scaler(),
            "0".repeat(64), // the key hashes the ROOT files' UUIDs, new for every file written
            d.report(),
            d.nonFinite());
    Path relativeFile = project.resolve("relative.bin");
    DataCache.write(relativeFile, movable, QUIET);
    assertEquals(expectedSha256, Hashing.sha256Hex(Files.readAllBytes(relativeFile)));
  }
}
