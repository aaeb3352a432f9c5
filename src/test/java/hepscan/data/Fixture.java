package hepscan.data;

import hepscan.config.ConfigException;
import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.data.expr.VariableRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A project folder for data tests: placeholder files on disk (the loader and the cache key look at
 * them) whose events live in memory, served by an {@link EventSource} that counts its reads.
 */
final class Fixture implements EventSource {
  final Path dir;
  final Map<Path, Map<String, double[]>> events = new HashMap<>();
  int reads;
  final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  Fixture(Path dir) {
    this.dir = dir;
  }

  /** Adds a file {@code data/<name>.root} with these scalar branches (all of the same length). */
  Fixture file(String name, Map<String, double[]> branches) throws IOException {
    Path p = dir.resolve("data").resolve(name + ".root");
    Files.createDirectories(p.getParent());
    Files.writeString(p, "placeholder " + name);
    events.put(p, new LinkedHashMap<>(branches));
    return this;
  }

  Fixture write(String relative, String content) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return this;
  }

  Parameters params(String yaml) throws IOException, ConfigException {
    write("params.yaml", yaml);
    return ParametersLoader.load(dir.resolve("params.yaml"), dir);
  }

  PreparedData prepare(Parameters p) throws ConfigException, DataException {
    return DataPreparation.prepare(p, dir, log, this);
  }

  String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public FileColumns read(Path file, String tree, Set<VariableRef> variables) throws DataException {
    reads++;
    Map<String, double[]> b = events.get(file);
    if (b == null) {
      throw new DataException(file + ": no such test file");
    }
    int n = b.values().iterator().next().length;
    Map<VariableRef, double[]> out = new HashMap<>();
    for (VariableRef v : variables) {
      double[] col = b.get(v.branch());
      if (col == null || v.index() >= 0) {
        throw new DataException(file + ": tree '" + tree + "' has no scalar branch '" + v + "'");
      }
      out.put(v, col);
    }
    return FileColumns.ofDoubles(n, out);
  }

  static double[] range(int n, double start) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = start + i;
    }
    return a;
  }

  static double[] fill(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
