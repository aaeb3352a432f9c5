package hepscan.config;

import java.nio.file.Path;

/**
 * One ROOT file of a sample, with the numbers that turn its event weights into learning weights.
 *
 * @param path absolute path
 * @param lookupName the name used in the JSON files: the file name without {@code .root}, or the
 *     sample key when the JSON has no entry under the file name
 * @param xsec cross section (1 for signal, whose cross section is not used)
 * @param eventWeightSum sum of the event weights before any cut (1 for signal)
 */
public record SampleFile(Path path, String lookupName, double xsec, double eventWeightSum) {

  /**
   * xsec / event-weight sum for backgrounds, 1 for signal; for a background whose sum is to be
   * computed ({@link #sumToCompute()}), xsec alone until the sum is known.
   */
  public double normalisation(boolean signal) {
    return signal ? 1.0 : sumToCompute() ? xsec : xsec / eventWeightSum;
  }

  /** Whether the event-weight sum was not given and is computed from the sample's files. */
  public boolean sumToCompute() {
    return Double.isNaN(eventWeightSum);
  }
}
