package hepscan.data.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.demo.Density.Beta;
import hepscan.data.demo.Density.Categorical;
import hepscan.data.demo.Density.Gaussian;
import hepscan.data.demo.Density.ShiftedGamma;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoModelTest {
  private static final int N = 100_000;

  @Test
  void densitiesIntegrateToOneAndMatchTheirSamples() {
    // (density, lower, upper, analytic mean, analytic standard deviation)
    record Case(Density d, double lo, double hi, double mean, double sd) {}
    List<Case> cases =
        List.of(
            new Case(new Gaussian(120, 25), -100, 400, 120, 25),
            new Case(new ShiftedGamma(20, 3, 20), 20, 1000, 80, Math.sqrt(3) * 20),
            new Case(new ShiftedGamma(0.4, 1, 0.6), 0.4, 30, 1.0, 0.6),
            new Case(new ShiftedGamma(0, 23, 5.2), 0, 600, 23 * 5.2, Math.sqrt(23) * 5.2),
            new Case(new Beta(5, 1), 0, 1, 5.0 / 6, Math.sqrt(5.0 / (36 * 7))),
            new Case(new Beta(2, 3), 0, 1, 0.4, Math.sqrt(6.0 / (25 * 6))));
    for (Case c : cases) {
      int steps = 200_000;
      double h = (c.hi() - c.lo()) / steps;
      double integral = 0;
      for (int i = 0; i < steps; i++) {
        integral += Math.exp(c.d().logPdf(c.lo() + (i + 0.5) * h)) * h; // midpoint rule
      }
      assertEquals(1.0, integral, 1e-4, c.d() + " integrates to 1");
      DemoRandom rng = new DemoRandom(3);
      double sum = 0;
      double sum2 = 0;
      for (int i = 0; i < N; i++) {
        double x = c.d().sample(rng);
        sum += x;
        sum2 += x * x;
      }
      double mean = sum / N;
      double sd = Math.sqrt(sum2 / N - mean * mean);
      assertEquals(c.mean(), mean, 5 * c.sd() / Math.sqrt(N), c.d() + " sample mean");
      assertEquals(c.sd(), sd, 0.02 * c.sd(), c.d() + " sample standard deviation");
    }
  }

  @Test
  void categoricalFrequencies() {
    Categorical c = new Categorical(2, new double[] {0.15, 0.35, 0.30, 0.20});
    DemoRandom rng = new DemoRandom(5);
    int[] counts = new int[4];
    for (int i = 0; i < N; i++) {
      counts[(int) c.sample(rng) - 2]++;
    }
    double[] p = c.probabilities();
    for (int k = 0; k < 4; k++) {
      double sigma = Math.sqrt(N * p[k] * (1 - p[k]));
      assertEquals(N * p[k], counts[k], 5 * sigma, "n_jets = " + (k + 2));
      assertEquals(Math.log(p[k]), c.logPdf(k + 2), 1e-15);
    }
    assertEquals(Double.NEGATIVE_INFINITY, c.logPdf(1));
    assertEquals(Double.NEGATIVE_INFINITY, c.logPdf(6));
  }

  @Test
  void eventsArePhysicallySensibleForEverySample() {
    for (SampleModel m : DemoModel.samples()) {
      DemoEvents e = m.sample(new DemoRandom(9), N);
      for (int i = 0; i < N; i++) {
        assertTrue(
            e.jet1Pt()[i] >= e.jet2Pt()[i] && e.jet2Pt()[i] > 30, m.name() + " jets ordered, > 30");
        assertTrue(
            e.lepPt()[i] > 20 && e.mLl()[i] > 0 && e.mBb()[i] > 0 && e.met()[i] > 0,
            m.name() + " lep_pt > 20, masses and met > 0");
        assertTrue(e.bjet1Btag()[i] > 0 && e.bjet1Btag()[i] < 1, m.name() + " btag in (0, 1)");
        assertTrue(e.nJets()[i] >= 2 && e.nJets()[i] <= 5, m.name() + " n_jets in 2..5");
        assertTrue(e.drBb()[i] > 0.4, m.name() + " dr_bb above the cone size");
      }
      // every generated event has a finite density under its own model: nothing is out of support
      assertTrue(Arrays.stream(m.logDensity(e)).allMatch(Double::isFinite), m.name());
    }
  }

  @Test
  void sameSeedSameArraysOtherSeedOtherArrays() {
    SampleModel m = DemoModel.ttbar();
    DemoData.Sample a = DemoData.sample(m, 42, 10_000);
    DemoData.Sample b = DemoData.sample(m, 42, 10_000);
    DemoData.Sample c = DemoData.sample(m, 43, 10_000);
    assertArrayEquals(a.events().mBb(), b.events().mBb());
    assertArrayEquals(a.events().nJets(), b.events().nJets());
    assertArrayEquals(a.weights(), b.weights());
    assertEquals(a.generatorWeightSum(), b.generatorWeightSum());
    assertFalse(Arrays.equals(a.events().mBb(), c.events().mBb()));
    assertFalse(Arrays.equals(a.weights(), c.weights()));
    // the first values pin the generator: a changed algorithm (or JDK behaviour) shows up here
    DemoData.Sample s = DemoData.sample(DemoModel.signal(), DemoData.DEFAULT_SEED, 3);
    System.out.println(
        "demo: first signal m_bb "
            + Arrays.toString(s.events().mBb())
            + ", weights "
            + Arrays.toString(s.weights()));
  }

  @Test
  void weightsAreIndependentOfTheInputsWithAFewPercentNegative() {
    SampleModel m = DemoModel.dy();
    DemoData.Sample s = DemoData.sample(m, 1, N);
    assertEquals(Math.round(N / m.preselection()), s.generated());
    double p = DemoData.NEGATIVE_WEIGHT_FRACTION;
    assertEquals(N * p, s.negativeWritten(), 5 * Math.sqrt(N * p * (1 - p)));
    // E[w] = (1 − 2p) × E[0.5 + U] = 1 − 2p; Var[w] = E[w²] − E[w]² = 13/12 − (1 − 2p)²
    double mean = 1 - 2 * p;
    double sd = Math.sqrt(13.0 / 12 - mean * mean);
    assertEquals(mean * s.generated(), s.generatorWeightSum(), 5 * sd * Math.sqrt(s.generated()));
    // correlation of the weight with an input: compatible with zero
    double[] x = s.events().mBb();
    double[] w = s.weights();
    double mx = Arrays.stream(x).average().orElseThrow();
    double mw = Arrays.stream(w).average().orElseThrow();
    double cov = 0;
    double vx = 0;
    double vw = 0;
    for (int i = 0; i < N; i++) {
      cov += (x[i] - mx) * (w[i] - mw);
      vx += (x[i] - mx) * (x[i] - mx);
      vw += (w[i] - mw) * (w[i] - mw);
    }
    assertEquals(0, cov / Math.sqrt(vx * vw), 5 / Math.sqrt(N));
  }

  @Test
  void identicalClassesGiveAucOneHalf() {
    SampleModel m = DemoModel.signal();
    BayesAuc b = BayesAuc.compute(m, List.of(new BayesAuc.Component(m, 1)), 1000, 1000, 1);
    assertEquals(0.5, b.auc(), 1e-12); // the ratio is exactly 1 everywhere: all ties
  }

  @Test
  void bayesAucOfTheDemoIsInTheIntendedRange() {
    long t0 = System.nanoTime();
    double tt = DemoModel.ttbar().crossSection() * DemoModel.ttbar().preselection();
    double dy = DemoModel.dy().crossSection() * DemoModel.dy().preselection();
    BayesAuc b =
        BayesAuc.compute(
            DemoModel.signal(),
            List.of(
                new BayesAuc.Component(DemoModel.ttbar(), tt / (tt + dy)),
                new BayesAuc.Component(DemoModel.dy(), dy / (tt + dy))),
            DemoData.BAYES_SIGNAL_EVENTS,
            DemoData.BAYES_BACKGROUND_EVENTS_EACH,
            DemoData.DEFAULT_SEED);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "demo: Bayes AUC %.5f ± %.5f with fractions %s in %.2f s%n",
        b.auc(), b.uncertainty(), b.fractions(), seconds);
    assertTrue(b.auc() > 0.85 && b.auc() < 0.92, "Bayes AUC " + b.auc());
    assertTrue(b.uncertainty() > 0 && b.uncertainty() < 0.001, "uncertainty " + b.uncertainty());
    assertEquals(List.of("ttbar", "dy"), List.copyOf(b.fractions().keySet()));
  }

  @Test
  void generationOfThreeHundredThousandEventsIsFast() {
    long t0 = System.nanoTime();
    int total = 0;
    for (SampleModel m : DemoModel.samples()) {
      total +=
          DemoData.sample(m, DemoData.DEFAULT_SEED, DemoData.DEFAULT_EVENTS_PER_SAMPLE)
              .weights()
              .length;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "demo: drew %d events (inputs and generator-level weights, no ROOT writing) in %.2f s%n",
        total, seconds);
    assertEquals(300_000, total);
  }
}
