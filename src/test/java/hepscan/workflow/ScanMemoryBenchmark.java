package hepscan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.TestFiles;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peak memory and time of a whole scan (issue 14) at several sizes: demo-like data of {@value
 * #FEATURES} float inputs (signal and background Gaussians whose means differ by 0.25 in every
 * input, a third of the events signal), one trial of one epoch of a small network, each size run
 * twice as its own {@code hepscan --scan} process under {@code /usr/bin/time -v}: first preparing
 * from the ROOT files (and writing the cache), then from the cache. Prints the peak RSS, its ratio
 * to the bytes of the prepared arrays the scan needs (features, labels and learning weights of the
 * training and evaluation splits), the preparation (or cache read) time, the epoch time and the
 * final metrics' time.
 *
 * <p>The scans run with the JVM options users get: those the {@code ./hepscan} launcher prints
 * ({@code HEPSCAN_PRINT_JVM_OPTIONS=1}: the heap it sizes for this machine's memory and the options
 * of {@code src/main/resources/hepscan/jvm.options}, which the SLURM task script gives too).
 *
 * <p>Run: {@code mvn -B -o -Pbench test -Dtest=ScanMemoryBenchmark} with {@code
 * -Dbench.sizes=1000000,3000000} (events; default 1M, 3M, 10M and 30M), {@code -Dbench.jvm=-Xms64m}
 * (more JVM options, after the launcher's: they win), {@code -Dbench.xmx=12g} (a heap limit instead
 * of the launcher's) and {@code -Dbench.memory=8192} (the launcher sizes the heap as for a SLURM
 * task of that many MB); {@code -Dbench.keep=DIR} writes the projects under DIR and keeps them, for
 * a closer look at one run. 30M events take 2.6 GB of ROOT files and about 12 minutes.
 */
@Tag("bench")
class ScanMemoryBenchmark {
  static final int FEATURES = 20;

  @TempDir Path dir;

  @Test
  void peakMemoryPerSize() throws Exception {
    List<String> jvm = jvmOptions();
    List<Long> sizes =
        Arrays.stream(
                System.getProperty("bench.sizes", "1000000,3000000,10000000,30000000").split(","))
            .map(s -> Long.parseLong(s.strip()))
            .toList();
    System.out.printf(
        Locale.ROOT,
        "ScanMemoryBenchmark: %d float inputs, 1 trial of 1 epoch, %d cores, JVM options %s%n",
        FEATURES,
        Runtime.getRuntime().availableProcessors(),
        String.join(" ", jvm));
    System.out.printf(
        Locale.ROOT,
        "%-11s %-8s %11s %10s %9s %7s %8s %8s %8s %6s%n",
        "events",
        "run",
        "needed MB",
        "cache MB",
        "peak MB",
        "ratio",
        "data s",
        "epoch s",
        "metric s",
        "auc");
    String keep = System.getProperty("bench.keep");
    for (long events : sizes) {
      Path project = (keep == null ? dir : Path.of(keep)).resolve("n" + events);
      writeProject(project, events);
      for (String run : List.of("prepare", "cache")) {
        Figures f = scan(project, run, jvm);
        System.out.printf(
            Locale.ROOT,
            "%,11d %-8s %,11d %,10d %,9d %7.2f %8.1f %8.1f %8.1f %6.4f%n",
            events,
            run,
            f.neededBytes() >> 20,
            f.cacheBytes() >> 20,
            f.peakKb() >> 10,
            (f.peakKb() << 10) / (double) f.neededBytes(),
            f.dataSeconds(),
            f.epochSeconds(),
            f.metricsSeconds(),
            f.auc());
        System.out.flush();
      }
      if (keep == null) {
        deleteTree(project); // the ROOT files and the cache of 30M events take 5 GB
      }
    }
  }

  /**
   * What one scan process measured.
   *
   * @param neededBytes features, labels and weights of the training and evaluation splits
   */
  record Figures(
      long peakKb,
      long neededBytes,
      long cacheBytes,
      double dataSeconds,
      double epochSeconds,
      double metricsSeconds,
      double auc) {}

  private static final Pattern PEAK =
      Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
  private static final Pattern DATA =
      Pattern.compile("data: (?:from cache .* in|.* read and prepared in) ([0-9.]+) s");

