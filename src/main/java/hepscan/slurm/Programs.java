package hepscan.slurm;

import hepscan.util.AtomicFiles;
import hepscan.util.Hashing;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Where the running hepscan is, and the program an array task runs. */
final class Programs {
  private Programs() {}

  /**
   * The program of the tasks of {@code paths}: the running jar frozen into {@code
   * slurm/NAME/program/} (content-addressed, so a rebuild never changes what a queued task runs)
   * with the libraries beside the original jar; from a classes directory (in tests), the running
   * JVM's class path.
   */
  static TaskProgram freeze(JobPaths paths) throws IOException {
    Path source = codeSource();
    String classPath;
    if (Files.isRegularFile(source)) {
      byte[] jar = Files.readAllBytes(source);
      Path frozen =
          paths.programDir().resolve("hepscan-" + Hashing.sha256Hex(jar).substring(0, 12) + ".jar");
      if (!Files.isRegularFile(frozen)) {
        Files.createDirectories(paths.programDir());
        AtomicFiles.writeBytes(frozen, jar);
      }
      classPath = frozen + File.pathSeparator + source.getParent().resolve("lib") + "/*";
    } else {
      classPath = String.join(File.pathSeparator, expandedClassPath());
    }
    return new TaskProgram(javaBinary(), classPath, jvmOptions());
  }

  /** For {@code --dry-run}: the same program, nothing copied. */
  static TaskProgram describe(JobPaths paths) {
    Path source = codeSource();
    String classPath =
        Files.isRegularFile(source)
            ? paths.programDir().resolve("hepscan-<sha256>.jar")
                + File.pathSeparator
                + source.getParent().resolve("lib")
                + "/*"
            : String.join(File.pathSeparator, expandedClassPath());
    return new TaskProgram(javaBinary(), classPath, jvmOptions());
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The options of this JVM that tasks need too. */
  private static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    String offline = System.getProperty("ai.djl.offline");
    if (offline != null) {
      options.add("-Dai.djl.offline=" + offline);
    }
    return options;
  }

  private static Path codeSource() {
    try {
      return Path.of(Programs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the hepscan classes", e);
    }
  }

  /** The JVM's class path, with a manifest-only jar (Maven Surefire's booter) opened up. */
  private static List<String> expandedClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (p.getFileName() != null
          && p.getFileName().toString().startsWith("surefirebooter")
          && Files.isRegularFile(p)) {
        try (JarFile jar = new JarFile(p.toFile())) {
          Manifest m = jar.getManifest();
          String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
          if (cp != null) {
            for (String url : cp.trim().split("\\s+")) {
              entries.add(Path.of(p.toUri().resolve(URI.create(url))).toString());
            }
            continue;
          }
        } catch (IOException | IllegalArgumentException e) {
          // fall through: keep the entry as it is
        }
      }
      entries.add(entry);
    }
    return entries;
  }
}
