package hepscan.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure parsers of SlurmCommands, on output as the SLURM clients print it. */
class SlurmCommandsParseTest {

  static Stream<Arguments> jobIds() {
    return Stream.of(
        Arguments.of("123\n", "123"),
        Arguments.of("123", "123"),
        Arguments.of("123;cluster\n", "123"), // sbatch --parsable on a federation: JOBID;CLUSTER
        Arguments.of("  4567890\r\n", "4567890"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("jobIds")
  void parseJobId(String out, String id) throws IOException {
    assertEquals(id, SlurmCommands.parseJobId(out));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "error",
        "",
        "\n",
        "12a",
        ";cluster",
        "sbatch: error: Batch job submission failed"
      })
  void notAJobId(String out) {
    var e = assertThrows(IOException.class, () -> SlurmCommands.parseJobId(out));
    assertTrue(e.getMessage().startsWith("sbatch --parsable printed '" + out.strip() + "'"));
  }

  /** An excerpt of {@code scontrol show config} as SLURM 23 prints it. */
  private static final String CONFIG =
      """
      Configuration data as of 2025-03-14T10:21:07
      AccountingStorageBackupHost = (null)
      AccountingStorageEnforce = none
      ClusterName             = hepscan
      JobCompType             = jobcomp/none
      KillWait                = 30 sec
      MaxArraySize            = 1001
      MaxDBDMsgs              = 20012
      MaxJobCount             = 10000
      MaxStepCount            = 40000
      MaxTasksPerNode         = 512
      MinJobAge               = 300 sec
      SchedulerParameters     = (null)
      SLURM_VERSION           = 23.02.6

      Cgroup Support Configuration:
      AllowedRAMSpace         = 100.0%
      """;

  @Test
  void parseMaxArraySize() {
    assertEquals(OptionalInt.of(1001), SlurmCommands.parseMaxArraySize(CONFIG));
    assertEquals(OptionalInt.of(5), SlurmCommands.parseMaxArraySize("MaxArraySize=5\r\n"));
  }

  @Test
  void maxArraySizeAbsentOrUnreadable() {
    String without = CONFIG.replace("MaxArraySize            = 1001\n", "");
    assertEquals(OptionalInt.empty(), SlurmCommands.parseMaxArraySize(without));
    assertEquals(OptionalInt.empty(), SlurmCommands.parseMaxArraySize(""));
    assertEquals(OptionalInt.empty(), SlurmCommands.parseMaxArraySize("MaxArraySize = (null)\n"));
    // only the exact key: not a longer name that starts with it
    assertEquals(OptionalInt.empty(), SlurmCommands.parseMaxArraySize("MaxArraySizeLimit = 7\n"));
  }

  @Test
  void parseQueue() {
    String out =
        """
        135|0|RUNNING|None
        135|1|PENDING|JobArrayTaskLimit
        136|N/A|PENDING|Dependency

        ARRAY_JOB_ID|ARRAY_TASK_ID|STATE|REASON
        squeue: error: Invalid user: nobody
        135|2|RUNNING
        135|3|RUNNING|None|extra
        abc|4|RUNNING|None
          137|5|COMPLETED|None \s
        138|7|FAILED|
        """;
    assertEquals(
        List.of(
            new SlurmCommands.QueueEntry("135", "0", "RUNNING", "None"),
            new SlurmCommands.QueueEntry("135", "1", "PENDING", "JobArrayTaskLimit"),
            new SlurmCommands.QueueEntry("136", "N/A", "PENDING", "Dependency"),
            new SlurmCommands.QueueEntry("137", "5", "COMPLETED", "None"),
            new SlurmCommands.QueueEntry("138", "7", "FAILED", "")),
        SlurmCommands.parseQueue(out));
    assertEquals(List.of(), SlurmCommands.parseQueue(""));
  }

  /** The lines sacct prints for array tasks (Slurm 22.05 manual: JobID ARRAYID_TASKID). */
  @Test
  void parseAccounting() {
    String out =
        """
        140_0|COMPLETED
        140_1|CANCELLED by 0
        140_2|TIMEOUT
        140_3|OUT_OF_MEMORY
        140_[4-9]|PENDING
        141|FAILED
        sacct: error: Slurm accounting storage is disabled
        """;
    assertEquals(
        java.util.Map.of(
            "140_0",
            "COMPLETED",
            "140_1",
            "CANCELLED",
            "140_2",
            "TIMEOUT",
            "140_3",
            "OUT_OF_MEMORY"),
        SlurmCommands.parseAccounting(out));
    assertEquals(java.util.Map.of(), SlurmCommands.parseAccounting(""));
  }
}
