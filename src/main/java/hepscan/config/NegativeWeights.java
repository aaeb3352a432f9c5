package hepscan.config;

import java.util.Locale;

/**
 * What happens to events whose event weight is not positive. {@code DROP} (default, as
 * HHMachineLearning) removes events with weight {@code <= 0}; {@code ABS} uses |weight| (events of
 * weight 0 still contribute nothing); {@code KEEP} uses the weights as they are.
 */
public enum NegativeWeights {
  DROP,
  ABS,
  KEEP;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
