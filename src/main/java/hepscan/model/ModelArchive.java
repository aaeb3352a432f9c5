package hepscan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hepscan.data.Scaler;
import hepscan.util.AtomicFiles;
import hepscan.util.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The model zip. Every entry lives under one folder named after the model:
 *
 * <ul>
 *   <li>{@code NAME/model.json} — format and version, name, architecture, hyperparameters, scaler,
 *       feature names, input expressions, one-hot categories, class names, training history, best
 *       epoch, hashes (the scan's provenance plus the SHA-256 of the two binary entries); from
 *       version 2 on, the ROC points of the evaluation split ({@code roc: {fpr, tpr}}, optional)
 *   <li>{@code NAME/parameters.bin} — the flat parameters (see {@link Architecture}), float32
 *       little-endian
 *   <li>{@code NAME/probe.bin} — a few evaluation events (raw features) then the outputs the model
 *       gave for them when saved, float32 little-endian: {@link #verify} checks a copy against them
 *   <li>{@code NAME/recipe.yaml} — optional (absent in archives written before it): the parameters
 *       file the training events were prepared with, so that {@code --model NAME --test} prepares
 *       the same events; its SHA-256 is in the hashes
 * </ul>
 *
 * <p>Entries carry a fixed timestamp, so the same model always gives the same bytes.
 */
public final class ModelArchive {
  static final String FORMAT = "hepscan-model";

  /** 2: model.json may hold the evaluation ROC points ({@code roc}); version 1 is still read. */
  static final int VERSION = 2;

  static final String MODEL_JSON = "model.json";
  static final String PARAMETERS = "parameters.bin";
  static final String PROBE = "probe.bin";

  /**
   * The parameters file the training data were prepared with (optional: archives before it have
   * none), so that the model's test outputs are made from the same events.
   */
  static final String RECIPE = "recipe.yaml";

  private static final long FIXED_TIME = 315_532_800_000L; // 1980-01-01, the zip epoch
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelArchive() {}

  /**
   * An archive that is missing, unreadable or not a hepscan model; the message says which and why.
   */
  public static final class ArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    ArchiveException(String message) {
      super(message);
    }
  }

  /** The model name an archive path implies: its file name without {@code .zip}. */
  public static String nameOf(Path zip) {
    String file = zip.getFileName().toString();
    return file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
  }

  static void write(Path zip, TrainedModel model, ModelInfo info, java.util.Optional<RocPoints> roc)
      throws IOException {
    Architecture a = model.architecture();
    if (info.featureNames().size() != a.nInputs()) {
      throw new IllegalArgumentException(
          "model "
              + info.name()
              + ": "
              + info.featureNames().size()
              + " feature names for "
              + a.nInputs()
              + " network inputs");
    }
    if (info.classNames().size() != a.nClasses()) {
      throw new IllegalArgumentException(
          "model "
              + info.name()
              + ": "
              + info.classNames().size()
              + " class names for "
              + a.nClasses()
              + " classes");
    }
    float[] probe = model.probeInputs();
    // the probe's outputs come from a CPU copy: verify() checks them on the CPU, bit for bit, and a
    // GPU's matrix products differ from the CPU's in the last bits
    float[] probeOut;
    try (TrainedModel cpu =
        new TrainedModel(
            a,
            model.hyperparameters(),
            model.scaler(),
            model.parameters(),
            model.history(),
            model.bestEpoch(),
            probe,
            null,
            ai.djl.Device.cpu())) {
      probeOut = cpu.predict(probe, probe.length / a.nInputs());
    }
    byte[] parameters = floats(model.parameters());
    byte[] probeBytes = floats(concat(probe, probeOut));
    Map<String, String> hashes = new LinkedHashMap<>(info.hashes());
    hashes.put("parameters_sha256", Hashing.sha256Hex(parameters));
    hashes.put("probe_sha256", Hashing.sha256Hex(probeBytes));
    if (!info.recipe().isEmpty()) {
      hashes.put(
          "recipe_sha256",
          Hashing.sha256Hex(info.recipe().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    ObjectNode json = describe(model, info, probe.length / a.nInputs(), hashes);
    roc.ifPresent(r -> r.toJson(json.putObject("roc")));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(MODEL_JSON, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    entries.put(PARAMETERS, parameters);
    entries.put(PROBE, probeBytes);
    if (!info.recipe().isEmpty()) {
      entries.put(RECIPE, info.recipe().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    writeZip(zip, info.name(), entries);
  }

  private static ObjectNode describe(
      TrainedModel model, ModelInfo info, int probeEvents, Map<String, String> hashes) {
    Architecture a = model.architecture();
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", VERSION);
    root.put("name", info.name());
    ObjectNode arch = root.putObject("architecture");
    arch.put("n_inputs", a.nInputs());
    ArrayNode hidden = arch.putArray("hidden");
    a.hidden().forEach(hidden::add);
    arch.put("n_outputs", a.nOutputs());
    arch.put("n_classes", a.nClasses());
    arch.put("activation", a.activation().key());
    arch.put("output_activation", a.outputActivation().key());
    arch.put("dropout", a.dropout());
    arch.put("n_parameters", a.nParameters());
    arch.put(
        "parameter_layout",
        "per layer: weight [out,in] row-major, then bias [out]; float32 little-endian");
    root.set("hyperparameters", JSON.valueToTree(model.hyperparameters().toMap()));
    Scaler s = model.scaler();
    ObjectNode scaler = root.putObject("scaler");
    scaler.set("mean", JSON.valueToTree(s.mean()));
    scaler.set("std", JSON.valueToTree(s.std()));
    scaler.set("scaled", JSON.valueToTree(s.scaled()));
    root.set("feature_names", JSON.valueToTree(info.featureNames()));
    root.set("input_expressions", JSON.valueToTree(info.inputExpressions()));
    root.set("one_hot_categories", JSON.valueToTree(info.oneHotCategories()));
    root.set("class_names", JSON.valueToTree(info.classNames()));
    root.put(
        "signal_convention",
        a.nOutputs() == 1
            ? "one sigmoid output: probability of class index 0"
            : "one softmax output per class, class index order");
    ArrayNode history = root.putArray("history");
    for (EpochStats e : model.history()) {
      ObjectNode h = history.addObject();
      h.put("epoch", e.epoch());
      h.put("loss", e.loss());
      h.put("acc", e.acc());
      h.put("val_loss", e.valLoss());
      h.put("val_acc", e.valAcc());
      h.put("lr", e.lr());
      h.put("train_seconds", e.trainSeconds());
      h.put("validation_seconds", e.validationSeconds());
    }
    root.put("best_epoch", model.bestEpoch());
    root.put("probe_events", probeEvents);
    root.set("hashes", JSON.valueToTree(hashes));
    return root;
  }

  static TrainedModel read(Path zip, DeviceChoice device) throws IOException {
    Map<String, byte[]> entries = readZip(zip);
    String name = modelFolder(zip, entries);
    JsonNode json = JSON.readTree(entry(zip, entries, name, MODEL_JSON));
    if (!FORMAT.equals(json.path("format").asText())
        || json.path("format_version").asInt() > VERSION) {
      throw new ArchiveException(
          zip
              + ": "
              + name
              + "/"
              + MODEL_JSON
              + " is not a hepscan model of format version <= "
              + VERSION
              + " (format '"
              + json.path("format").asText()
              + "', version "
              + json.path("format_version").asText()
              + ")");
    }
    if (!name.equals(json.path("name").asText())) {
      throw new ArchiveException(
          zip
              + ": folder '"
              + name
              + "' but model.json names '"
              + json.path("name").asText()
              + "'");
    }
    byte[] parameterBytes = entry(zip, entries, name, PARAMETERS);
    byte[] probeBytes = entry(zip, entries, name, PROBE);
    JsonNode hashes = json.path("hashes");
    checkHash(zip, name, PARAMETERS, parameterBytes, hashes.path("parameters_sha256").asText());
    checkHash(zip, name, PROBE, probeBytes, hashes.path("probe_sha256").asText());
    try {
      JsonNode arch = json.path("architecture");
      List<Integer> hidden = new ArrayList<>();
      arch.path("hidden").forEach(h -> hidden.add(h.asInt()));
      Architecture a =
          new Architecture(
              arch.path("n_inputs").asInt(),
              hidden,
              arch.path("n_outputs").asInt(),
              Activation.parse(arch.path("activation").asText()),
              OutputActivation.parse(arch.path("output_activation").asText()),
              arch.path("dropout").asDouble());
      Hyperparameters hp =
          Hyperparameters.fromMap(JSON.convertValue(json.path("hyperparameters"), objectMap()));
      JsonNode s = json.path("scaler");
      Scaler scaler =
          new Scaler(
              JSON.convertValue(s.path("mean"), double[].class),
              JSON.convertValue(s.path("std"), double[].class),
              JSON.convertValue(s.path("scaled"), boolean[].class));
      List<EpochStats> history = new ArrayList<>();
      for (JsonNode h : json.path("history")) {
        history.add(epochStats(h));
      }
      Map<String, String> provenance = JSON.convertValue(hashes, stringMap());
      byte[] recipe = entries.get(name + "/" + RECIPE);
      if (recipe != null) {
        checkHash(zip, name, RECIPE, recipe, hashes.path("recipe_sha256").asText());
      }
      ModelInfo info =
          new ModelInfo(
              name,
              strings(json.path("feature_names")),
              strings(json.path("input_expressions")),
              JSON.convertValue(json.path("one_hot_categories"), categoryMap()),
              strings(json.path("class_names")),
              provenance,
              recipe == null ? "" : new String(recipe, java.nio.charset.StandardCharsets.UTF_8));
      int probeEvents = json.path("probe_events").asInt();
      float[] probe = toFloats(probeBytes);
      float[] probeInputs = Arrays.copyOf(probe, probeEvents * a.nInputs());
      return new TrainedModel(
          a,
          hp,
          scaler,
          toFloats(parameterBytes),
          history,
          json.path("best_epoch").asInt(),
          probeInputs,
          info,
          Trainer.device(device));
    } catch (IllegalArgumentException e) {
      throw new ArchiveException(
          zip + ": " + name + "/" + MODEL_JSON + " is inconsistent: " + e.getMessage());
    }
  }

  static EpochStats epochStats(JsonNode h) {
    return new EpochStats(
        h.path("epoch").asInt(),
        h.path("loss").asDouble(),
        h.path("acc").asDouble(),
        h.path("val_loss").asDouble(),
        h.path("val_acc").asDouble(),
        h.path("lr").asDouble(),
        h.path("train_seconds").asDouble(),
        h.path("validation_seconds").asDouble());
  }

  /**
   * Checks, without loading the network, that {@code zip} is a whole model archive whose parameters
   * and probe events have the SHA-256 its model.json records: cheap enough to run on every stored
   * result a scan would reuse.
   *
   * @throws ArchiveException naming what is damaged
   */
  public static void checkIntegrity(Path zip) throws IOException {
    Map<String, byte[]> entries = readZip(zip);
    String name = modelFolder(zip, entries);
    JsonNode hashes;
    try {
      hashes = JSON.readTree(entry(zip, entries, name, MODEL_JSON)).path("hashes");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ArchiveException(zip + ": " + name + "/" + MODEL_JSON + " is not JSON");
    }
    checkHash(
        zip,
        name,
        PARAMETERS,
        entry(zip, entries, name, PARAMETERS),
        hashes.path("parameters_sha256").asText());
    checkHash(
        zip, name, PROBE, entry(zip, entries, name, PROBE), hashes.path("probe_sha256").asText());
  }

  /**
   * Loads the archive on the CPU and checks that it predicts its stored probe events exactly as the
   * model did when it was saved.
   *
   * @throws ArchiveException when the outputs differ, naming the first differing value
   */
  public static void verify(Path zip) throws IOException {
    Map<String, byte[]> entries = readZip(zip);
    String name = modelFolder(zip, entries);
    float[] probe = toFloats(entry(zip, entries, name, PROBE));
    try (TrainedModel model = read(zip, DeviceChoice.CPU)) {
      float[] inputs = model.probeInputs();
      int n = inputs.length / model.nInputs();
      float[] expected = Arrays.copyOfRange(probe, inputs.length, probe.length);
      float[] actual = model.predict(inputs, n);
      for (int i = 0; i < expected.length; i++) {
        if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
          throw new ArchiveException(
              zip
                  + ": probe output "
                  + i
                  + " is "
                  + actual[i]
                  + " but was "
                  + expected[i]
                  + " when the model was saved; the archive or the native library differs");
        }
      }
    }
  }

  /** {@link #rename(Path, Path, boolean)} refusing to replace an existing {@code dst}. */
  public static void rename(Path src, Path dst) throws IOException {
    rename(src, dst, false);
  }

  /**
   * Copies {@code src} to {@code dst} renaming the model, its folder and its {@code name} field to
   * {@code dst}'s file name without {@code .zip}, then {@link #verify verifies} the copy (removing
   * it if it fails).
   *
   * @param overwrite replace an existing {@code dst}; refused otherwise
   */
  public static void rename(Path src, Path dst, boolean overwrite) throws IOException {
    if (!Files.isRegularFile(src)) {
      throw new ArchiveException(src + ": no such model archive");
    }
    if (Files.exists(dst) && !overwrite) {
      throw new ArchiveException(dst + " exists already: remove it or ask to overwrite it");
    }
    if (Files.exists(dst) && Files.isSameFile(src, dst)) {
      throw new ArchiveException(src + " and " + dst + " are the same file: give another name");
    }
    String newName = nameOf(dst);
    if (!ModelInfo.NAME.matcher(newName).matches()) {
      throw new ArchiveException(
          dst + ": '" + newName + "' is not a valid model name (letters, digits, '.', '_', '-')");
    }
    Map<String, byte[]> entries = readZip(src);
    String oldName = modelFolder(src, entries);
    read(src, DeviceChoice.CPU).close(); // refuse anything that is not a loadable hepscan model
    ObjectNode json = (ObjectNode) JSON.readTree(entry(src, entries, oldName, MODEL_JSON));
    json.put("name", newName);
    Map<String, byte[]> renamed = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      String inner = e.getKey().substring(oldName.length() + 1);
      renamed.put(
          inner,
          inner.equals(MODEL_JSON)
              ? JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json)
              : e.getValue());
    }
    // the copy is proven before it takes the name: a failed check leaves dst as it was
    Path tmp = AtomicFiles.temporarySibling(dst);
    try {
      writeZip(tmp, newName, renamed);
      verify(tmp);
      AtomicFiles.moveIntoPlace(tmp, dst);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeZip(Path zip, String folder, Map<String, byte[]> entries)
      throws IOException {
    AtomicFiles.write(
        zip,
        out -> {
          ZipOutputStream z = new ZipOutputStream(out);
          for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            ZipEntry entry = new ZipEntry(folder + "/" + e.getKey());
            entry.setTime(FIXED_TIME);
            z.putNextEntry(entry);
            z.write(e.getValue());
            z.closeEntry();
          }
          z.finish();
        });
  }

  static Map<String, byte[]> readZip(Path zip) throws IOException {
    if (!Files.isRegularFile(zip)) {
      throw new ArchiveException(zip + ": no such model archive");
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> all = z.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        checkEntry(zip, e);
        if (!e.isDirectory()) {
          try (InputStream in = z.getInputStream(e)) {
            // bounded: a size the directory understates cannot make us read without end
            byte[] bytes = in.readNBytes(MAX_ENTRY_BYTES + 1);
            if (bytes.length > MAX_ENTRY_BYTES) {
              throw new ArchiveException(
                  zip
                      + ": entry "
                      + e.getName()
                      + " holds more than "
                      + MAX_ENTRY_BYTES
                      + " bytes");
            }
            entries.put(e.getName(), bytes);
          }
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new ArchiveException(zip + ": not a zip archive (" + e.getMessage() + ")");
    }
    return entries;
  }

  /** The largest entry a model archive may hold (a network of 128M float parameters). */
  static final int MAX_ENTRY_BYTES = 512 << 20;

  /**
   * Refuses an entry whose name could escape the archive's folder when copied or unpacked ({@code
   * ../}, absolute, backslashes) or whose declared size is not that of a model.
   */
  static void checkEntry(Path zip, ZipEntry e) throws ArchiveException {
    String name = e.getName();
    boolean unsafe =
        name.isEmpty()
            || name.startsWith("/")
            || name.contains("\\")
            || name.contains(":")
            || java.util.Arrays.asList(name.split("/")).contains("..");
    if (unsafe) {
      throw new ArchiveException(
          zip + ": entry name '" + name + "' is unsafe (absolute or with ..): not a model archive");
    }
    if (e.getSize() > MAX_ENTRY_BYTES) {
      throw new ArchiveException(
          zip
              + ": entry "
              + name
              + " claims "
              + e.getSize()
              + " bytes, more than a model holds ("
              + MAX_ENTRY_BYTES
              + "): not a model archive");
    }
  }

  /** The one folder every entry lives in, which must hold a model.json. */
  static String modelFolder(Path zip, Map<String, byte[]> entries) throws ArchiveException {
    String folder = null;
    for (String entry : entries.keySet()) {
      int slash = entry.indexOf('/');
      String f = slash < 0 ? "" : entry.substring(0, slash);
      if (folder == null) {
        folder = f;
      } else if (!folder.equals(f)) {
        folder = "";
      }
    }
    if (folder == null || folder.isEmpty() || !entries.containsKey(folder + "/" + MODEL_JSON)) {
      throw new ArchiveException(
          zip
              + ": not a hepscan model archive (expected every entry under one folder NAME/ with NAME/"
              + MODEL_JSON
              + "; found "
              + entries.keySet()
              + ")");
    }
    return folder;
  }

  static byte[] entry(Path zip, Map<String, byte[]> entries, String folder, String file)
      throws ArchiveException {
    byte[] b = entries.get(folder + "/" + file);
    if (b == null) {
      throw new ArchiveException(zip + ": entry " + folder + "/" + file + " is missing");
    }
    return b;
  }

  private static void checkHash(Path zip, String folder, String file, byte[] bytes, String expected)
      throws ArchiveException {
    String actual = Hashing.sha256Hex(bytes);
    if (!actual.equals(expected)) {
      throw new ArchiveException(
          zip
              + ": "
              + folder
              + "/"
              + file
              + " has SHA-256 "
              + actual
              + ", model.json says '"
              + expected
              + "': the archive is corrupt");
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> objectMap() {
    return new com.fasterxml.jackson.core.type.TypeReference<>() {};
  }

  private static com.fasterxml.jackson.core.type.TypeReference<Map<String, String>> stringMap() {
    return new com.fasterxml.jackson.core.type.TypeReference<>() {};
  }

  private static com.fasterxml.jackson.core.type.TypeReference<Map<String, List<Long>>>
      categoryMap() {
    return new com.fasterxml.jackson.core.type.TypeReference<>() {};
  }

  private static byte[] floats(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  private static float[] toFloats(byte[] bytes) {
    float[] v = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
