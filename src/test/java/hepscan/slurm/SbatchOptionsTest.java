package hepscan.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.config.SlurmParams;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SbatchOptionsTest {

  private static SbatchOptions options(String time, String mem) {
    return new SbatchOptions(Optional.empty(), Optional.empty(), time, mem, 1, 0, 0, List.of());
  }

  /** SLURM's time formats, as sbatch reads them; seconds computed by hand. */
  @ParameterizedTest(name = "{0} -> {1} s")
  @CsvSource({
    "30, 1800", // minutes
    "0, 0",
    "90, 5400",
    "5:30, 330", // minutes:seconds
    "01:00:00, 3600", // hours:minutes:seconds
    "04:00:00, 14400",
    "1:2:3, 3723",
    "1-00:00:00, 86400", // days-hours:minutes:seconds
    "2-3, 183600", // days-hours: 2 x 86400 + 3 x 3600
    "1-2:30, 95400", // days-hours:minutes: 86400 + 7200 + 1800
    "1-2:3:4, 93784", // 86400 + 7200 + 180 + 4
    "' 02:00:00 ', 7200" // surrounding blanks are ignored
  })
  void timeSeconds(String time, long seconds) {
    assertEquals(OptionalLong.of(seconds), SbatchOptions.timeSeconds(time));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"abc", "1:2:3:4", "", "1-", "-5", "1:", "1.5", "1-2:3:4:5", "1h", "1 2"})
  void notATime(String time) {
    assertEquals(OptionalLong.empty(), SbatchOptions.timeSeconds(time));
  }

  /** SLURM's memory sizes in megabytes (binary units, as SLURM counts them), by hand. */
  @ParameterizedTest(name = "{0} -> {1} MB")
  @CsvSource({
    "4000, 4000", // no unit: megabytes
    "4000M, 4000",
    "4000m, 4000",
    "8G, 8192", // 8 x 1024
    "8g, 8192",
    "1T, 1048576", // 1024 x 1024
    "2048K, 2", // 2048 / 1024
    "512K, 1", // half a megabyte: rounded up to 1 MB, as SLURM does, never to 0
    "4GB, 4096", // a trailing B is accepted, as by sbatch
    "' 8G ', 8192"
  })
  void megabytes(String mem, long mb) {
    assertEquals(OptionalLong.of(mb), SbatchOptions.megabytes(mem));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"x", "", "G", "4.5G", "-1", "4P", "4 G", "4GiB", "8GG"})
  void notAMemorySize(String mem) {
    assertEquals(OptionalLong.empty(), SbatchOptions.megabytes(mem));
  }

  @Test
  void constructorRefusesABadTimeOrMemoryNamingTheValue() {
    var t = assertThrows(IllegalArgumentException.class, () -> options("2 hours", "4G"));
    assertTrue(t.getMessage().startsWith("time '2 hours' is not a SLURM time"), t.getMessage());
    var m = assertThrows(IllegalArgumentException.class, () -> options("01:00:00", "lots"));
    assertTrue(m.getMessage().startsWith("mem 'lots' is not a SLURM memory size"), m.getMessage());
  }

  /** Two minutes before the limit, at most a quarter of it, at least 30 s (by hand). */
  @ParameterizedTest(name = "{0} -> {1} s")
  @CsvSource({
    "01:00:00, 120", // 3600 / 4 = 900, capped at 120
    "1-00:00:00, 120",
    "8, 120", // 480 / 4 = 120: the cap is reached exactly
    "4, 60", // 240 / 4 = 60
    "3, 45", // 180 / 4 = 45
    "2, 30", // 120 / 4 = 30
    "1, 30", // 60 / 4 = 15, raised to the floor of 30
    "0:40, 30" // 40 / 4 = 10, raised to 30
  })
  void warningSeconds(String time, int seconds) {
    assertEquals(seconds, options(time, "4G").warningSeconds());
  }

  @Test
  void directivesInAFixedOrder() {
    SbatchOptions o =
        new SbatchOptions(
            Optional.of("gpu"),
            Optional.of("normal"),
            "04:00:00",
            "8G",
            4,
            2,
            20,
            List.of("--account=cms", "--constraint=v100"));
    assertEquals(
        List.of(
            "--partition=gpu",
            "--qos=normal",
            "--time=04:00:00",
            "--mem=8G",
            "--cpus-per-task=4",
            "--gres=gpu:2",
            "--signal=B:USR1@120",
            "--account=cms",
            "--constraint=v100"),
        o.directives());
  }

  @Test
  void noGresWithoutGpusNoPartitionOrQosWhenUnset() {
    // the throttle is not a directive: it goes on the sbatch command line (--array=...%N)
    assertEquals(
        List.of("--time=5", "--mem=4000", "--cpus-per-task=1", "--signal=B:USR1@75"),
        new SbatchOptions(Optional.empty(), Optional.empty(), "5", "4000", 1, 0, 50, List.of())
            .directives()); // 300 s / 4 = 75
  }

  @Test
  void theSubmittedMemoryInMegabytes() {
    // the script's fallback when SLURM gives no SLURM_MEM_PER_NODE / SLURM_MEM_PER_CPU
    assertEquals(8192, options("1", "8G").memoryMegabytes());
    assertEquals(4096, options("1", "4G").memoryMegabytes());
    assertEquals(300, options("1", "300").memoryMegabytes());
  }

  @Test
  void fromTheParametersOverridesWin() {
    SlurmParams p =
        new SlurmParams(
            Optional.of("cpu"),
            Optional.of("short"),
            "02:00:00",
            "4G",
            8,
            1,
            30,
            List.of("--account=cms"));
    SbatchOptions file = SbatchOptions.of(p, Optional.empty(), Optional.empty());
    assertEquals(
        new SbatchOptions(
            Optional.of("cpu"),
            Optional.of("short"),
            "02:00:00",
            "4G",
            8,
            1,
            30,
            List.of("--account=cms")),
        file);
    SbatchOptions both = SbatchOptions.of(p, Optional.of("1-00:00:00"), Optional.of("16G"));
    assertEquals("1-00:00:00", both.time());
    assertEquals("16G", both.mem());
    assertEquals(file.partition(), both.partition());
    assertEquals(30, both.throttle());
    SbatchOptions timeOnly = SbatchOptions.of(p, Optional.of("30"), Optional.empty());
    assertEquals("30", timeOnly.time());
    assertEquals("4G", timeOnly.mem());
    // a bad override is refused like a bad file value
    assertThrows(
        IllegalArgumentException.class,
        () -> SbatchOptions.of(p, Optional.empty(), Optional.of("4 GB")));
  }

  @Test
  void theDefaultsAreValid() {
    SbatchOptions d =
        SbatchOptions.of(SlurmParams.DEFAULT, Optional.empty(), Optional.empty()); // 1 h, 4G
    assertEquals(120, d.warningSeconds());
    assertEquals(4096, d.memoryMegabytes());
    assertEquals(50, d.throttle());
  }
}
