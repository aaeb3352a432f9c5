package hepscan.config;

import com.fasterxml.jackson.databind.JsonNode;
import hepscan.util.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a sample list YAML, resolves its file globs and looks up each background file's cross
 * section and event-weight sum. Format:
 *
 * <pre>
 * samples:
 *   ttbar:                           # sample key
 *     files: [samples/ttbar*.root]   # globs (or one string), relative to the base directory
 *     tree: tree                     # TTree path in each file (default: tree)
 *     tag: background                # class name, matched by an output $background
 *     signal: false                  # true: learning weight = event weight (default false)
 *     cut: ...                       # this sample's own cut, and'ed with the global one
 *     weight: ...                    # this sample's own weight factor
 *     event_weight_sum_from: Runs/genEventSumw  # TREE/BRANCH summed over each file's entries
 * </pre>
 *
 * A file's name in the JSON files is its file name without {@code .root}, falling back to the
 * sample key.
 */
public final class SampleListLoader {
  static final List<String> SAMPLE_KEYS =
      List.of("files", "tree", "tag", "signal", "cut", "weight", "event_weight_sum_from");

  private SampleListLoader() {}

  /**
   * Loads a sample list on its own (for {@code --output KEY} and tools); problems are thrown
   * together.
   */
  public static SampleList load(
      Path file, Path baseDir, Optional<Path> xsecJson, Optional<Path> sumJson)
      throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    SampleList list =
        load(file, baseDir.toAbsolutePath().normalize(), xsecJson, sumJson, file, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return list;
  }

  /** Loads into {@code errors}; returns null when the file could not be read at all. */
  static SampleList load(
      Path file,
      Path baseDir,
      Optional<Path> xsecJson,
      Optional<Path> sumJson,
      Path parameters,
      List<ConfigError> errors) {
    YamlReader y = new YamlReader(file, errors);
    Optional<JsonNode> root = y.readTree(false);
    if (root.isEmpty()) {
      return null;
    }
    y.checkKeys(root.get(), "", List.of("samples"));
    Optional<JsonNode> samplesNode = y.object(root.get(), "samples", "");
    if (samplesNode.isEmpty()) {
      if (!root.get().has("samples")) {
        y.error("samples", null, "missing; list the samples under a 'samples:' key");
      }
      return null;
    }
    if (samplesNode.get().isEmpty()) {
      y.error("samples", "{}", "no samples; add at least one");
    }
    Optional<JsonNode> xsec = xsecJson.flatMap(p -> new YamlReader(p, errors).readTree(true));
    Optional<JsonNode> sums = sumJson.flatMap(p -> new YamlReader(p, errors).readTree(true));

    List<Sample> samples = new ArrayList<>();
    boolean anyBackground = false;
    for (var it = samplesNode.get().fields(); it.hasNext(); ) {
      var e = it.next();
      String key = e.getKey();
      String path = "samples." + key;
      JsonNode s = e.getValue();
      if (!s.isObject()) {
        y.error(path, YamlReader.show(s), "expected a mapping with files, tree, tag and signal");
        continue;
      }
      y.checkKeys(s, path, SAMPLE_KEYS);
      List<String> globs = y.strings(s, "files", path, true).orElse(List.of());
      if (!s.has("files")) {
        y.error(path + ".files", null, "missing; give the sample's ROOT files (globs allowed)");
      }
      String tree = y.string(s, "tree", path, "tree");
      String cut = y.string(s, "cut", path, "");
      String weight = y.string(s, "weight", path, "");
      Optional<String> tag = y.string(s, "tag", path);
      if (tag.isEmpty() && !s.has("tag")) {
        y.error(
            path + ".tag",
            null,
            "missing; give the class name of the sample (e.g. signal, background)");
      }
      boolean signal = y.bool(s, "signal", path).orElse(false);
      anyBackground |= !signal;
      String sumFrom = y.string(s, "event_weight_sum_from", path, "");
      if (!sumFrom.isEmpty()) {
        int slash = sumFrom.lastIndexOf('/');
        if (slash <= 0 || slash == sumFrom.length() - 1) {
          y.error(
              path + ".event_weight_sum_from",
              sumFrom,
              "expected TREE/BRANCH, e.g. Runs/genEventSumw (the branch summed over the tree's"
                  + " entries in each file)");
          sumFrom = "";
        } else if (signal) {
          y.error(
              path + ".event_weight_sum_from",
              sumFrom,
              "a signal sample is not normalised (signal: true); remove the key or make it a"
                  + " background");
          sumFrom = "";
        }
      }

      List<SampleFile> files = new ArrayList<>();
      for (int i = 0; i < globs.size(); i++) {
        List<Path> matches = glob(baseDir, globs.get(i));
        if (matches.isEmpty()) {
          y.error(
              path + ".files[" + i + "]",
              globs.get(i),
              "no file matches (looked under " + baseDir + "); fix the path or pattern");
        }
        for (Path m : matches) {
          if (files.stream().anyMatch(f -> f.path().equals(m))) {
            continue;
          }
          SampleFile f =
              signal
                  ? new SampleFile(m, lookupBase(m), 1, 1)
                  : background(m, key, xsec, xsecJson, sums, sumJson, errors);
          if (!sumFrom.isEmpty() && !f.sumToCompute()) {
            y.error(
                path + ".event_weight_sum_from",
                sumFrom,
                "the event-weight sum of "
                    + m.getFileName()
                    + " is also given in "
                    + sumJson.map(Path::toString).orElse("event_weight_sum_json")
                    + "; give it in one place");
          }
          files.add(f);
        }
      }
      if (tag.isPresent()) {
        samples.add(new Sample(key, globs, tree, tag.get(), signal, files, cut, weight, sumFrom));
      }
    }
    if (anyBackground) {
      // a key given with a wrong path is already reported: say it once
      if (xsecJson.isEmpty() && xsec.isEmpty() && !reported(errors, "xsec_json")) {
        errors.add(
            new ConfigError(
                parameters,
                "xsec_json",
                null,
                "missing; the sample list "
                    + file
                    + " has backgrounds (signal: false), which need cross sections"));
      }
      // no event-weight sums given: the data preparation computes them from the files
    }
    return new SampleList(file, samples, contentHash(file, xsecJson, sumJson));
  }

