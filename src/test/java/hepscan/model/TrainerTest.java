package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import hepscan.data.FeatureRows;
import hepscan.data.SplitArrays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {

  private static TrainingResult train(TrainingInput in, Hyperparameters hp, TrainingSettings s) {
    return Trainer.train(in, hp, s, TrainingListener.NONE);
  }

  @Test
  void learnsSeparableBinaryToy() {
    TrainingInput in = Toy.input(2000, 4, 2, 3.0, 1);
    TrainingResult r = train(in, Toy.hp(), TrainingSettings.plain(7));
    try (TrainedModel m = r.model()) {
      assertTrue(r.metrics().auc() > 0.99, "AUC " + r.metrics().auc());
      assertEquals(5, r.roundEpochs());
      assertEquals(5, r.history().size());
      assertEquals(1, m.nOutputs());
      assertTrue(r.eventsPerSecond() > 0 && r.trainingSeconds() > 0);
      assertTrue(r.metricsSeconds() > 0, "metrics " + r.metricsSeconds() + " s");
      assertEquals(r.trainingSeconds() + r.metricsSeconds(), r.trialSeconds(), 0);
      assertEquals("cpu()", r.device());
      assertTrue(r.metrics().accuracy() > 0.95);
      assertEquals(1 - r.metrics().evalError(), r.metrics().accuracy(), 1e-15);
      // the signal (class 0) gets the high scores
      SplitArrays e = in.evaluation();
      float[] p = m.predict(e.features(), e.nEvents());
      double signal = 0;
      double background = 0;
      for (int i = 0; i < e.nEvents(); i++) {
        if (e.labels()[i] == 0) {
          signal += p[i];
        } else {
          background += p[i];
        }
      }
      assertTrue(signal > 10 * background, signal + " vs " + background);
    }
  }

  /**
   * Training reads its splits block by block, from the heap or from the cache file: the same
   * numbers either way, bit for bit, with splits larger than one upload block (65,536 events) and
   * one shuffle block (131,072). Blocks that mixed up events would show as training figures unlike
   * the evaluation's: on the same distribution they agree within a few standard errors (about 0.002
   * for the accuracy of 140,000 events).
   */
  @Test
  void trainsTheSameFromTheCacheFileAsFromTheHeap(@TempDir Path dir) throws IOException {
    TrainingInput heap = Toy.input(140_000, 3, 2, 1.0, 11);
    TrainingInput file =
        new TrainingInput(
            inFile(dir.resolve("t.bin"), heap.training()),
            inFile(dir.resolve("e.bin"), heap.evaluation()),
            heap.scaler(),
            2);
    Hyperparameters hp = Toy.hp("epochs", "2", "batch_size", "4096");
    TrainingResult a = train(heap, hp, TrainingSettings.plain(3));
    TrainingResult b = train(file, hp, TrainingSettings.plain(3));
    try (TrainedModel ma = a.model();
        TrainedModel mb = b.model()) {
      assertArrayEquals(ma.parameters(), mb.parameters());
      assertEquals(a.metrics(), b.metrics());
      for (int e = 0; e < 2; e++) {
        EpochStats x = a.history().get(e);
        EpochStats y = b.history().get(e);
        assertEquals(x.loss(), y.loss());
        assertEquals(x.valLoss(), y.valLoss());
        assertEquals(x.acc(), y.acc());
        assertEquals(x.valAcc(), y.valAcc());
      }
      EpochStats last = a.history().get(1);
      assertEquals(last.valAcc(), last.acc(), 0.01, "training and evaluation accuracy");
      assertEquals(last.valLoss(), last.loss(), 0.01, "training and evaluation loss");
      assertTrue(a.metrics().auc() > 0.7, "AUC " + a.metrics().auc());
    }
  }

  /**
   * Streamed training (the training split read from the file in blocks of 500 events, the blocks
   * and the events within each shuffled every epoch) against resident training with the same seed,
   * so the same initial weights: they differ only in the order the events come in. Tolerance: the
   * evaluation AUC and val_loss within 0.005. Two orders of the same 20,000 events give networks
   * that differ much less than the evaluation sample's own statistical error (the AUC's standard
   * error on these 10,000 events is about 0.004); resident training with two other seeds is
   * measured here as the scale of what a different order and start do, and streaming must stay
   * within it.
   */
  @Test
  void streamedTrainingMatchesResidentTrainingWithinTheShuffleSpread(@TempDir Path dir)
      throws IOException {
    TrainingInput resident = Toy.input(20_000, 4, 2, 0.7, 21);
    TrainingInput streamed =
        new TrainingInput(
            inFile(dir.resolve("t.bin"), resident.training()),
            resident.evaluation(),
            resident.scaler(),
            2,
            500);
    Hyperparameters hp = Toy.hp("epochs", "3", "batch_size", "128", "lr", "0.003");
    TrainingResult r = train(resident, hp, TrainingSettings.plain(5));
    TrainingResult s = train(streamed, hp, TrainingSettings.plain(5));
    double spread = 0;
    for (long seed : new long[] {6, 7}) {
      TrainingResult other = train(resident, hp, TrainingSettings.plain(seed));
      spread = Math.max(spread, Math.abs(other.metrics().auc() - r.metrics().auc()));
      other.model().close();
    }
    try (TrainedModel mr = r.model();
        TrainedModel ms = s.model()) {
      assertFalse(
          java.util.Arrays.equals(mr.parameters(), ms.parameters()), "another order of events");
      double auc = Math.abs(s.metrics().auc() - r.metrics().auc());
      double loss = Math.abs(s.history().get(2).valLoss() - r.history().get(2).valLoss());
      assertTrue(auc <= 0.005, "AUC " + s.metrics().auc() + " vs " + r.metrics().auc());
      assertTrue(auc <= Math.max(spread, 0.001), "AUC difference " + auc + ", seeds " + spread);
      assertTrue(loss <= 0.005, "val_loss difference " + loss);
      assertTrue(r.metrics().auc() > 0.75, "AUC " + r.metrics().auc());
      assertEquals(3, s.history().size());
    }
  }

  /** {@code a}'s features written to {@code file} after a few bytes, read back from there. */
  private static SplitArrays inFile(Path file, SplitArrays a) throws IOException {
    int offset = 9;
    ByteBuffer b =
        ByteBuffer.allocate(offset + 4 * a.features().length).order(ByteOrder.LITTLE_ENDIAN);
    b.position(offset);
    b.asFloatBuffer().put(a.features());
    Files.write(file, b.array());
    return new SplitArrays(
        a.nEvents(),
        a.nFeatures(),
        new FeatureRows.InFile(file, offset, a.nEvents(), a.nFeatures()),
        a.labels(),
        a.weights());
  }

  @Test
  void divergedTrainingGivesNaNFiguresInsteadOfFailing() {
    TrainingInput in = Toy.input(400, 3, 2, 3.0, 5);
    TrainingResult r =
        train(
            in, Toy.hp("lr", "1e30", "optimizer", "sgd", "epochs", "2"), TrainingSettings.plain(3));
    try (TrainedModel m = r.model()) {
      assertTrue(Double.isNaN(r.best().loss()), "loss " + r.best().loss());
      assertTrue(Double.isNaN(r.metrics().auc()));
      assertTrue(Double.isNaN(r.metrics().evalError()));
      assertTrue(Double.isNaN(r.metrics().ksPValue()));
    }
  }

  @Test
  void learnsThreeClasses() {
    TrainingInput in = Toy.input(1500, 3, 3, 3.0, 2);
    Hyperparameters hp =
        Toy.hp("loss_function", "categorical_crossentropy", "output_activation", "softmax");
    TrainingResult r = train(in, hp, TrainingSettings.plain(1));
    try (TrainedModel m = r.model()) {
      assertEquals(3, m.nOutputs());
      assertTrue(r.metrics().auc() > 0.97, "AUC " + r.metrics().auc());
      assertTrue(r.metrics().f1() > 0.85, "F1 " + r.metrics().f1());
      float[] p = m.predict(java.util.Arrays.copyOf(in.evaluation().features(), 30), 10);
      for (int i = 0; i < 10; i++) {
        assertEquals(1.0, p[3 * i] + p[3 * i + 1] + p[3 * i + 2], 1e-5);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(OptimizerKind.class)
  void everyOptimizerTrains(OptimizerKind optimizer) {
    assertTrainsOneEpoch(Toy.hp("optimizer", optimizer.key(), "epochs", "1", "l2", "1e-3"));
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void everyActivationTrains(Activation activation) {
    assertTrainsOneEpoch(Toy.hp("activation", activation.key(), "epochs", "1", "dropout", "0.2"));
  }

  private static void assertTrainsOneEpoch(Hyperparameters hp) {
    TrainingInput in = Toy.input(400, 3, 2, 3.0, 3);
    TrainingResult r = train(in, hp, TrainingSettings.plain(5));
    r.model().close();
    EpochStats e = r.history().get(0);
    assertTrue(Double.isFinite(e.loss()) && Double.isFinite(e.valLoss()), e.toString());
    // a trained network beats chance on this easy toy
    assertTrue(r.metrics().auc() > 0.8, hp + " AUC " + r.metrics().auc());
  }

  @Test
  void batchLargerThanTheSplitAndTwoClassSoftmax() {
    TrainingInput in = Toy.input(50, 3, 2, 3.0, 12);
    Hyperparameters binary = Toy.hp("batch_size", "64", "epochs", "2");
    Hyperparameters softmax =
        Toy.hp(
            "batch_size",
            "64",
            "epochs",
            "2",
            "loss_function",
            "categorical_crossentropy",
            "output_activation",
            "softmax");
    for (Hyperparameters hp : new Hyperparameters[] {binary, softmax}) {
      TrainingResult r = train(in, hp, TrainingSettings.plain(1));
      try (TrainedModel m = r.model()) {
        assertEquals(hp == binary ? 1 : 2, m.nOutputs());
        assertTrue(Double.isFinite(r.best().loss()), r.best().toString());
      }
    }
  }

  @Test
  void earlyStoppingStopsOnAPlateau() {
    TrainingInput in = Toy.input(300, 3, 2, 3.0, 4);
    // a learning rate so small that nothing moves: val_loss is flat from the first epoch
    Hyperparameters hp = Toy.hp("lr", "1e-12", "epochs", "50");
    EarlyStopping es = new EarlyStopping(Monitor.VAL_LOSS, 1e-3, 2, MonitorMode.AUTO);
    TrainingResult r = train(in, hp, new TrainingSettings(es, null, 1, DeviceChoice.CPU));
    r.model().close();
    assertEquals(3, r.roundEpochs());
    assertEquals(1, r.bestEpoch());
  }

  @Test
  void reduceLrLowersTheRateOnAPlateau() {
    TrainingInput in = Toy.input(300, 3, 2, 3.0, 4);
    Hyperparameters hp = Toy.hp("lr", "1e-12", "epochs", "4");
    ReduceLr rl = new ReduceLr(Monitor.VAL_LOSS, 0.5, 1, 1e-3, 0, 0);
    TrainingResult r = train(in, hp, new TrainingSettings(null, rl, 1, DeviceChoice.CPU));
    r.model().close();
    assertEquals(1e-12, r.history().get(0).lr());
    assertEquals(1e-12, r.history().get(1).lr());
    assertEquals(0.5e-12, r.history().get(2).lr());
    assertEquals(0.25e-12, r.history().get(3).lr());
  }

  @Test
  void bestEpochWeightsAreKept() {
    TrainingInput in = Toy.input(500, 3, 2, 1.0, 6);
    Hyperparameters hp = Toy.hp("lr", "0.05", "epochs", "6", "optimizer", "sgd");
    TrainingResult r = train(in, hp, TrainingSettings.plain(2));
    try (TrainedModel m = r.model()) {
      EpochStats best = r.best();
      for (EpochStats e : r.history()) {
        assertTrue(best.valLoss() <= e.valLoss());
      }
      assertEquals(best.valAcc(), r.metrics().accuracy(), 1e-9);
      assertEquals(r.bestEpoch(), m.bestEpoch());
    }
  }

  @Test
  void sameSeedSameNumbers() {
    TrainingInput in = Toy.input(500, 3, 2, 2.0, 8);
    Hyperparameters hp = Toy.hp("epochs", "2", "dropout", "0.3", "optimizer", "rmsprop");
    TrainingResult a = train(in, hp, TrainingSettings.plain(42));
    TrainingResult b = train(in, hp, TrainingSettings.plain(42));
    TrainingResult c = train(in, hp, TrainingSettings.plain(43));
    try (TrainedModel ma = a.model();
        TrainedModel mb = b.model();
        TrainedModel mc = c.model()) {
      assertArrayEquals(ma.parameters(), mb.parameters());
      assertEquals(a.metrics(), b.metrics());
      for (int i = 0; i < 2; i++) {
        assertEquals(a.history().get(i).loss(), b.history().get(i).loss());
        assertEquals(a.history().get(i).valLoss(), b.history().get(i).valLoss());
      }
      assertFalse(java.util.Arrays.equals(ma.parameters(), mc.parameters()));
    }
  }

  @Test
  void listenerSeesEpochsAndCanStop() {
    TrainingInput in = Toy.input(300, 3, 2, 3.0, 9);
    AtomicInteger epochs = new AtomicInteger();
    AtomicInteger polls = new AtomicInteger();
    AtomicInteger batches = new AtomicInteger();
    TrainingListener stopper =
        new TrainingListener() {
          @Override
          public void onBatchEnd(int epoch, int batchesDone, int batchesInEpoch) {
            assertEquals(5, batchesInEpoch);
            assertEquals(batches.incrementAndGet(), (epoch - 1) * 5 + batchesDone);
          }

          @Override
          public void onEpochEnd(EpochStats stats, int maxEpochs) {
            assertEquals(epochs.incrementAndGet(), stats.epoch());
            assertEquals(5, maxEpochs);
          }

          @Override
          public boolean stopRequested() {
            return polls.incrementAndGet() > 7; // 5 batches per epoch: stops during epoch 2
          }
        };
    TrainingStoppedException stop =
        assertThrows(
            TrainingStoppedException.class,
            () -> Trainer.train(in, Toy.hp(), TrainingSettings.plain(1), stopper));
    assertTrue(stop.getMessage().contains("epoch 2"));
    assertEquals(1, epochs.get());
    assertEquals(7, batches.get());
    // nothing is left recording: the next trial trains
    train(in, Toy.hp("epochs", "1"), TrainingSettings.plain(1)).model().close();
  }

  @Test
  void repeatedTrialsLeaveNoNativeArrays() {
    TrainingInput in = Toy.input(300, 3, 2, 3.0, 10);
    int before = managedArrays();
    for (int i = 0; i < 3; i++) {
      train(in, Toy.hp("epochs", "2"), TrainingSettings.plain(i)).model().close();
    }
    assertEquals(before, managedArrays());
  }

  private static int managedArrays() {
    try (NDManager probe = NDManager.newBaseManager()) {
      return probe.getParentManager().getManagedArrays().size();
    }
  }

  @Test
  void refusesMismatchedSettings() {
    TrainingInput three = Toy.input(90, 3, 3, 3.0, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> train(three, Toy.hp(), TrainingSettings.plain(1)));
    assertTrue(e.getMessage().contains("categorical_crossentropy"), e.getMessage());
  }

  @Test
  void gpuWithoutGpuIsAClearError() {
    Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Trainer.device(DeviceChoice.GPU));
    assertTrue(e.getMessage().contains("no GPU"));
    assertNotEquals(null, Trainer.device(DeviceChoice.AUTO));
  }
}
