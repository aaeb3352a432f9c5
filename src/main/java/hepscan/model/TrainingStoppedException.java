package hepscan.model;

/** Training was stopped on request of its {@link TrainingListener}; there is no result. */
public final class TrainingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TrainingStoppedException(int epoch) {
    super("training stopped on request during epoch " + epoch);
  }
}
