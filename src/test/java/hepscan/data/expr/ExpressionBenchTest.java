package hepscan.data.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the evaluation rate of a 10-term expression over 1M events: {@code mvn -Pbench test
 * -Dtest=ExpressionBenchTest}.
 */
@Tag("bench")
class ExpressionBenchTest {
  private static final int N = 1_000_000;
  private static final String TEN_TERMS =
      "lep_pt / 1000 + abs(lep_eta) + sqrt(jet1_pt * jet2_pt) + (m_bb > 100) * m_bb"
          + " - log(1 + met) + max(bjet1_btag, bjet2_btag) + pow(dr_bb, 2) + exp(-m_ll / 91.2)"
          + " + (n_jets >= 4 && met < 200) + TMath::Cos(lep_eta) * 0.5";

  @Test
  void tenTermsOverOneMillionEvents() throws ExpressionException {
    SplittableRandom rng = new SplittableRandom(1);
    Expression e = Expression.parse(TEN_TERMS);
    Map<VariableRef, double[]> columns = new HashMap<>();
    for (VariableRef ref : e.variables()) {
      double[] v = new double[N];
      for (int i = 0; i < N; i++) {
        v[i] = rng.nextDouble() * 200;
      }
      columns.put(ref, v);
    }
    double best = Double.MAX_VALUE;
    double[] out = null;
    for (int rep = 0; rep < 15; rep++) { // the first repetitions warm the JIT up
      long t0 = System.nanoTime();
      out = e.evaluate(columns::get, N);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    double[] lp = columns.get(new VariableRef("lep_pt", -1));
    double[] eta = columns.get(new VariableRef("lep_eta", -1));
    double[] j1 = columns.get(new VariableRef("jet1_pt", -1));
    double[] j2 = columns.get(new VariableRef("jet2_pt", -1));
    double[] mbb = columns.get(new VariableRef("m_bb", -1));
    double[] met = columns.get(new VariableRef("met", -1));
    double[] b1 = columns.get(new VariableRef("bjet1_btag", -1));
    double[] b2 = columns.get(new VariableRef("bjet2_btag", -1));
    double[] dr = columns.get(new VariableRef("dr_bb", -1));
    double[] mll = columns.get(new VariableRef("m_ll", -1));
    double[] nj = columns.get(new VariableRef("n_jets", -1));
    double bestLoop = Double.MAX_VALUE;
    double[] ref = new double[N];
    for (int rep = 0; rep < 15; rep++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < N; i++) {
        ref[i] =
            lp[i] / 1000
                + Math.abs(eta[i])
                + Math.sqrt(j1[i] * j2[i])
                + (mbb[i] > 100 ? 1 : 0) * mbb[i]
                - Math.log(1 + met[i])
                + Math.max(b1[i], b2[i])
                + Math.pow(dr[i], 2)
                + Math.exp(-mll[i] / 91.2)
                + (nj[i] >= 4 && met[i] < 200 ? 1 : 0)
                + Math.cos(eta[i]) * 0.5;
      }
      bestLoop = Math.min(bestLoop, (System.nanoTime() - t0) / 1e9);
    }
    for (int i = 0; i < N; i += 9973) {
      assertEquals(ref[i], out[i], 1e-9 * Math.abs(ref[i]), "event " + i);
    }
    System.out.printf(
        "expression bench: %d events, %d variables: %.1f M events/s (%.1f ms); "
            + "hand-written Java loop %.1f M events/s (%.1f ms)%n",
        N, e.variables().size(), N / best / 1e6, best * 1e3, N / bestLoop / 1e6, bestLoop * 1e3);
  }
}
