package hepscan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.TestFiles;
import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.data.DataCache;
import hepscan.data.DataPreparation;
import hepscan.data.MemoryNeed;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data beyond the memory: a scan whose cache is larger than its JVM's heap, given less memory than
 * holding the training split on the device needs, streams the training split from the cache and
 * trains, in a process of its own.
 */
class StreamedScanTest {
  @TempDir Path project;

  private static final long MB = 1 << 20;

  /** The forked scan's heap: below the cache's size. */
  private static final int HEAP_MB = 80;

  @Test
  void aCacheLargerThanTheHeapAndTheMemoryIsStreamed() throws Exception {
    // 930,000 events x 20 inputs: a cache of about 100 MB
    ScanMemoryBenchmark.writeProject(project, 930_000);
    Parameters params = ParametersLoader.load(project.resolve("scan.yaml"), project);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    String hash = DataPreparation.prepare(params, project, quiet).dataHash();
    long cache = Files.size(DataCache.file(project, params.suffix(), hash));
    assertTrue(cache > HEAP_MB * MB, "the cache (" + cache + " bytes) is larger than the heap");
    // memory 1 MB short of what the training split on the device needs, enough when streamed
    MemoryNeed need = DataPreparation.memoryNeed(params, project);
    long memoryMb = need.totalBytes() / MB - 1;
    int block = 20_000;
    MemoryNeed streamed =
        need.streamed(DataPreparation.trainingFeatureShare(params), params.inputs().size(), block);
    assertTrue(streamed.totalBytes() < memoryMb * MB, streamed + " in " + memoryMb + " MB");
    assertTrue(streamed.heapBytes() < HEAP_MB * MB, streamed + " in a heap of " + HEAP_MB + " MB");

    Path log = project.resolve("scan.log");
    Process p =
        TestFiles.hepscanProcess(
                List.of(
                    "-Xmx" + HEAP_MB + "m",
                    "-D" + MemoryNeed.MEMORY_PROPERTY + "=" + memoryMb,
                    "-D" + MemoryNeed.STREAM_BLOCK_PROPERTY + "=" + block),
                "-C",
                project.toString(),
                "--scan",
                "s",
                "-p",
                project.resolve("scan.yaml").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String out;
    int exit = p.waitFor();
    out = Files.readString(log);
    assertEquals(0, exit, out);
    assertTrue(out.contains("streamed from the cache in shuffled blocks of 20,000 events"), out);
    List<String> csv;
    try (Stream<Path> files = Files.list(project.resolve("model/s"))) {
      csv =
          Files.readAllLines(
              files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow());
    }
    List<String> header = List.of(csv.get(0).split(","));
    double auc = Double.parseDouble(csv.get(1).split(",")[header.indexOf("auc")]);
    // signal and background Gaussians 0.25 apart in each of 20 inputs: the best AUC is
    // Phi(sqrt(20) x 0.25 / sqrt(2)) = 0.785; one epoch of a small network comes close
    assertTrue(auc > 0.75 && auc < 0.79, "AUC " + auc);

    // the test outputs of all 930,000 events, in the same heap: every split is read from the
    // cache a block at a time (before, --test held all of them, about 250 bytes an event)
    Path zip;
    try (Stream<Path> files = Files.list(project.resolve("model/s"))) {
      zip = files.filter(f -> f.toString().endsWith(".zip")).findFirst().orElseThrow();
    }
    Path testLog = project.resolve("test.log");
    Process t =
        TestFiles.hepscanProcess(
                List.of("-Xmx" + HEAP_MB + "m"),
                "-C",
                project.toString(),
                "--model",
                zip.toString(),
                "--test")
            .redirectErrorStream(true)
            .redirectOutput(testLog.toFile())
            .start();
    int testExit = t.waitFor();
    String tested = Files.readString(testLog);
    assertEquals(0, testExit, tested);
    assertTrue(tested.contains("test outputs: 930000 events"), tested);
    Path summary =
        project.resolve("model").resolve(hepscan.model.ModelArchive.nameOf(zip)).resolve("test");
    JsonNode json = new ObjectMapper().readTree(summary.resolve("summary.json").toFile());
    double testAuc = json.path("classes").get(0).path("auc").asDouble(Double.NaN);
    assertTrue(testAuc > 0.75 && testAuc < 0.79, "test AUC " + testAuc + ": " + json);
  }
}