  private static boolean reported(List<ConfigError> errors, String keyPath) {
    return errors.stream().anyMatch(e -> keyPath.equals(e.keyPath()));
  }

  private static String lookupBase(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".root") ? name.substring(0, name.length() - ".root".length()) : name;
  }

  private static SampleFile background(
      Path file,
      String sampleKey,
      Optional<JsonNode> xsec,
      Optional<Path> xsecPath,
      Optional<JsonNode> sums,
      Optional<Path> sumPath,
      List<ConfigError> errors) {
    String base = lookupBase(file);
    String name = xsec.map(j -> j.has(base) ? base : sampleKey).orElse(base);
    double x = lookup(xsec, xsecPath, base, sampleKey, file, "cross section", errors);
    // a sum the JSON does not give (or no JSON) is NaN: computed from the sample's files
    double w =
        sums.isPresent() && (sums.get().has(base) || sums.get().has(sampleKey))
            ? lookup(sums, sumPath, base, sampleKey, file, "event-weight sum", errors)
            : Double.NaN;
    return new SampleFile(file, name, x, w);
  }

  private static double lookup(
      Optional<JsonNode> json,
      Optional<Path> jsonPath,
      String base,
      String sampleKey,
      Path file,
      String what,
      List<ConfigError> errors) {
    if (json.isEmpty()) {
      return Double.NaN; // the missing JSON itself was reported
    }
    String name = json.get().has(base) ? base : sampleKey;
    JsonNode v = json.get().get(name);
    if (v == null) {
      errors.add(
          new ConfigError(
              jsonPath.get(),
              "",
              null,
              "no "
                  + what
                  + " for file "
                  + file
                  + ": tried '"
                  + base
                  + "' (file name) and '"
                  + sampleKey
                  + "' (sample key); add an entry under one of them"));
      return Double.NaN;
    }
    Double d = YamlReader.asNumber(v);
    if (d == null || !(d > 0) || Double.isInfinite(d)) {
      errors.add(
          new ConfigError(
              jsonPath.get(),
              name,
              YamlReader.show(v),
              "expected a positive number (" + what + ")"));
      return Double.NaN;
    }
    return d;
  }

  /**
   * The files matching {@code pattern} (a glob relative to {@code baseDir}, or absolute), sorted.
   * {@code *} and {@code ?} stay within one folder, {@code **} crosses folders.
   */
  static List<Path> glob(Path baseDir, String pattern) {
    Path full = baseDir.resolve(pattern).normalize();
    String text = full.toString();
    if (!text.matches(".*[*?\\[{].*")) {
      return Files.isRegularFile(full) ? List.of(full) : List.of();
    }
    Path root = full.getRoot();
    int fixed = 0;
    for (Path part : full) {
      if (part.toString().matches(".*[*?\\[{].*")) {
        break;
      }
      root = root == null ? part : root.resolve(part);
      fixed++;
    }
    if (root == null || !Files.isDirectory(root)) {
      return List.of();
    }
    int depth = text.contains("**") ? Integer.MAX_VALUE : full.getNameCount() - fixed;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + text);
    try (Stream<Path> walk = Files.walk(root, depth)) {
      return walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String contentHash(Path file, Optional<Path> xsec, Optional<Path> sums) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Optional<Path> p : List.of(Optional.of(file), xsec, sums)) {
      all.writeBytes(p.map(ParametersLoader::bytesOrEmpty).orElse(new byte[0]));
      all.write(0);
    }
    return Hashing.sha256Hex(all.toByteArray());
  }
}
