package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.SplitArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {
  private static TrainingInput input;
  private static TrainingResult result;

  @BeforeAll
  static void train() {
    input = Toy.input(600, 3, 3, 2.0, 11);
    Hyperparameters hp =
        Toy.hp(
            "loss_function",
            "categorical_crossentropy",
            "output_activation",
            "softmax",
            "epochs",
            "2",
            "dropout",
            "0.1",
            "l2",
            "1e-4");
    result = Trainer.train(input, hp, TrainingSettings.plain(3), TrainingListener.NONE);
  }

  @AfterAll
  static void close() {
    result.model().close();
  }

  static ModelInfo info(String name) {
    return new ModelInfo(
        name,
        List.of("a", "b", "c"),
        List.of("a", "b", "c"),
        Map.of("nJets", List.of(0L, 1L, 2L)),
        List.of("HH", "TT", "DY"),
        Map.of("parameters", "abc123", "trial", "t1"));
  }

  @Test
  void roundTripPredictsBitIdentically(@TempDir Path dir) throws IOException {
    Path zip = dir.resolve("scan_ab12cd.zip");
    result.model().save(zip, info("scan_ab12cd"));
    SplitArrays e = input.evaluation();
    float[] before = result.model().predict(e.features(), e.nEvents());
    try (TrainedModel loaded = TrainedModel.load(zip)) {
      float[] after = loaded.predict(e.features(), e.nEvents());
      assertArrayEquals(bits(before), bits(after));
      assertEquals(result.model().architecture(), loaded.architecture());
      assertEquals(result.model().hyperparameters(), loaded.hyperparameters());
      assertEquals(result.model().scaler(), loaded.scaler());
      assertEquals(result.history(), loaded.history());
      assertEquals(result.bestEpoch(), loaded.bestEpoch());
      ModelInfo got = loaded.info().orElseThrow();
      assertEquals(info("scan_ab12cd").classNames(), got.classNames());
      assertEquals(info("scan_ab12cd").oneHotCategories(), got.oneHotCategories());
      assertEquals("abc123", got.hashes().get("parameters"));
      assertTrue(got.hashes().containsKey("parameters_sha256"));
    }
    for (String entry : entries(zip)) {
      assertTrue(entry.startsWith("scan_ab12cd/"), entry);
    }
    ModelArchive.verify(zip);
  }

  @Test
  void sameModelSameBytes(@TempDir Path dir) throws IOException {
    result.model().save(dir.resolve("a.zip"), info("m"));
    result.model().save(dir.resolve("b.zip"), info("m"));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a.zip")), Files.readAllBytes(dir.resolve("b.zip")));
  }

  @Test
  void renameChangesEveryInnerNameAndPredictsTheSame(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("scan_ab12cd.zip");
    Path dst = dir.resolve("my_model.zip");
    result.model().save(src, info("scan_ab12cd"));
    ModelArchive.rename(src, dst, false);
    assertEquals(
        List.of("my_model/model.json", "my_model/parameters.bin", "my_model/probe.bin"),
        entries(dst));
    SplitArrays e = input.evaluation();
    try (TrainedModel a = TrainedModel.load(src);
        TrainedModel b = TrainedModel.load(dst)) {
      assertEquals("my_model", b.info().orElseThrow().name());
      assertArrayEquals(
          bits(a.predict(e.features(), e.nEvents())), bits(b.predict(e.features(), e.nEvents())));
    }
    assertTrue(Files.exists(src), "the source stays");
  }

  @Test
  void renameRefusals(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("m.zip");
    result.model().save(src, info("m"));
    Path missing = dir.resolve("missing.zip");
    assertTrue(
        assertThrows(
                IOException.class, () -> ModelArchive.rename(missing, dir.resolve("x.zip"), false))
            .getMessage()
            .contains("no such model archive"));
    Path taken = dir.resolve("taken.zip");
    Files.writeString(taken, "x");
    assertTrue(
        assertThrows(IOException.class, () -> ModelArchive.rename(src, taken, false))
            .getMessage()
            .contains("exists already"));
    ModelArchive.rename(src, taken, true);
    ModelArchive.verify(taken);

    Path foreign = dir.resolve("foreign.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(foreign))) {
      z.putNextEntry(new ZipEntry("readme.txt"));
      z.write("hello".getBytes());
    }
    Path out = dir.resolve("out.zip");
    assertTrue(
        assertThrows(IOException.class, () -> ModelArchive.rename(foreign, out, false))
            .getMessage()
            .contains("not a hepscan model archive"));
    assertFalse(Files.exists(out));
    Path text = dir.resolve("text.zip");
    Files.writeString(text, "not a zip");
    assertTrue(
        assertThrows(IOException.class, () -> ModelArchive.rename(text, out, false))
            .getMessage()
            .contains("not a zip"));
  }

  @Test
  void corruptParametersAreDetected(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("m.zip");
    result.model().save(src, info("m"));
    Path bad = withAFlippedBit(src, "parameters.bin", dir.resolve("bad.zip"));
    assertTrue(
        assertThrows(IOException.class, () -> TrainedModel.load(bad))
            .getMessage()
            .contains("corrupt"));
  }

  /** The recipe travels with the model: stored, hashed, kept by a rename, damage detected. */
  @Test
  void theRecipeIsStoredHashedAndKeptByARename(@TempDir Path dir) throws IOException {
    ModelInfo plain = info("m");
    String recipe = "ratios: {training: 0.5, evaluation: 0.25, output: 0.25}\ncut: n >= 2\n";
    ModelInfo withRecipe =
        new ModelInfo(
            plain.name(),
            plain.featureNames(),
            plain.inputExpressions(),
            plain.oneHotCategories(),
            plain.classNames(),
            plain.hashes(),
            recipe);
    Path src = dir.resolve("m.zip");
    result.model().save(src, withRecipe);
    Path renamed = dir.resolve("best.zip");
    ModelArchive.rename(src, renamed);
    try (TrainedModel loaded = TrainedModel.load(renamed)) {
      assertEquals(recipe, loaded.info().orElseThrow().recipe());
    }
    Path old = dir.resolve("old.zip");
    result.model().save(old, plain);
    try (TrainedModel loaded = TrainedModel.load(old)) {
      assertEquals("", loaded.info().orElseThrow().recipe());
    }
    Path bad = withAFlippedBit(src, "recipe.yaml", dir.resolve("bad.zip"));
    assertTrue(
        assertThrows(IOException.class, () -> TrainedModel.load(bad))
            .getMessage()
            .contains("recipe.yaml"));
  }

  /** A copy of {@code src} whose entry ending in {@code entry} has its first bit flipped. */
  private static Path withAFlippedBit(Path src, String entry, Path bad) throws IOException {
    try (ZipFile in = new ZipFile(src.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        byte[] b = in.getInputStream(e).readAllBytes();
        if (e.getName().endsWith(entry)) {
          b[0] ^= 1;
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(b);
      }
    }
    return bad;
  }

  /** Entries that would escape the archive's folder are refused, not copied. */
  @Test
  void pathTraversalEntriesAreRefused(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("m.zip");
    result.model().save(src, info("m"));
    for (String evil : List.of("m/../../x", "/etc/x", "m\\..\\x")) {
      Path bad = dir.resolve("bad.zip");
      try (ZipFile in = new ZipFile(src.toFile());
          ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
        for (ZipEntry e : java.util.Collections.list(in.entries())) {
          out.putNextEntry(new ZipEntry(e.getName()));
          out.write(in.getInputStream(e).readAllBytes());
        }
        out.putNextEntry(new ZipEntry(evil));
        out.write(new byte[] {1});
      }
      IOException e = assertThrows(IOException.class, () -> TrainedModel.load(bad));
      assertTrue(e.getMessage().contains("is unsafe"), e.getMessage());
    }
  }

  /** A size no model has is refused before anything is read or allocated. */
  @Test
  void anEntryClaimingGigabytesIsRefusedBeforeItIsRead() {
    ZipEntry huge = new ZipEntry("m/parameters.bin");
    huge.setSize(3L << 30);
    IOException e =
        assertThrows(IOException.class, () -> ModelArchive.checkEntry(Path.of("m.zip"), huge));
    assertTrue(e.getMessage().contains("claims 3221225472 bytes"), e.getMessage());
  }

  @Test
  void saveChecksNamesAgainstTheNetwork(@TempDir Path dir) {
    ModelInfo wrong =
        new ModelInfo(
            "m", List.of("a"), List.of("a"), Map.of(), List.of("HH", "TT", "DY"), Map.of());
    assertThrows(
        IllegalArgumentException.class, () -> result.model().save(dir.resolve("m.zip"), wrong));
    assertThrows(IllegalArgumentException.class, () -> info("bad name"));
  }

  @Test
  void version2StoresTheRocPointsAndVersion1ArchivesAreStillRead(@TempDir Path dir)
      throws Exception {
    Path zip = dir.resolve("m.zip");
    RocPoints roc = result.metrics().roc().orElseThrow();
    result.model().save(zip, info("m"), result.metrics().roc());
    ArchiveSummary v2 = ArchiveSummary.read(zip);
    assertEquals(2, v2.formatVersion());
    assertEquals(2, v2.history().size());
    assertEquals(result.history(), v2.history());
    double[] fpr = v2.roc().orElseThrow().fpr();
    double[] tpr = v2.roc().orElseThrow().tpr();
    assertTrue(fpr.length >= 2 && fpr.length <= RocPoints.MAX_POINTS, fpr.length + " points");
    assertEquals(0, fpr[0]);
    assertEquals(0, tpr[0]);
    assertEquals(1, fpr[fpr.length - 1], 1e-7);
    assertEquals(1, tpr[tpr.length - 1], 1e-7);
    // stored as float: the curve is the one measured, to float precision
    assertArrayEquals(roc.fpr(), fpr, 1e-7);
    assertArrayEquals(roc.tpr(), tpr, 1e-7);

    // the same archive as version 1 wrote it: no roc, format_version 1, same binary entries
    Path v1 = dir.resolve("old.zip");
    rewriteModelJson(
        zip,
        v1,
        json -> {
          json.remove("roc");
          json.put("format_version", 1);
        });
    ArchiveSummary old = ArchiveSummary.read(v1);
    assertEquals(1, old.formatVersion());
    assertTrue(old.roc().isEmpty());
    assertEquals(result.history(), old.history());
    try (TrainedModel a = TrainedModel.load(zip);
        TrainedModel b = TrainedModel.load(v1)) {
      float[] probe = a.probeInputs();
      int n = probe.length / a.nInputs();
      assertArrayEquals(bits(a.predict(probe, n)), bits(b.predict(probe, n)));
    }
    ModelArchive.checkIntegrity(v1);

    // a newer version than this hepscan knows is refused, with the version in the message
    Path v3 = dir.resolve("new.zip");
    rewriteModelJson(zip, v3, json -> json.put("format_version", 3));
    IOException e = assertThrows(IOException.class, () -> TrainedModel.load(v3));
    assertTrue(e.getMessage().contains("format version <= 2"), e.getMessage());
  }

  @Test
  void aLongRocIsThinnedKeepingItsEndsAndShape() {
    int n = 5001;
    double[] f = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      f[i] = (double) i / (n - 1);
      t[i] = Math.sqrt(f[i]);
    }
    RocPoints thin = RocPoints.of(new Metrics.Roc(f, t, new double[n]));
    assertEquals(RocPoints.MAX_POINTS, thin.fpr().length);
    assertEquals(0, thin.fpr()[0]);
    assertEquals(1, thin.fpr()[RocPoints.MAX_POINTS - 1]);
    for (int i = 1; i < RocPoints.MAX_POINTS; i++) {
      assertTrue(thin.fpr()[i] >= thin.fpr()[i - 1]);
      // every kept point lies on the curve
      assertEquals(Math.sqrt(thin.fpr()[i]), thin.tpr()[i], 1e-12);
    }
    // the area of the thinned curve is that of sqrt, 2/3, to a small fraction
    double area = 0;
    for (int i = 1; i < RocPoints.MAX_POINTS; i++) {
      area += (thin.fpr()[i] - thin.fpr()[i - 1]) * (thin.tpr()[i] + thin.tpr()[i - 1]) / 2;
    }
    assertEquals(2.0 / 3, area, 1e-3);
  }

  /** Copies {@code src} to {@code dst} with its model.json changed by {@code edit}. */
  static void rewriteModelJson(
      Path src,
      Path dst,
      java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
      throws IOException {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    try (ZipFile in = new ZipFile(src.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(dst))) {
      for (ZipEntry e : in.stream().toList()) {
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().endsWith("/model.json")) {
          var json = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(bytes);
          edit.accept(json);
          bytes = mapper.writeValueAsBytes(json);
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
  }

  static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  static List<String> entries(Path zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      z.stream().forEach(e -> names.add(e.getName()));
    }
    return names;
  }
}
