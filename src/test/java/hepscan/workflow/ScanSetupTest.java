package hepscan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.data.DataPreparation;
import hepscan.data.MemoryNeed;
import hepscan.model.EarlyStopping;
import hepscan.model.Monitor;
import hepscan.model.MonitorMode;
import hepscan.model.ReduceLr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings identity is spelled from explicit fields with the parameters file's names. */
class ScanSetupTest {

  @Test
  void settingsIdentityNamesEveryFieldAsTheParametersFileDoes() {
    EarlyStopping es = new EarlyStopping(Monitor.VAL_LOSS, 1e-4, 3, MonitorMode.parse("min"));
    ReduceLr rlr = new ReduceLr(Monitor.VAL_LOSS, 0.5, 2, 1e-4, 0, 1e-5);
    assertEquals(
        "early_stopping=monitor=val_loss,min_delta=1.0E-4,patience=3,mode=min;"
            + "reduce_lr=monitor=val_loss,factor=0.5,patience=2,min_delta=1.0E-4,cooldown=0,"
            + "min_lr=1.0E-5;seed=42",
        ScanSetup.settingsIdentity(es, rlr, 42));
    assertEquals(
        "early_stopping=none;reduce_lr=none;seed=7", ScanSetup.settingsIdentity(null, null, 7));
  }

  /**
   * A SLURM task's memory that holds the data for one trial at a time but not a pack of 64, whose
   * members each keep their own epoch order, trains the trials alone and says so; one that holds
   * not even the data alone is refused.
   */
  @Test
  void aPackThatDoesNotFitTheTaskMemoryTrainsItsTrialsAlone(@TempDir Path project)
      throws Exception {
    ScanMemoryBenchmark.writeProject(project, 200_000);
    Path yaml = project.resolve("scan.yaml");
    Parameters alone = ParametersLoader.load(yaml, project);
    long taskMb = DataPreparation.memoryNeed(alone, project).memoryMegabytesNeeded();
    assertEquals(Optional.empty(), ScanSetup.checkTaskMemory(alone, project, taskMb));

    Files.writeString(yaml, "pack: 64\n", StandardOpenOption.APPEND);
    Parameters packed = ParametersLoader.load(yaml, project);
    Optional<String> note = ScanSetup.checkTaskMemory(packed, project, taskMb);
    assertTrue(note.isPresent());
    assertTrue(
        note.get()
            .startsWith("data: packs of 64 trials (pack: 64) do not fit in each array task's"),
        note.get());
    assertTrue(note.get().contains("they train one after another, the data resident"), note.get());
    WorkflowException e =
        assertThrows(
            WorkflowException.class, () -> ScanSetup.checkTaskMemory(packed, project, taskMb / 2));
    assertTrue(e.getMessage().contains("trained in packs of 64"), e.getMessage());
    MemoryNeed need =
        DataPreparation.memoryNeed(packed, project)
            .packed(
                64,
                packed.ratios().training(),
                MemoryNeed.bytesPerEvent(packed.inputs().size(), packed.otherVariables().size()));
    assertEquals(
        Optional.empty(), ScanSetup.checkTaskMemory(packed, project, need.memoryMegabytesNeeded()));
  }

  /**
   * Cached data whose pack does not fit a task's memory, but which fit whole for trials alone, are
   * trained unpacked and resident, not streamed (it was streamed before: slower, for a pack that is
   * only a speed-up).
   */
  @Test
  void cachedDataWhosePackDoesNotFitTrainAloneRatherThanStreamed(@TempDir Path project)
      throws Exception {
    ScanMemoryBenchmark.writeProject(project, 200_000);
    Path yaml = project.resolve("scan.yaml");
    Files.writeString(yaml, "pack: 256\n", StandardOpenOption.APPEND);
    Parameters params = ParametersLoader.load(yaml, project);
    DataPreparation.prepare(
        params, project, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    MemoryNeed data = DataPreparation.memoryNeed(params, project);
    MemoryNeed streamed =
        data.streamed(
            DataPreparation.trainingFeatureShare(params),
            params.inputs().size(),
            MemoryNeed.STREAM_BLOCK_EVENTS);
    MemoryNeed packed =
        data.packed(
            256,
            params.ratios().training(),
            MemoryNeed.bytesPerEvent(params.inputs().size(), params.otherVariables().size()));
    // enough for the data, streamed or not, without the pack's 255 more epoch orders
    long taskMb = Math.max(streamed.memoryMegabytesNeeded(), data.memoryMegabytesNeeded());
    assertTrue(packed.memoryMegabytesNeeded() > taskMb, packed + " against " + taskMb + " MB");
    Optional<String> note = ScanSetup.checkTaskMemory(params, project, taskMb);
    assertTrue(note.orElse("").contains("pack: 256) do not fit"), note.toString());
  }

  /** The fitting decision on made-up figures: 1,000 MB of cached arrays, packs of 64. */
  @Test
  void packsThatDoNotFitTrainAloneResidentBeforeTheDataAreStreamed() {
    long mb = 1 << 20;
    MemoryNeed data = MemoryNeed.cached("the cache", 1000 * mb);
    MemoryNeed packed = data.packed(64, 0.6, 100);
    MemoryNeed streamed = data.streamed(0.67, 20, MemoryNeed.STREAM_BLOCK_EVENTS);
    int block = MemoryNeed.STREAM_BLOCK_EVENTS;
    // the figures the cases rely on (heap 432 MB unpacked, 1,944 MB packed)
    assertEquals(432 * mb, data.heapBytes());
    assertEquals(1944 * mb, packed.heapBytes());
    assertTrue(streamed.totalBytes() < 1600 * mb && data.totalBytes() > 1600 * mb);

    assertEquals(
        ScanSetup.MemoryFit.WHOLE, ScanSetup.fitting(data, packed, streamed, block, 4000 * mb, 0));
    // the pack does not fit the heap, the trials alone do: alone, resident, not streamed
    assertEquals(
        new ScanSetup.MemoryFit(0, true, null),
        ScanSetup.fitting(data, packed, streamed, block, 1000 * mb, 0));
    assertEquals(
        new ScanSetup.MemoryFit(0, true, null),
        ScanSetup.fitting(data, packed, null, block, 1000 * mb, 0),
        "data not cached yet: alone too (it was a refusal)");
    // not even the trials alone fit the memory: streamed when cached, else refused
    assertEquals(
        new ScanSetup.MemoryFit(block, false, null),
        ScanSetup.fitting(data, packed, streamed, block, 1000 * mb, 1600 * mb));
    ScanSetup.MemoryFit refused =
        ScanSetup.fitting(data, packed, null, block, 1000 * mb, 1600 * mb);
    assertTrue(refused.refusal().contains("trained in packs of 64"), refused.refusal());
    // without packs the order is as before: whole, else streamed
    assertEquals(
        new ScanSetup.MemoryFit(block, false, null),
        ScanSetup.fitting(data, data, streamed, block, 1000 * mb, 1600 * mb));
    ScanSetup.MemoryFit tooSmall = ScanSetup.fitting(data, packed, streamed, block, 300 * mb, 0);
    assertTrue(tooSmall.refusal().contains("the training split streamed"), tooSmall.refusal());
  }
}
