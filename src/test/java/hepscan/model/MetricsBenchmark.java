package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.data.SplitArrays;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the time of each final metric on 2M evaluation events (and 2M training events for the KS
 * tests), one sigmoid output, before (the merge-sort code kept in {@link MetricsReference}, called
 * as the former {@code EvaluationMetrics.measure} called it: the ROC twice, everything on one
 * thread) and after. Predictions are not included: they are the network's time. Run: {@code mvn -B
 * -o -Pbench test -Dtest=MetricsBenchmark} ({@code -Dbench.events=N}, {@code -Dbench.repeats=N}).
 */
@Tag("bench")
class MetricsBenchmark {
  private static final int EVENTS = Integer.getInteger("bench.events", 2_000_000);
  private static final int REPEATS = Integer.getInteger("bench.repeats", 7);

  @Test
  void finalMetricsOnTwoMillionEvents() {
    SplittableRandom r = new SplittableRandom(20);
    SplitArrays evaluation = split(r, EVENTS);
    SplitArrays training = split(r, EVENTS);
    float[] pe = probabilities(r, evaluation);
    float[] pt = probabilities(r, training);
    double[] score = Metrics.column(pe, 1, 0);
    boolean[] signal = new boolean[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      signal[i] = evaluation.labels()[i] == 0;
    }
    double[][] ksSignal = {select(pt, training, true), select(pe, evaluation, true)};
    float[][] ksSignalWeights = {
      weights(training, true), weights(evaluation, true),
    };
    double[][] ksBackground = {select(pt, training, false), select(pe, evaluation, false)};
    float[][] ksBackgroundWeights = {weights(training, false), weights(evaluation, false)};
    Metrics.Roc fullRoc = Metrics.roc(score, signal, evaluation.weights());
    Map<String, Supplier<Object>> before = new LinkedHashMap<>();
    Map<String, Supplier<Object>> after = new LinkedHashMap<>();
    before.put(
        "eval_error + F1",
        () -> {
          int[] p = Metrics.predictedClasses(pe, 1);
          return Metrics.evalError(p, evaluation.labels(), evaluation.weights())
              + Metrics.macroF1(p, evaluation.labels(), evaluation.weights(), 2);
        });
    after.put("eval_error + F1", before.get("eval_error + F1"));
    before.put("ROC (and AUC)", () -> MetricsReference.roc(score, signal, evaluation.weights()));
    after.put("ROC (and AUC)", () -> Metrics.roc(score, signal, evaluation.weights()));
    before.put(
        "KS, signal",
        () ->
            MetricsReference.ks(ksSignal[0], ksSignalWeights[0], ksSignal[1], ksSignalWeights[1]));
    after.put(
        "KS, signal",
        () -> Metrics.ks(ksSignal[0], ksSignalWeights[0], ksSignal[1], ksSignalWeights[1]));
    before.put(
        "KS, background",
        () ->
            MetricsReference.ks(
                ksBackground[0], ksBackgroundWeights[0], ksBackground[1], ksBackgroundWeights[1]));
    after.put(
        "KS, background",
        () ->
            Metrics.ks(
                ksBackground[0], ksBackgroundWeights[0], ksBackground[1], ksBackgroundWeights[1]));
    before.put("ROC thinned for the archive", () -> RocPoints.of(fullRoc));
    after.put("ROC thinned for the archive", before.get("ROC thinned for the archive"));
    before.put("whole (EvaluationMetrics)", () -> measureAsBefore(pt, training, pe, evaluation));
    after.put(
        "whole (EvaluationMetrics)",
        () -> EvaluationMetrics.of(pt, training, pe, evaluation, 1, 2));

    for (String step : before.keySet()) {
      Object old = before.get(step).get();
      Object now = after.get(step).get();
      if (!(old instanceof EvaluationMetrics)) {
        assertEquals(old, now, step + ": the same figures before and after");
      }
    }
    EvaluationMetrics old = (EvaluationMetrics) before.get("whole (EvaluationMetrics)").get();
    EvaluationMetrics now = EvaluationMetrics.of(pt, training, pe, evaluation, 1, 2);
    assertEquals(old, now, "the whole: the same figures before and after");

    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%,d evaluation + %,d training events, medians of %d (min-max), %d cores%n",
            EVENTS,
            EVENTS,
            REPEATS,
            Runtime.getRuntime().availableProcessors()));
    table.append("| step | before | after |\n|---|---|---|\n");
    for (String step : before.keySet()) {
      double[] b = new double[REPEATS];
      double[] a = new double[REPEATS];
      for (int i = 0; i < REPEATS; i++) { // interleaved, so that load hits both alike
        b[i] = seconds(before.get(step));
        a[i] = seconds(after.get(step));
      }
      table.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", step, summary(b), summary(a)));
    }
    System.out.println(table);
  }

  /**
   * The final metrics as the former EvaluationMetrics.measure (since removed) computed them, on one
   * thread.
   */
  private static EvaluationMetrics measureAsBefore(
      float[] pt, SplitArrays t, float[] pe, SplitArrays e) {
    int[] predicted = Metrics.predictedClasses(pe, 1);
    double error = Metrics.evalError(predicted, e.labels(), e.weights());
    double f1 = Metrics.macroF1(predicted, e.labels(), e.weights(), 2);
    boolean[] signal = new boolean[e.nEvents()];
    for (int i = 0; i < signal.length; i++) {
      signal[i] = e.labels()[i] == 0;
    }
    double auc = MetricsReference.roc(Metrics.column(pe, 1, 0), signal, e.weights()).auc();
    Metrics.KsTest ksSignal =
        MetricsReference.ks(
            select(pt, t, true), weights(t, true), select(pe, e, true), weights(e, true));
    Metrics.KsTest ksBackground =
        MetricsReference.ks(
            select(pt, t, false), weights(t, false), select(pe, e, false), weights(e, false));
    Metrics.Roc roc = MetricsReference.roc(Metrics.column(pe, 1, 0), signal, e.weights());
    return new EvaluationMetrics(
        error,
        1 - error,
        f1,
        auc,
        ksSignal,
        ksBackground,
        java.util.Optional.of(RocPoints.of(roc)));
  }

  private static SplitArrays split(SplittableRandom r, int n) {
    int[] labels = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(3) == 0 ? 0 : 1;
      w[i] = (float) (0.5 + r.nextDouble());
    }
    return new SplitArrays(n, 1, new float[n], labels, w);
  }

  /** Sigmoid outputs in float, as the network gives them: many events share a score. */
  private static float[] probabilities(SplittableRandom r, SplitArrays s) {
    float[] p = new float[s.nEvents()];
    for (int i = 0; i < p.length; i++) {
      double logit = 1.5 * r.nextGaussian() + (s.labels()[i] == 0 ? 1 : -1);
      p[i] = (float) (1 / (1 + Math.exp(-logit)));
    }
    return p;
  }

  private static double[] select(float[] p, SplitArrays s, boolean signal) {
    double[] v = new double[s.nEvents()];
    int n = 0;
    for (int i = 0; i < s.nEvents(); i++) {
      if ((s.labels()[i] == 0) == signal) {
        v[n++] = p[i];
      }
    }
    return Arrays.copyOf(v, n);
  }

  private static float[] weights(SplitArrays s, boolean signal) {
    float[] w = new float[s.nEvents()];
    int n = 0;
    for (int i = 0; i < s.nEvents(); i++) {
      if ((s.labels()[i] == 0) == signal) {
        w[n++] = s.weights()[i];
      }
    }
    return Arrays.copyOf(w, n);
  }

  private static double seconds(Supplier<Object> step) {
    long t0 = System.nanoTime();
    Object result = step.get();
    long t1 = System.nanoTime();
    if (result == null) {
      throw new AssertionError("no result");
    }
    return (t1 - t0) / 1e9;
  }

  private static String summary(double[] seconds) {
    double[] s = seconds.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "%.3f s (%.3f-%.3f)", s[s.length / 2], s[0], s[s.length - 1]);
  }
}
