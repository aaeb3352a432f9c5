package hepscan.model;

/**
 * Trains one batch of 256 of a 4096-event reference set in a fresh JVM and prints "first batch
 * done": {@link TrainingBenchmark} times this from process spawn.
 */
final class FirstBatchMain {
  private FirstBatchMain() {}

  public static void main(String[] args) {
    hepscan.data.SplitArrays a = TrainingBenchmark.data(4096, 1);
    double[] std = new double[TrainingBenchmark.F];
    boolean[] scaled = new boolean[TrainingBenchmark.F];
    java.util.Arrays.fill(std, 1);
    java.util.Arrays.fill(scaled, true);
    TrainingInput in =
        new TrainingInput(
            a, a, new hepscan.data.Scaler(new double[TrainingBenchmark.F], std, scaled), 2);
    int[] polls = {0};
    TrainingListener afterOneBatch =
        new TrainingListener() {
          @Override
          public boolean stopRequested() {
            // polled before each batch: the second poll follows the first trained batch
            if (++polls[0] == 2) {
              System.out.println("first batch done");
              return true;
            }
            return false;
          }
        };
    try {
      Trainer.train(in, TrainingBenchmark.reference(256), TrainingSettings.plain(1), afterOneBatch);
    } catch (TrainingStoppedException expected) {
      // the point of the exercise
    }
  }
}
