package hepscan.model;

import hepscan.data.SplitArrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A trained model's figures on the evaluation split, weighted with the learning weights.
 *
 * @param evalError weighted misclassification rate
 * @param accuracy {@code 1 - evalError}
 * @param f1 macro-averaged F1
 * @param auc ROC AUC (binary: signal vs rest; multi-class: mean of one-vs-rest)
 * @param ksSignal signal score (output 0) of signal events, training vs evaluation split
 * @param ksBackground signal score of background events (class index != 0), training vs evaluation
 * @param roc the ROC curve of the signal score (output 0), signal against the rest, thinned to at
 *     most {@link RocPoints#MAX_POINTS} points for the model archive; absent when it cannot be made
 *     (a diverged network, a class without events)
 */
public record EvaluationMetrics(
    double evalError,
    double accuracy,
    double f1,
    double auc,
    Metrics.KsTest ksSignal,
    Metrics.KsTest ksBackground,
    java.util.Optional<RocPoints> roc) {

  /** The smaller KS p-value of signal and background: small means overtraining. */
  public double ksPValue() {
    return Math.min(ksSignal.pValue(), ksBackground.pValue());
  }

  /**
   * The figures from the model's probabilities ({@code n x k}, row-major) on the training split
   * ({@code pt}) and the evaluation split ({@code pe}). The signal ROC is computed once (its area
   * is the binary AUC); the background KS test runs first, then the signal ROC and KS test in
   * parallel: all are exact and deterministic, so the figures do not depend on the threads.
   */
  static EvaluationMetrics of(
      float[] pt, SplitArrays training, float[] pe, SplitArrays evaluation, int k, int nClasses) {
    if (!allFinite(pe) || !allFinite(pt)) {
      // a diverged network (NaN weights): the trial is kept, with NaN figures that rank last
      Metrics.KsTest none = new Metrics.KsTest(Double.NaN, Double.NaN, 0, 0);
      return new EvaluationMetrics(
          Double.NaN, Double.NaN, Double.NaN, Double.NaN, none, none, java.util.Optional.empty());
    }
    // the background's KS test first and alone: it sorts the most events, and beside the others
    // its arrays doubled the metrics' heap (3M events: 208 MB live at most, 99 MB alone)
    Metrics.KsTest ksBackground = ks(pt, training, pe, evaluation, k, false);
    var signalRoc = CompletableFuture.supplyAsync(() -> signalRoc(pe, evaluation, k));
    var ksSignal = CompletableFuture.supplyAsync(() -> ks(pt, training, pe, evaluation, k, true));
    int[] predicted = Metrics.predictedClasses(pe, k);
    double error = Metrics.evalError(predicted, evaluation.labels(), evaluation.weights());
    double f1 = Metrics.macroF1(predicted, evaluation.labels(), evaluation.weights(), nClasses);
    Optional<Metrics.Roc> roc = join(signalRoc);
    // one output: the AUC is the signal ROC's area (the same curve Metrics.auc would compute again)
    double auc =
        k == 1 && roc.isPresent()
            ? roc.get().auc()
            : Metrics.auc(pe, k, evaluation.labels(), evaluation.weights());
    return new EvaluationMetrics(
        error, 1 - error, f1, auc, join(ksSignal), ksBackground, roc.map(RocPoints::of));
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * The ROC of output 0 for the signal (class 0) against the rest; empty when it cannot be made.
   */
  private static Optional<Metrics.Roc> signalRoc(float[] p, SplitArrays e, int k) {
    boolean[] signal = new boolean[e.nEvents()];
    for (int i = 0; i < signal.length; i++) {
      signal[i] = e.labels()[i] == 0;
    }
    try {
      return Optional.of(Metrics.roc(Metrics.column(p, k, 0), signal, e.weights()));
    } catch (IllegalArgumentException noSignalOrNoBackground) {
      return Optional.empty();
    }
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static Metrics.KsTest ks(
      float[] pt, SplitArrays t, float[] pe, SplitArrays e, int k, boolean signal) {
    Selected st = select(pt, t, k, signal);
    Selected se = select(pe, e, k, signal);
    return Metrics.ks(st.scores(), st.weights(), se.scores(), se.weights());
  }

  /** The signal scores and learning weights of some events. */
  private record Selected(double[] scores, float[] weights) {}

  /** The signal (or background) events' signal scores and weights. */
  private static Selected select(float[] p, SplitArrays a, int k, boolean signal) {
    int[] labels = a.labels();
    int n = 0;
    for (int label : labels) {
      n += (label == 0) == signal ? 1 : 0;
    }
    double[] s = new double[n];
    float[] w = new float[n];
    int j = 0;
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] == 0) == signal) {
        s[j] = p[i * k];
        w[j++] = a.weights()[i];
      }
    }
    return new Selected(s, w);
  }
}
