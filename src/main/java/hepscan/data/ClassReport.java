package hepscan.data;

/**
 * The event counts of one class through data preparation.
 *
 * @param read entries in the class's files
 * @param afterCut entries passing the cut
 * @param afterWeights of those, kept by the negative-weight policy
 * @param kept of those, with finite inputs, weight and targets
 * @param learningWeightSum sum of the learning weights of the kept events, before the classes are
 *     equalised (event weight × xsec / event-weight sum; event weight for signal)
 * @param training events in the training split
 * @param evaluation events in the evaluation split
 * @param output events in the output split
 */
public record ClassReport(
    String className,
    long read,
    long afterCut,
    long afterWeights,
    long kept,
    double learningWeightSum,
    long training,
    long evaluation,
    long output) {}
