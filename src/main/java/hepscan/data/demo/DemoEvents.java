package hepscan.data.demo;

/**
 * Demo events, column-wise: the input variables of {@link SampleModel} (jet momenta ordered, {@code
 * jet1Pt >= jet2Pt}) and the jet multiplicity. Arrays are shared, not copied: read-only.
 */
record DemoEvents(
    double[] lepPt,
    double[] lepEta,
    double[] jet1Pt,
    double[] jet2Pt,
    double[] bjet1Btag,
    double[] bjet2Btag,
    double[] mBb,
    double[] mLl,
    double[] drBb,
    double[] met,
    int[] nJets) {

  int size() {
    return nJets.length;
  }
}
