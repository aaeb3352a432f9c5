package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.demo.DemoData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a scan: hepscan runs in its own JVM, gets SIGINT in the middle of a trial, drops
 * that trial, says how to resume and leaves no file behind, whole or half-written.
 */
class ScanInterruptIT {

  @Test
  void sigintDuringTrainingLeavesNothingHalfWritten(@TempDir Path project) throws Exception {
    DemoData.generate(
        project.resolve(DemoData.RELATIVE_DIR),
        3,
        4_000,
        new PrintStream(new ByteArrayOutputStream()));
    Files.createDirectories(project.resolve("parameters"));
    Files.copy(Path.of("samples/demo.yaml"), project.resolve("samples/demo.yaml"));
    String slow =
        Files.readString(Path.of("parameters/demo.yaml"))
            .replaceAll("(?m)^  lr: .*$", "  lr: [0.001]")
            .replaceAll("(?m)^  first_neuron: .*$", "  first_neuron: [16]")
            .replaceAll("(?m)^  epochs: .*$", "  epochs: [100000]")
            .replaceAll("(?m)^  batch_size: .*$", "  batch_size: [32]")
            .replaceAll("(?m)^early_stopping: .*$", "");
    Files.writeString(project.resolve("parameters/slow.yaml"), slow);

    Path log = project.resolve("scan.log");
    Process p =
        hepscan.TestFiles.hepscanProcess(
                java.util.List.of(),
                "--scan",
                "slow",
                "-C",
                project.toString(),
                "-p",
                project.resolve("parameters/slow.yaml").toString(),
                "--device",
                "cpu")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!Files.readString(log).contains("epoch 2/100000")) {
        assertTrue(p.isAlive(), "hepscan ended before training:\n" + Files.readString(log));
        assertTrue(
            System.nanoTime() < deadline,
            "no second epoch within 180 s:\n" + Files.readString(log));
        Thread.sleep(200);
      }
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "hepscan did not stop within 90 s of SIGINT");
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    assertTrue(out.contains("interrupted: nothing of it was kept"), out);
    assertTrue(
        out.contains(
            "interrupted: 0 of 1 trials have results; run the same command again to resume"),
        out);
    try (Stream<Path> files = Files.walk(project.resolve("model"))) {
      List<String> left =
          files
              .filter(Files::isRegularFile)
              .map(f -> project.relativize(f).toString())
              .filter(f -> !f.startsWith("model/cache/"))
              .toList();
      assertEquals(List.of(), left, "files left by the interrupted trial");
    }
  }
}
