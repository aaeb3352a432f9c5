package hepscan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a report needs of a model archive, read from its model.json alone (no network is loaded, no
 * native engine started): the training history and, from format version 2 on, the ROC points of the
 * evaluation split.
 *
 * @param name the model's name (its folder in the zip)
 * @param formatVersion the archive's format version
 * @param history one entry per epoch trained
 * @param bestEpoch the epoch whose weights were kept
 * @param roc the evaluation ROC (signal against the rest), absent in archives of version 1
 * @param hashes the archive's provenance (trial id, parameters and data hashes, ...)
 */
public record ArchiveSummary(
    String name,
    int formatVersion,
    List<EpochStats> history,
    int bestEpoch,
    Optional<RocPoints> roc,
    Map<String, String> hashes) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ArchiveSummary {
    history = List.copyOf(history);
    hashes = java.util.Collections.unmodifiableMap(new TreeMap<>(hashes));
  }

  /**
   * Reads the summary of {@code zip}.
   *
   * @throws ModelArchive.ArchiveException when it is missing or not a hepscan model archive
   */
  public static ArchiveSummary read(Path zip) throws IOException {
    Map<String, byte[]> entries = ModelArchive.readZip(zip);
    String name = ModelArchive.modelFolder(zip, entries);
    JsonNode json;
    try {
      json = JSON.readTree(ModelArchive.entry(zip, entries, name, ModelArchive.MODEL_JSON));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ModelArchive.ArchiveException(
          zip + ": " + name + "/" + ModelArchive.MODEL_JSON + " is not JSON");
    }
    List<EpochStats> history = new ArrayList<>();
    for (JsonNode h : json.path("history")) {
      history.add(ModelArchive.epochStats(h));
    }
    Map<String, String> hashes = new TreeMap<>();
    json.path("hashes")
        .fields()
        .forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText()));
    return new ArchiveSummary(
        name,
        json.path("format_version").asInt(),
        history,
        json.path("best_epoch").asInt(),
        RocPoints.fromJson(json.path("roc")),
        hashes);
  }
}
