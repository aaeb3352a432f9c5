package hepscan.config;

/**
 * The {@code reduce_lr} section (Keras' ReduceLROnPlateau). Defaults for keys left out: monitor
 * {@code val_loss}, factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0.
 */
public record ReduceLrParams(
    String monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
  public static final ReduceLrParams DEFAULT = new ReduceLrParams("val_loss", 0.1, 10, 1e-4, 0, 0);
}
