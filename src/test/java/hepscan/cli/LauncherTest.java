package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./hepscan} launcher in a copy of the project whose {@code mvn} is a stand-in that
 * "builds" a tiny runnable jar and counts its calls: a jar left empty or cut short by an
 * interrupted build is rebuilt, never taken for up to date.
 */
class LauncherTest {
  @TempDir Path home;
  private Path builtJar;
  private Path buildLog;

  @BeforeEach
  void copyOfTheProject() throws Exception {
    Assumptions.assumeTrue(ToolProvider.getSystemJavaCompiler() != null, "no javac in this JDK");
    Files.copy(Path.of("hepscan"), home.resolve("hepscan"));
    setExecutable(home.resolve("hepscan"));
    Path options = Path.of("src/main/resources/hepscan/jvm.options");
    Files.createDirectories(home.resolve(options).getParent());
    Files.copy(options, home.resolve(options));
    Files.writeString(home.resolve("pom.xml"), "<project/>");
    Files.createDirectories(home.resolve("src/main"));
    Files.writeString(home.resolve("src/main/Source.java"), "// a source");
    long old = System.currentTimeMillis() - 3_600_000;
    Files.setLastModifiedTime(home.resolve("pom.xml"), FileTime.fromMillis(old));
    Files.setLastModifiedTime(home.resolve("src/main/Source.java"), FileTime.fromMillis(old));
    builtJar = home.resolve("built.jar");
    Files.write(builtJar, runnableJar());
    buildLog = home.resolve("builds.log");
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.writeString(
        bin.resolve("mvn"),
        "#!/bin/sh\necho build >> '"
            + buildLog
            + "'\nmkdir -p target && cp '"
            + builtJar
            + "' target/hepscan.jar\n");
    setExecutable(bin.resolve("mvn"));
    Files.createDirectories(home.resolve("target"));
  }

  @Test
  void anEmptyJarNewerThanTheSourcesIsRebuilt() throws Exception {
    Files.write(home.resolve("target/hepscan.jar"), new byte[0]);
    assertEquals("ran", launch());
    assertEquals(1, builds());
    // now whole and newer than the sources: no second build
    assertEquals("ran", launch());
    assertEquals(1, builds());
  }

  @Test
  void aJarCutShortIsRebuiltAndAWholeOneIsNot() throws Exception {
    byte[] whole = Files.readAllBytes(builtJar);
    Files.write(
        home.resolve("target/hepscan.jar"), java.util.Arrays.copyOf(whole, whole.length / 2));
    assertEquals("ran", launch());
    assertEquals(1, builds());

    // a damaged run copy (the launcher's own copy of the jar) is made again, without a build
    Files.write(home.resolve("target/hepscan-run.jar"), new byte[] {'P', 'K'});
    assertEquals("ran", launch());
    assertEquals(1, builds());
  }

  @Test
  void theHeapIsTheShareOfTheSlurmMemoryAndAnExplicitXmxWins() throws Exception {
    Path args = home.resolve("args");
    // a SLURM task of 2 CPUs x 2048 MB: 4096 MB; 32 + (4096 - 592) x 33 / 100 = 1188 MB
    assertEquals(1188, hepscan.data.MemoryNeed.heapMegabytes(4096));
    launch(java.util.Map.of("SLURM_MEM_PER_CPU", "2048", "SLURM_CPUS_PER_TASK", "2"), args);
    List<String> jvm = Files.readAllLines(args);
    assertTrue(
        jvm.contains("-Xmx1188m") && jvm.contains("-Dhepscan.memoryMegabytes=4096"), "" + jvm);

    launch(java.util.Map.of("SLURM_MEM_PER_NODE", "4096", "HEPSCAN_JAVA_OPTS", "-Xmx128m"), args);
    jvm = Files.readAllLines(args);
    // the user's -Xmx comes after the launcher's: the JVM takes the last one
    assertTrue(jvm.indexOf("-Xmx128m") > jvm.indexOf("-Xmx1188m"), "" + jvm);
    assertEquals(
        128L << 20,
        Long.parseLong(
            new String(
                    new ProcessBuilder(
                            "java", "-Xmx1188m", "-Xmx128m", "-XX:+PrintFlagsFinal", "-version")
                        .start()
                        .getInputStream()
                        .readAllBytes(),
                    StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains(" MaxHeapSize "))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*= *(\\d+).*", "$1")));
  }

  @Test
  void theJvmOptionsAreThoseOfTheSlurmTaskAndArePrintedWithoutABuild() throws Exception {
    Path args = home.resolve("args");
    launch(java.util.Map.of("SLURM_MEM_PER_NODE", "4096", "HEPSCAN_JAVA_OPTS", "-Da=1"), args);
    List<String> jvm = Files.readAllLines(args);
    List<String> options = hepscan.data.MemoryNeed.jvmOptions();
    // the options of jvm.options (the SLURM script's too), after the heap, before the user's
    int first = jvm.indexOf("-Xmx1188m") + 1;
    assertEquals(options, jvm.subList(first, first + options.size()), "" + jvm);
    assertTrue(jvm.indexOf("-Da=1") > first + options.size() - 1, "" + jvm);
    long built = builds();

    String printed =
        launch(
            java.util.Map.of(
                "SLURM_MEM_PER_NODE", "4096",
                "HEPSCAN_JAVA_OPTS", "-Da=1",
                "HEPSCAN_PRINT_JVM_OPTIONS", "1"),
            null);
    assertEquals(jvm, printed.lines().toList());
    assertEquals(built, builds());
  }

  private String launch() throws Exception {
    return launch(java.util.Map.of(), null);
  }

  private String launch(java.util.Map<String, String> env, Path args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(home.resolve("hepscan").toString());
    pb.environment().remove("HEPSCAN_JAVA_OPTS");
    pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_"));
    pb.environment().putAll(env);
    if (args != null) {
      pb.environment().put("RAN_ARGS", args.toString());
    }
    pb.environment().put("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    List<String> lines = out.lines().filter(l -> !l.startsWith("hepscan: building")).toList();
    return String.join("\n", lines);
  }

  private long builds() throws Exception {
    return Files.exists(buildLog) ? Files.readAllLines(buildLog).size() : 0;
  }

  /** A jar whose Main-Class prints "ran". */
  private byte[] runnableJar() throws Exception {
    Path src = Files.createDirectories(home.resolve("jar-src"));
    Files.writeString(
        src.resolve("Ran.java"),
        "public class Ran { public static void main(String[] a) throws Exception {"
            + " System.out.println(\"ran\"); String f = System.getenv(\"RAN_ARGS\");"
            + " if (f != null) java.nio.file.Files.write(java.nio.file.Path.of(f),"
            + " java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()); } }");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", src.toString(), src.resolve("Ran.java").toString());
    assertEquals(0, rc);
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Ran");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
      jar.putNextEntry(new JarEntry("Ran.class"));
      jar.write(Files.readAllBytes(src.resolve("Ran.class")));
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static void setExecutable(Path p) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
