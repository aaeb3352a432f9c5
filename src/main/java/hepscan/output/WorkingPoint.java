package hepscan.output;

import hepscan.model.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * A cut on the signal score chosen for a target background efficiency: the loosest cut whose
 * background efficiency does not exceed the target, and the signal efficiency it keeps.
 *
 * @param targetBackgroundEfficiency what was asked (0.001, 0.01, 0.1)
 * @param backgroundEfficiency what the cut gives (at most the target)
 * @param signalEfficiency the weighted fraction of signal kept
 * @param threshold events with a score at or above it pass ({@code +inf}: none passes)
 */
public record WorkingPoint(
    double targetBackgroundEfficiency,
    double backgroundEfficiency,
    double signalEfficiency,
    double threshold) {

  /** The background efficiencies the summary reports, as HEP analyses quote them. */
  public static final double[] TARGETS = {0.001, 0.01, 0.1};

  /** One working point per target, read off the ROC (points ordered by rising efficiencies). */
  public static List<WorkingPoint> of(Metrics.Roc roc, double... targets) {
    double[] fpr = roc.fpr();
    double[] tpr = roc.tpr();
    double[] thresholds = roc.thresholds();
    List<WorkingPoint> out = new ArrayList<>();
    for (double target : targets) {
      int best = 0; // (0, 0) at threshold +inf always qualifies
      for (int i = 0; i < fpr.length && fpr[i] <= target; i++) {
        best = i;
      }
      out.add(new WorkingPoint(target, fpr[best], tpr[best], thresholds[best]));
    }
    return out;
  }
}
