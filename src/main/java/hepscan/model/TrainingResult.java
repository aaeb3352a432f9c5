package hepscan.model;

import java.util.List;

/**
 * The outcome of {@link Trainer#train}. The model holds the best epoch's weights and native memory:
 * close it (or save it, then close it).
 *
 * @param model the network with the best epoch's weights
 * @param history every epoch run, in order
 * @param bestEpoch 1-based epoch whose weights were kept (best early-stopping monitor, or val_loss)
 * @param roundEpochs epochs actually run
 * @param metrics the best epoch's metrics on the evaluation split
 * @param trainingSeconds wall time of the epochs (batches and per-epoch validation), the final
 *     metrics left out
 * @param eventsPerSecond training events times epochs run, over {@code trainingSeconds}
 * @param metricsSeconds wall time of the final metrics after the epochs: both splits predicted with
 *     the kept weights, then eval_error, F1, AUC, ROC and the KS tests
 * @param device e.g. {@code cpu()} or {@code gpu(0)}
 */
public record TrainingResult(
    TrainedModel model,
    List<EpochStats> history,
    int bestEpoch,
    int roundEpochs,
    EvaluationMetrics metrics,
    double trainingSeconds,
    double eventsPerSecond,
    double metricsSeconds,
    String device) {

  public TrainingResult {
    history = List.copyOf(history);
  }

  /** The trial's whole time in the trainer: the epochs, then the final metrics. */
  public double trialSeconds() {
    return trainingSeconds + metricsSeconds;
  }

  /** The figures of the best epoch. */
  public EpochStats best() {
    return history.get(bestEpoch - 1);
  }
}
