package hepscan.config;

/**
 * The per-event split fractions. They sum to 1 (within 1e-9); training and evaluation are positive
 * (the network needs both), output may be 0.
 */
public record Ratios(double training, double evaluation, double output) {
  public static final double TOLERANCE = 1e-9;

  /** The default split: 0.6 / 0.2 / 0.2. */
  public static final Ratios DEFAULT = new Ratios(0.6, 0.2, 0.2);

  public Ratios {
    if (!(training > 0)
        || !(evaluation > 0)
        || !(output >= 0)
        || Math.abs(training + evaluation + output - 1) > TOLERANCE) {
      throw new IllegalArgumentException(
          "ratios "
              + training
              + " + "
              + evaluation
              + " + "
              + output
              + ": need training > 0, evaluation > 0, output >= 0, summing to 1");
    }
  }
}
