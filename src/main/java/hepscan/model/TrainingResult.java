package hepscan.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Trainer#train}. The model holds the best epoch's weights and native memory:
 * close it (or save it, then close it).
 *
 * @param model the network with the best epoch's weights
 * @param history every epoch run, in order
 * @param bestEpoch 1-based epoch whose weights were kept (best early-stopping monitor, or val_loss)
 * @param roundEpochs epochs actually run
 * @param metrics the best epoch's metrics on the evaluation split
 * @param trainingSeconds wall time of the epochs (batches and validation)
 * @param eventsPerSecond training events times epochs run, over {@code trainingSeconds}
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
    String device) {

  public TrainingResult {
    history = List.copyOf(history);
  }

  /**
   * The trial's figures for a results row, in a stable order with snake_case names: round_epochs,
   * best_epoch, loss, acc, val_loss, val_acc (best epoch), eval_error, accuracy, f1, auc, ks_pvalue
   * (the smaller of signal and background), ks_signal_pvalue, ks_background_pvalue,
   * ks_signal_statistic, ks_background_statistic, training_seconds, events_per_second, device.
   */
  public Map<String, Object> figures() {
    EpochStats b = best();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round_epochs", roundEpochs);
    m.put("best_epoch", bestEpoch);
    m.put("loss", b.loss());
    m.put("acc", b.acc());
    m.put("val_loss", b.valLoss());
    m.put("val_acc", b.valAcc());
    m.put("eval_error", metrics.evalError());
    m.put("accuracy", metrics.accuracy());
    m.put("f1", metrics.f1());
    m.put("auc", metrics.auc());
    m.put("ks_pvalue", metrics.ksPValue());
    m.put("ks_signal_pvalue", metrics.ksSignal().pValue());
    m.put("ks_background_pvalue", metrics.ksBackground().pValue());
    m.put("ks_signal_statistic", metrics.ksSignal().statistic());
    m.put("ks_background_statistic", metrics.ksBackground().statistic());
    m.put("training_seconds", trainingSeconds);
    m.put("events_per_second", eventsPerSecond);
    m.put("device", device);
    return m;
  }

  /** The figures of the best epoch. */
  public EpochStats best() {
    return history.get(bestEpoch - 1);
  }
}
