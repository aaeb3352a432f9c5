package hepscan.slurm;

import java.util.List;
import java.util.Map;

/**
 * What one array task trains: its trials with their full hyperparameters, and what they must be
 * trained on (the parameters snapshot and its hash, the data hash, the shared settings' hash). A
 * task refuses to train when any of these no longer holds.
 *
 * @param parametersSnapshot the snapshot of the parameters file, relative to the project directory
 * @param device auto, cpu or gpu, as given to {@code --submit}
 */
public record JobSpec(
    String name,
    int round,
    int index,
    String parametersFile,
    String parametersSnapshot,
    String parametersSha256,
    String settingsHash,
    String dataHash,
    String device,
    List<Trial> trials) {

  public JobSpec {
    trials = List.copyOf(trials);
  }

  /** One trial of the task, as the grid made it. */
  public record Trial(String id, int repetition, long seed, Map<String, Object> hyperparameters) {}

  public List<String> trialIds() {
    return trials.stream().map(Trial::id).toList();
  }
}
