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
   * A SLURM task's memory that holds the data for one trial at a time is refused for a pack of 64,
   * whose members each keep their own epoch order.
   */
  @Test
  void aPackThatDoesNotFitTheTaskMemoryIsRefused(@TempDir Path project) throws Exception {
    ScanMemoryBenchmark.writeProject(project, 200_000);
    Path yaml = project.resolve("scan.yaml");
    Parameters alone = ParametersLoader.load(yaml, project);
    long taskMb = DataPreparation.memoryNeed(alone, project).memoryMegabytesNeeded();
    ScanSetup.checkTaskMemory(alone, project, taskMb);

    Files.writeString(yaml, "pack: 64\n", StandardOpenOption.APPEND);
    Parameters packed = ParametersLoader.load(yaml, project);
    WorkflowException e =
        assertThrows(
            WorkflowException.class, () -> ScanSetup.checkTaskMemory(packed, project, taskMb));
    assertTrue(e.getMessage().contains("trained in packs of 64"), e.getMessage());
    MemoryNeed need =
        DataPreparation.memoryNeed(packed, project)
            .packed(
                64,
                packed.ratios().training(),
                MemoryNeed.bytesPerEvent(packed.inputs().size(), packed.otherVariables().size()));
    ScanSetup.checkTaskMemory(packed, project, need.memoryMegabytesNeeded());
  }

  /**
   * Cached data whose pack does not fit a task's memory are streamed, not refused: a streamed
   * split's trials train alone, so the pack is not counted in the streamed need.
   */
  @Test
  void streamedDataAreNotChargedForAPack(@TempDir Path project) throws Exception {
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
    ScanSetup.checkTaskMemory(params, project, taskMb);
  }
}
