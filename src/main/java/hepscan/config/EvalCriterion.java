package hepscan.config;

import java.util.Locale;

/** The metric that ranks trials; errors and losses sort ascending, the others descending. */
public enum EvalCriterion {
  EVAL_ERROR(true),
  VAL_LOSS(true),
  VAL_ACC(false),
  F1(false),
  AUC(false);

  private final boolean ascending;

  EvalCriterion(boolean ascending) {
    this.ascending = ascending;
  }

  /** True when smaller is better (errors, losses). */
  public boolean ascending() {
    return ascending;
  }

  /** The name in the parameters file and in CSV headers, e.g. {@code val_loss}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
