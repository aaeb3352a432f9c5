package hepscan.data.expr;

/**
 * One entry of {@code inputs} or {@code other_variables}: an expression, one-hot encoded when
 * written {@code expression@op} (as in HHMachineLearning), e.g. {@code n_jets@op}.
 *
 * @param spec the text as written, suffix included
 * @param expression the expression without the suffix
 * @param oneHot whether {@code @op} asked for a one-hot encoding
 */
public record Variable(String spec, Expression expression, boolean oneHot) {
  public static final String ONE_HOT_SUFFIX = "@op";

  /**
   * Parses {@code spec}; an unknown {@code @} suffix is an error with a caret under the {@code @}.
   */
  public static Variable parse(String spec) throws ExpressionException {
    int at = spec.lastIndexOf('@');
    if (at < 0) {
      return new Variable(spec, Expression.parse(spec), false);
    }
    String suffix = spec.substring(at).strip();
    if (!suffix.equals(ONE_HOT_SUFFIX)) {
      throw new ExpressionException(
          Parser.format(
              "unknown suffix '"
                  + suffix
                  + "': the only one is "
                  + ONE_HOT_SUFFIX
                  + " (one-hot encoding of an integer variable)",
              spec,
              at),
          spec,
          at);
    }
    return new Variable(spec, Expression.parse(spec.substring(0, at)), true);
  }
}
