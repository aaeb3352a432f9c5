package hepscan.model;

import java.util.Objects;

/**
 * Keras' {@code EarlyStopping}: training stops once {@code monitor} has not improved by more than
 * {@code minDelta} for {@code patience} epochs in a row (never after the first epoch).
 */
public record EarlyStopping(Monitor monitor, double minDelta, int patience, MonitorMode mode) {

  public EarlyStopping {
    Objects.requireNonNull(monitor, "early_stopping.monitor");
    Objects.requireNonNull(mode, "early_stopping.mode");
    if (!(minDelta >= 0) || patience < 0) {
      throw new IllegalArgumentException(
          "early_stopping: min_delta ("
              + minDelta
              + ") and patience ("
              + patience
              + ") must be >= 0");
    }
  }
}
