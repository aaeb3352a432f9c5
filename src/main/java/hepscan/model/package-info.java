/**
 * The classifier: a multi-layer perceptron built from a trial's {@link
 * hepscan.model.Hyperparameters}, trained with per-event learning weights by an explicit DJL
 * (PyTorch engine) loop ({@link hepscan.model.Trainer}), measured on the evaluation split ({@link
 * hepscan.model.Metrics}) and stored as a self-contained zip ({@link hepscan.model.TrainedModel},
 * {@link hepscan.model.ModelArchive}).
 *
 * <p>Conventions kept everywhere in this package:
 *
 * <ul>
 *   <li>Class index 0 (the first output class) is the signal. With {@code binary_crossentropy} the
 *       network has ONE sigmoid output, the probability of class 0 (label 1 in Keras terms); every
 *       other class index is background. With {@code categorical_crossentropy} it has one softmax
 *       output per class, in class-index order. The "signal score" is always output column 0.
 *   <li>The network's first step is the training split's standard scaler, a constant layer stored
 *       with the model: a loaded model takes raw, unscaled inputs.
 *   <li>Losses are the per-event-weighted means of Keras: {@code sum(w * loss) / n} over a batch.
 *       The reported losses exclude the L2 penalty, so losses compare across {@code l2} values.
 * </ul>
 */
package hepscan.model;
