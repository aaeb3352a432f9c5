package hepscan.config;

/**
 * What ranking and reporting results read from a parameters file.
 *
 * @param criterion the metric that ranks trials ({@code eval_criterion})
 * @param overtrainingKsPvalue a trial whose KS p-value (training vs evaluation scores) is below
 *     this is flagged as overtrained ({@code overtraining_ks_pvalue})
 */
public record RankingSettings(EvalCriterion criterion, double overtrainingKsPvalue) {
  public static final double DEFAULT_KS_PVALUE = 0.05;
}
