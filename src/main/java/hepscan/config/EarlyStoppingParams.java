package hepscan.config;

/**
 * The {@code early_stopping} section (Keras' EarlyStopping). Defaults for keys left out: monitor
 * {@code val_loss}, min_delta 0, patience 10, mode {@code auto}.
 *
 * @param monitor {@code val_loss}, {@code val_acc}, {@code loss} or {@code acc}
 * @param mode {@code min}, {@code max} or {@code auto}
 */
public record EarlyStoppingParams(String monitor, double minDelta, int patience, String mode) {
  public static final EarlyStoppingParams DEFAULT =
      new EarlyStoppingParams("val_loss", 0, 10, "auto");
}
