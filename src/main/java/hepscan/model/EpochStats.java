package hepscan.model;

/**
 * One epoch's figures, all weighted with the learning weights. {@code loss}/{@code acc} are over
 * the training batches as they were trained (Keras' running figures); {@code valLoss}/{@code
 * valAcc} are on the evaluation split after the epoch.
 *
 * @param epoch 1-based
 * @param lr learning rate used during this epoch
 * @param trainSeconds wall time of the batch loop
 * @param validationSeconds wall time of the evaluation pass
 */
public record EpochStats(
    int epoch,
    double loss,
    double acc,
    double valLoss,
    double valAcc,
    double lr,
    double trainSeconds,
    double validationSeconds) {}
