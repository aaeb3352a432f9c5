package hepscan.model;

import java.util.Objects;

/**
 * Keras' {@code ReduceLROnPlateau}: after {@code patience} epochs without an improvement of {@code
 * monitor} by more than {@code minDelta} (direction: min for losses, max for accuracies), the
 * learning rate is multiplied by {@code factor}, not below {@code minLr}; then {@code cooldown}
 * epochs pass before counting again.
 */
public record ReduceLr(
    Monitor monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {

  public ReduceLr {
    Objects.requireNonNull(monitor, "reduce_lr.monitor");
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException(
          "reduce_lr.factor = " + factor + ": expected a number in (0, 1)");
    }
    if (patience < 0 || cooldown < 0 || !(minDelta >= 0) || !(minLr >= 0)) {
      throw new IllegalArgumentException(
          "reduce_lr: patience ("
              + patience
              + "), cooldown ("
              + cooldown
              + "), min_delta ("
              + minDelta
              + ") and min_lr ("
              + minLr
              + ") must be >= 0");
    }
  }
}