  /**
   * The launcher's JVM options ({@code -Dbench.memory}: as in a SLURM task of that many MB), then
   * {@code -Xmx} of {@code -Dbench.xmx} and the options of {@code -Dbench.jvm} (space-separated),
   * which come later and win.
   */
  private static List<String> jvmOptions() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of("hepscan").toAbsolutePath().toString());
    pb.environment().remove("HEPSCAN_JAVA_OPTS");
    pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_"));
    pb.environment().put("HEPSCAN_PRINT_JVM_OPTIONS", "1");
    String memory = System.getProperty("bench.memory");
    if (memory != null) {
      pb.environment().put("SLURM_MEM_PER_NODE", memory);
    }
    Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> options =
        new ArrayList<>(
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    assertEquals(0, p.waitFor(), "the launcher failed to print its JVM options");
    String xmx = System.getProperty("bench.xmx");
    if (xmx != null) {
      options.add("-Xmx" + xmx);
    }
    String extra = System.getProperty("bench.jvm", "").strip();
    if (!extra.isEmpty()) {
      options.addAll(List.of(extra.split("\\s+")));
    }
    return options;
  }

  /** Runs {@code --scan} as its own process under {@code /usr/bin/time -v}. */
  private static Figures scan(Path project, String run, List<String> jvm) throws Exception {
    Path time = project.resolve("time-" + run + ".txt");
    Path log = project.resolve("log-" + run + ".txt");
    ProcessBuilder pb =
        TestFiles.hepscanProcess(
            jvm,
            "-C",
            project.toString(),
            "--scan",
            run,
            "-p",
            project.resolve("scan.yaml").toString());
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", time.toString()));
    command.addAll(pb.command());
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    String out = Files.readString(log);
    assertEquals(0, exit, "scan " + run + " failed:\n" + out);
    Matcher peak = PEAK.matcher(Files.readString(time));
    assertTrue(peak.find(), "no peak RSS in " + time);
    Matcher data = DATA.matcher(out);
    assertTrue(data.find(), "no data time in the log:\n" + out);
    long needed = 0;
    boolean table = false;
    for (String line : out.lines().toList()) {
      if (line.startsWith("class ")) {
        table = true;
      } else if (table && line.matches("^\\S+\\s+(\\d+\\s+){4}\\S+(\\s+\\d+){3}$")) {
        String[] c = line.trim().split("\\s+");
        needed += (Long.parseLong(c[6]) + Long.parseLong(c[7])) * (4L * FEATURES + 8);
      } else {
        table = false;
      }
    }
    assertTrue(needed > 0, "no per-class table in the log:\n" + out);
    long cache;
    try (Stream<Path> files = Files.list(project.resolve("model/cache"))) {
      cache = files.mapToLong(f -> f.toFile().length()).sum();
    }
    List<String> csv;
    try (Stream<Path> files = Files.list(project.resolve("model/" + run))) {
      Path trial = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
      csv = Files.readAllLines(trial);
    }
    List<String> header = List.of(csv.get(0).split(","));
    String[] row = csv.get(1).split(",");
    return new Figures(
        Long.parseLong(peak.group(1)),
        needed,
        cache,
        Double.parseDouble(data.group(1)),
        Double.parseDouble(row[header.indexOf("training_seconds")]),
        Double.parseDouble(row[header.indexOf("metrics_seconds")]),
        Double.parseDouble(row[header.indexOf("auc")]));
  }

  /** The ROOT files (a third signal) and a 1-trial, 1-epoch parameters file. */
  static void writeProject(Path project, long events) throws IOException {
    Files.createDirectories(project.resolve("data"));
    long signal = events / 3;
    writeFile(project.resolve("data/sig.root"), signal, 0.25, 1);
    writeFile(project.resolve("data/bkg.root"), events - signal, 0, 2);
    Files.writeString(
        project.resolve("samples.yaml"),
        "samples:\n  sig: {files: [data/sig.root], tag: S, signal: true}\n"
            + "  bkg: {files: [data/bkg.root], tag: B}\n");
    Files.writeString(project.resolve("x.json"), "{\"bkg\": 1}");
    String inputs =
        IntStream.range(0, FEATURES).mapToObj(v -> "v" + v).collect(Collectors.joining(", "));
    Files.writeString(
        project.resolve("scan.yaml"),
        "samples: samples.yaml\nxsec_json: x.json\nevent_weight_sum_json: x.json\nsuffix: bench\n"
            + "weight: w\noutputs: [$S, $B]\ninputs: ["
            + inputs
            + "]\nratios: {training: 0.6, evaluation: 0.2, output: 0.2}\n"
            + "scan: {lr: [0.003], first_neuron: [32], hidden_layers: [1], epochs: [1],"
            + " batch_size: [1024]}\n");
  }

  /** {@code events} events of v0..v19 (Gaussian, mean {@code shift}) and w = 1, zlib level 1. */
  private static void writeFile(Path file, long events, double shift, long seed)
      throws IOException {
    List<BranchSpec> branches = new ArrayList<>();
    for (int v = 0; v < FEATURES; v++) {
      branches.add(new BranchSpec("v" + v, LeafType.FLOAT));
    }
    branches.add(new BranchSpec("w", LeafType.FLOAT));
    SplittableRandom rng = new SplittableRandom(seed);
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t = w.createTree("tree", "bench", branches);
      int chunk = 100_000;
      for (long start = 0; start < events; start += chunk) {
        int m = (int) Math.min(chunk, events - start);
        Object[] cols = new Object[FEATURES + 1];
        for (int v = 0; v < FEATURES; v++) {
          float[] a = new float[m];
          for (int i = 0; i < m; i++) {
            a[i] = (float) (shift + rng.nextGaussian());
          }
          cols[v] = a;
        }
        float[] weights = new float[m];
        Arrays.fill(weights, 1f);
        cols[FEATURES] = weights;
        t.append(cols);
      }
      w.finish();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
