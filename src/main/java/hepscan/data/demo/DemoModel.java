package hepscan.data.demo;

import hepscan.data.demo.Density.Beta;
import hepscan.data.demo.Density.Categorical;
import hepscan.data.demo.Density.Gaussian;
import hepscan.data.demo.Density.ShiftedGamma;
import java.util.List;

/**
 * The demo's three samples, HH→bbWW-like in spirit: a signal with a Higgs-like m_bb peak, close
 * b-jets and real b-tags; ttbar with real b-jets but broad m_bb, wide jets and harder MET;
 * Drell–Yan with a Z peak in m_ll and light-flavour jets. Smooth, mostly unimodal densities, so a
 * small MLP can come close to the Bayes-optimal AUC in a few epochs. Cross sections are the 13 TeV
 * values.
 */
final class DemoModel {
  private DemoModel() {}

  static final String SIGNAL_TAG = "signal";
  static final String BACKGROUND_TAG = "background";

  static SampleModel signal() {
    return new SampleModel(
        "signal",
        SIGNAL_TAG,
        Double.NaN,
        0.2,
        new ShiftedGamma(20, 3, 20),
        new Gaussian(0, 1.0),
        new ShiftedGamma(30, 3, 25),
        new Beta(5, 1),
        new Beta(4, 2),
        new ShiftedGamma(0, 23, 5.2), // m_bb: a Higgs-like peak, mean 120, sd 25, always > 0
        new ShiftedGamma(12, 2, 25),
        new ShiftedGamma(0.4, 3, 0.4),
        new ShiftedGamma(0, 2, 35),
        new Categorical(2, new double[] {0.15, 0.35, 0.30, 0.20}));
  }

  static SampleModel ttbar() {
    return new SampleModel(
        "ttbar",
        BACKGROUND_TAG,
        831.76,
        0.05,
        new ShiftedGamma(20, 2, 30),
        new Gaussian(0, 1.2),
        new ShiftedGamma(30, 2, 40),
        new Beta(4, 1),
        new Beta(3, 2),
        new ShiftedGamma(20, 3, 40),
        new ShiftedGamma(12, 2, 35),
        new ShiftedGamma(0.4, 3, 0.55),
        new ShiftedGamma(0, 2, 40),
        new Categorical(2, new double[] {0.10, 0.30, 0.35, 0.25}));
  }

  static SampleModel dy() {
    return new SampleModel(
        "dy",
        BACKGROUND_TAG,
        6077.22,
        0.01,
        new ShiftedGamma(20, 2, 22),
        new Gaussian(0, 1.4),
        new ShiftedGamma(30, 3, 20),
        new Beta(3, 1),
        new Beta(2, 2),
        new ShiftedGamma(20, 2, 45),
        new ShiftedGamma(0, 13, 7), // m_ll: around the Z, mean 91, sd 25, always > 0
        new ShiftedGamma(0.4, 3, 0.6),
        new ShiftedGamma(0, 2, 25),
        new Categorical(2, new double[] {0.35, 0.30, 0.20, 0.15}));
  }

  /** Signal first, then the backgrounds. */
  static List<SampleModel> samples() {
    return List.of(signal(), ttbar(), dy());
  }
}
