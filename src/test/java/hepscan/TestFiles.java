package hepscan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** File helpers shared by tests. */
public final class TestFiles {
  private TestFiles() {}

  /** Copies the tree under {@code from} to {@code to}; the copies get new modification times. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /**
   * Starts {@code hepscan} as a process of its own, on this JVM's class path (the test classes'
   * JVM, so no jar is needed), with the bundled CPU libtorch.
   *
   * @param jvmOptions e.g. {@code -Xmx32m}
   */
  public static ProcessBuilder hepscanProcess(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("hepscan.cli.Main");
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
