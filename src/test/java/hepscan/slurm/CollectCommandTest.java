package hepscan.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.MemoryNeed;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The collect job's sbatch command: after the round's array jobs, in the launcher's JVM. */
class CollectCommandTest {
  @Test
  void runsCsvAfterEveryArrayJobWithTheLaunchersJvmOptions() {
    JobPaths paths = new JobPaths(Path.of("/p"), "demo");
    List<String> c =
        Submitter.collectCommand(
            paths,
            new SbatchOptions(
                Optional.of("gpu"), Optional.empty(), "04:00:00", "8G", 4, 1, 20, List.of()),
            new TaskProgram(
                "/opt/java/bin/java", "/p/hepscan.jar", List.of("-Dai.djl.offline=true")),
            1,
            List.of(new Submission.ArrayJob("101", 0, 4), new Submission.ArrayJob("102", 4, 2)));
    assertEquals(
        List.of("sbatch", "--parsable", "--job-name=hepscan-demo-collect"), c.subList(0, 3));
    assertTrue(c.contains("--dependency=afterany:101:102"), c.toString());
    assertTrue(c.contains("--partition=gpu"), c.toString());
    String wrap = c.get(c.size() - 1);
    assertTrue(wrap.startsWith("--wrap=/opt/java/bin/java -Xmx1g "), wrap);
    List<String> options = MemoryNeed.jvmOptions();
    assertFalse(options.isEmpty(), "jvm.options has options");
    List<String> words = List.of(wrap.substring("--wrap=".length()).split(" "));
    for (String o : options) {
      assertTrue(words.contains(o), o + " in " + wrap);
    }
    assertTrue(words.contains("-Dai.djl.offline=true"), wrap);
    assertTrue(
        wrap.endsWith(
            "hepscan.cli.Main -C /p --csv "
                + paths.output()
                + " -p "
                + paths.parametersSnapshot(1)),
        wrap);
  }
}
