package hepscan.model;

/** A per-epoch quantity watched by {@link EarlyStopping} and {@link ReduceLr}. */
public enum Monitor {
  VAL_LOSS,
  VAL_ACC,
  LOSS,
  ACC;

  public String key() {
    return Names.key(this);
  }

  public static Monitor parse(String name) {
    return Names.parse(Monitor.class, values(), name, "monitor");
  }

  double of(EpochStats e) {
    return switch (this) {
      case VAL_LOSS -> e.valLoss();
      case VAL_ACC -> e.valAcc();
      case LOSS -> e.loss();
      case ACC -> e.acc();
    };
  }

  /** Keras' {@code mode="auto"}: accuracies are maximised, losses minimised. */
  boolean autoMaximises() {
    return this == VAL_ACC || this == ACC;
  }
}
