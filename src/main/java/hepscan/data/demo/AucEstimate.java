package hepscan.data.demo;

import java.util.Arrays;
import java.util.List;

/**
 * A weighted ROC AUC, P(score of a signal event > score of a background event) with ties counted
 * half, and its Monte-Carlo standard error from DeLong's placement values, weighted. Events come in
 * groups of equal weight, so only primitive arrays are sorted: fast for millions of events.
 */
record AucEstimate(double auc, double uncertainty) {

  /** Events of one class that share one weight (e.g. one background sample). */
  record Group(double[] scores, double weight) {}

  static AucEstimate of(List<Group> signal, List<Group> background) {
    double[][] sig = sorted(signal);
    double[][] bkg = sorted(background);
    double wSig = total(signal);
    double wBkg = total(background);
    // placements: V10 = weighted fraction of background below a signal event, V01 the converse
    double[][] v10 = new double[sig.length][];
    double[][] v01 = new double[bkg.length][];
    for (int s = 0; s < sig.length; s++) {
      v10[s] = new double[sig[s].length];
    }
    for (int b = 0; b < bkg.length; b++) {
      v01[b] = new double[bkg[b].length];
    }
    for (int s = 0; s < sig.length; s++) {
      for (int b = 0; b < bkg.length; b++) {
        addPlacements(sig[s], bkg[b], background.get(b).weight() / wBkg, v10[s]);
        addPlacementsAbove(bkg[b], sig[s], signal.get(s).weight() / wSig, v01[b]);
      }
    }
    double auc = 0;
    for (int s = 0; s < sig.length; s++) {
      auc += signal.get(s).weight() * sum(v10[s]) / wSig;
    }
    double variance = 0;
    for (int s = 0; s < sig.length; s++) {
      double w = signal.get(s).weight() / wSig;
      variance += w * w * squaredDeviations(v10[s]);
    }
    for (int b = 0; b < bkg.length; b++) {
      double w = background.get(b).weight() / wBkg;
      variance += w * w * squaredDeviations(v01[b]);
    }
    return new AucEstimate(auc, Math.sqrt(variance));
  }

  /** out[i] += w × (number of y below x[i] + half the number equal); x and y sorted. */
  private static void addPlacements(double[] x, double[] y, double w, double[] out) {
    int below = 0;
    int notAbove = 0;
    for (int i = 0; i < x.length; i++) {
      while (below < y.length && y[below] < x[i]) {
        below++;
      }
      notAbove = Math.max(notAbove, below);
      while (notAbove < y.length && y[notAbove] <= x[i]) {
        notAbove++;
      }
      out[i] += w * (below + 0.5 * (notAbove - below));
    }
  }

  /** out[j] += w × (number of x above y[j] + half the number equal); x and y sorted. */
  private static void addPlacementsAbove(double[] y, double[] x, double w, double[] out) {
    int below = 0;
    int notAbove = 0;
    for (int j = 0; j < y.length; j++) {
      while (below < x.length && x[below] < y[j]) {
        below++;
      }
      notAbove = Math.max(notAbove, below);
      while (notAbove < x.length && x[notAbove] <= y[j]) {
        notAbove++;
      }
      out[j] += w * ((x.length - notAbove) + 0.5 * (notAbove - below));
    }
  }

  private static double[][] sorted(List<Group> groups) {
    double[][] out = new double[groups.size()][];
    for (int g = 0; g < out.length; g++) {
      out[g] = groups.get(g).scores().clone();
      Arrays.sort(out[g]);
    }
    return out;
  }

  private static double total(List<Group> groups) {
    double t = 0;
    for (Group g : groups) {
      t += g.weight() * g.scores().length;
    }
    if (!(t > 0)) {
      throw new IllegalArgumentException(
          "an AUC needs events of positive total weight in each class");
    }
    return t;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  /** Around the group's own mean: groups have fixed sizes (strata), not random ones. */
  private static double squaredDeviations(double[] v) {
    double mean = sum(v) / v.length;
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return s;
  }
}
