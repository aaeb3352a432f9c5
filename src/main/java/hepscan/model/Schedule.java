package hepscan.model;

/**
 * Per-epoch decisions with Keras' semantics: which epoch is best (weights kept), early stopping and
 * learning-rate reduction.
 */
final class Schedule {
  private final EarlyStopping earlyStopping;
  private final ReduceLr reduceLr;
  private final Monitor bestMonitor;
  private final boolean bestMaximises;
  private double bestValue = Double.NaN;

  private double stopBest;
  private int stopWait;
  private int epochsSeen;

  private double lr;
  private double lrBest;
  private int lrWait;
  private int cooldown;

  Schedule(TrainingSettings settings, double initialLr) {
    earlyStopping = settings.earlyStopping();
    reduceLr = settings.reduceLr();
    bestMonitor = earlyStopping != null ? earlyStopping.monitor() : Monitor.VAL_LOSS;
    bestMaximises = earlyStopping != null && earlyStopping.mode().maximises(bestMonitor);
    if (earlyStopping != null) {
      stopBest = bestMaximises ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    lr = initialLr;
    if (reduceLr != null) {
      lrBest =
          reduceLr.monitor().autoMaximises() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
  }

  /** The mutable state, for a checkpoint. */
  double[] state() {
    return new double[] {bestValue, stopBest, stopWait, epochsSeen, lr, lrBest, lrWait, cooldown};
  }

  /** Continues from {@link #state()}. */
  void restore(double[] s) {
    bestValue = s[0];
    stopBest = s[1];
    stopWait = (int) s[2];
    epochsSeen = (int) s[3];
    lr = s[4];
    lrBest = s[5];
    lrWait = (int) s[6];
    cooldown = (int) s[7];
  }

  /** The learning rate of the next epoch. */
  double lr() {
    return lr;
  }

  /** Whether this epoch beats every earlier one on the best-epoch monitor (NaN never does). */
  boolean isBest(EpochStats e) {
    double v = bestMonitor.of(e);
    boolean better =
        !Double.isNaN(v)
            && (Double.isNaN(bestValue) || (bestMaximises ? v > bestValue : v < bestValue));
    if (better) {
      bestValue = v;
    }
    return better;
  }

  /** Updates LR reduction and early stopping; true when training should stop. */
  boolean endOfEpoch(EpochStats e) {
    epochsSeen++;
    if (reduceLr != null) {
      reduceLrStep(reduceLr.monitor().of(e));
    }
    if (earlyStopping == null) {
      return false;
    }
    double v = earlyStopping.monitor().of(e);
    stopWait++;
    if (improves(v, stopBest, earlyStopping.minDelta(), bestMaximises)) {
      stopBest = v;
      stopWait = 0;
      return false;
    }
    return stopWait >= earlyStopping.patience() && epochsSeen > 1;
  }

  private void reduceLrStep(double v) {
    boolean max = reduceLr.monitor().autoMaximises();
    if (cooldown > 0) {
      cooldown--;
      lrWait = 0;
    }
    if (improves(v, lrBest, reduceLr.minDelta(), max)) {
      lrBest = v;
      lrWait = 0;
    } else if (cooldown == 0) {
      lrWait++;
      if (lrWait >= reduceLr.patience() && lr > reduceLr.minLr()) {
        lr = Math.max(lr * reduceLr.factor(), reduceLr.minLr());
        cooldown = reduceLr.cooldown();
        lrWait = 0;
      }
    }
  }

  private static boolean improves(double v, double best, double minDelta, boolean maximise) {
    return maximise ? v - minDelta > best : v + minDelta < best;
  }
}
