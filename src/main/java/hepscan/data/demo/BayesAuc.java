package hepscan.data.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The best AUC any classifier can reach on the demo: that of the exact likelihood ratio {@code
 * p_s(x) / Σ_b f_b p_b(x)}, estimated on a large sample drawn from the true densities, independent
 * of the written files.
 *
 * @param fractions the background mixture f_b (summing to 1) the classifier is trained on
 * @param signalEvents, backgroundEventsEach the size of the Monte-Carlo sample
 */
record BayesAuc(
    double auc,
    double uncertainty,
    Map<String, Double> fractions,
    int signalEvents,
    int backgroundEventsEach,
    long seed) {

  BayesAuc {
    fractions = Collections.unmodifiableMap(new LinkedHashMap<>(fractions));
  }

  static final String METHOD =
      "AUC of the exact likelihood ratio p_signal(x) / sum_b f_b p_b(x), with the closed-form"
          + " densities that generated the files, on an independent Monte-Carlo sample drawn from"
          + " those densities (each background's events weighted by f_b / its event count);"
          + " uncertainty: DeLong's standard error. f_b = the background fractions of hepscan's"
          + " learning weights (event weight x xsec / event-weight sum, negative weights dropped);"
          + " the event weights are independent of the inputs, so dropping negative ones changes"
          + " no density. No selection: every event has n_jets >= 2.";

  /** A background and its fraction f_b of the background learning weight. */
  record Component(SampleModel model, double fraction) {}

  static BayesAuc compute(
      SampleModel signal,
      List<Component> backgrounds,
      int signalEvents,
      int backgroundEventsEach,
      long seed) {
    DemoEvents sig = signal.sample(DemoRandom.stream(seed, "bayes/" + signal.name()), signalEvents);
    List<AucEstimate.Group> bkgGroups = new ArrayList<>();
    Map<String, Double> fractions = new LinkedHashMap<>();
    for (Component b : backgrounds) {
      DemoEvents ev =
          b.model()
              .sample(DemoRandom.stream(seed, "bayes/" + b.model().name()), backgroundEventsEach);
      bkgGroups.add(
          new AucEstimate.Group(
              logRatio(ev, signal, backgrounds), b.fraction() / backgroundEventsEach));
      fractions.put(b.model().name(), b.fraction());
    }
    AucEstimate est =
        AucEstimate.of(
            List.of(new AucEstimate.Group(logRatio(sig, signal, backgrounds), 1.0)), bkgGroups);
    return new BayesAuc(
        est.auc(), est.uncertainty(), fractions, signalEvents, backgroundEventsEach, seed);
  }

  /** log p_s(x) − log Σ_b f_b p_b(x), the latter by log-sum-exp to stay finite. */
  static double[] logRatio(DemoEvents e, SampleModel signal, List<Component> backgrounds) {
    double[] out = signal.logDensity(e);
    int nb = backgrounds.size();
    double[][] terms = new double[nb][];
    for (int b = 0; b < nb; b++) {
      terms[b] = backgrounds.get(b).model().logDensity(e);
      double logF = StrictMath.log(backgrounds.get(b).fraction());
      for (int i = 0; i < out.length; i++) {
        terms[b][i] += logF;
      }
    }
    for (int i = 0; i < out.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int b = 0; b < nb; b++) {
        max = Math.max(max, terms[b][i]);
      }
      if (max == Double.NEGATIVE_INFINITY) {
        out[i] = Double.POSITIVE_INFINITY; // no background can produce this event
        continue;
      }
      double sum = 0;
      for (int b = 0; b < nb; b++) {
        sum += StrictMath.exp(terms[b][i] - max);
      }
      out[i] -= max + StrictMath.log(sum);
    }
    return out;
  }
}
