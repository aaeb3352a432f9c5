package hepscan.scan;

import hepscan.util.CanonicalText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One finished trial, as one row of a results CSV: the scan keys, then the measured values. The
 * best epoch's figures are the ones of the weights that were kept.
 */
public record TrialResult(
    String trialId,
    int repetition,
    Map<String, Object> hyperparameters,
    int roundEpochs,
    int bestEpoch,
    double loss,
    double acc,
    double valLoss,
    double valAcc,
    double evalError,
    double f1,
    double auc,
    double ksPvalue,
    double trainingSeconds,
    double eventsPerSecond,
    double metricsSeconds,
    String device,
    String paramsHash,
    String dataHash,
    String zip) {

  /**
   * The numbers that say how good a trial is (best epoch and evaluation split): a result row whose
   * value here is not a number was damaged. NaN is a number (a diverged trial).
   */
  public static final List<String> QUALITY_COLUMNS =
      List.of("loss", "acc", "val_loss", "val_acc", "eval_error", "f1", "auc", "ks_pvalue");

  /** The measured columns, in CSV order, after the scan keys. */
  public static final List<String> METRIC_COLUMNS =
      List.of(
          "round_epochs",
          "best_epoch",
          "loss",
          "acc",
          "val_loss",
          "val_acc",
          "eval_error",
          "f1",
          "auc",
          "ks_pvalue",
          "training_seconds",
          "events_per_second",
          "metrics_seconds",
          "trial_seconds",
          "device",
          "params_hash",
          "data_hash",
          "zip");

  public TrialResult {
    hyperparameters = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(hyperparameters));
  }

  /**
   * The trial's whole time: {@code trainingSeconds} (the epochs) plus {@code metricsSeconds} (the
   * final metrics). Results written before these columns existed have neither.
   */
  public double trialSeconds() {
    return trainingSeconds + metricsSeconds;
  }

  /**
   * The CSV header for a scan with these keys: trial_id, repetition, sorted scan keys, then
   * METRIC_COLUMNS.
   */
  public static List<String> header(Iterable<String> scanKeys) {
    List<String> h = new ArrayList<>();
    h.add("trial_id");
    h.add("repetition");
    new java.util.TreeSet<String>(toList(scanKeys)).forEach(h::add);
    h.addAll(METRIC_COLUMNS);
    return h;
  }

  /** The row's cells, by column name. */
  public Map<String, String> cells() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("trial_id", trialId);
    c.put("repetition", Integer.toString(repetition));
    hyperparameters.forEach((k, v) -> c.put(k, CanonicalText.value(v)));
    c.put("round_epochs", Integer.toString(roundEpochs));
    c.put("best_epoch", Integer.toString(bestEpoch));
    c.put("loss", num(loss));
    c.put("acc", num(acc));
    c.put("val_loss", num(valLoss));
    c.put("val_acc", num(valAcc));
    c.put("eval_error", num(evalError));
    c.put("f1", num(f1));
    c.put("auc", num(auc));
    c.put("ks_pvalue", num(ksPvalue));
    c.put("training_seconds", num(trainingSeconds));
    c.put("events_per_second", num(eventsPerSecond));
    c.put("metrics_seconds", num(metricsSeconds));
    c.put("trial_seconds", num(trialSeconds()));
    c.put("device", device);
    c.put("params_hash", paramsHash);
    c.put("data_hash", dataHash);
    c.put("zip", zip);
    return c;
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private static List<String> toList(Iterable<String> it) {
    List<String> l = new ArrayList<>();
    it.forEach(l::add);
    return l;
  }
}
