package hepscan.data.demo;

import hepscan.data.demo.Density.Categorical;

/**
 * The exact density of one demo sample: every variable independent of the others given the sample,
 * except the two jet momenta, which are an ordered pair of independent draws (density {@code 2
 * g(j1) g(j2)} for {@code j1 >= j2}). A product of closed-form densities, so {@link #logDensity} is
 * exact and the Bayes-optimal classifier is known.
 *
 * @param crossSection in pb, written to xsec.json for backgrounds; NaN for the signal, whose
 *     learning weight is its event weight
 * @param preselection the fraction of generated events that pass the (implicit) preselection and
 *     are written: the event-weight sum covers all generated events, as a generator's would
 */
record SampleModel(
    String name,
    String tag,
    double crossSection,
    double preselection,
    Density lepPt,
    Density lepEta,
    Density jetPt,
    Density bjet1Btag,
    Density bjet2Btag,
    Density mBb,
    Density mLl,
    Density drBb,
    Density met,
    Categorical nJets) {

  private static final double LOG_2 = StrictMath.log(2);

  DemoEvents sample(DemoRandom rng, int n) {
    double[] jet1 = new double[n];
    double[] jet2 = new double[n];
    for (int i = 0; i < n; i++) {
      double a = jetPt.sample(rng);
      double b = jetPt.sample(rng);
      jet1[i] = Math.max(a, b);
      jet2[i] = Math.min(a, b);
    }
    int[] jets = new int[n];
    for (int i = 0; i < n; i++) {
      jets[i] = (int) nJets.sample(rng);
    }
    return new DemoEvents(
        draw(lepPt, rng, n),
        draw(lepEta, rng, n),
        jet1,
        jet2,
        draw(bjet1Btag, rng, n),
        draw(bjet2Btag, rng, n),
        draw(mBb, rng, n),
        draw(mLl, rng, n),
        draw(drBb, rng, n),
        draw(met, rng, n),
        jets);
  }

  private static double[] draw(Density d, DemoRandom rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = d.sample(rng);
    }
    return v;
  }

  /** log p(x) of every event under this sample's density. */
  double[] logDensity(DemoEvents e) {
    double[] out = new double[e.size()];
    for (int i = 0; i < out.length; i++) {
      double jets =
          e.jet1Pt()[i] >= e.jet2Pt()[i]
              ? LOG_2 + jetPt.logPdf(e.jet1Pt()[i]) + jetPt.logPdf(e.jet2Pt()[i])
              : Double.NEGATIVE_INFINITY;
      out[i] =
          lepPt.logPdf(e.lepPt()[i])
              + lepEta.logPdf(e.lepEta()[i])
              + jets
              + bjet1Btag.logPdf(e.bjet1Btag()[i])
              + bjet2Btag.logPdf(e.bjet2Btag()[i])
              + mBb.logPdf(e.mBb()[i])
              + mLl.logPdf(e.mLl()[i])
              + drBb.logPdf(e.drBb()[i])
              + met.logPdf(e.met()[i])
              + nJets.logPdf(e.nJets()[i]);
    }
    return out;
  }
}
