package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A trial stopped for a checkpoint and continued ends with the numbers of an uninterrupted one. */
class TrainingCheckpointTest {

  @ParameterizedTest
  @EnumSource(OptimizerKind.class)
  void resumedTrialEqualsUninterruptedTrial(OptimizerKind optimizer) throws IOException {
    TrainingInput in = Toy.input(400, 3, 2, 1.5, 21);
    Hyperparameters hp =
        Toy.hp("optimizer", optimizer.key(), "epochs", "4", "l2", "1e-3", "dropout", "0.3");
    TrainingSettings settings =
        new TrainingSettings(
            new EarlyStopping(Monitor.VAL_LOSS, 0, 10, MonitorMode.AUTO),
            new ReduceLr(Monitor.VAL_LOSS, 0.5, 0, 0, 0, 0),
            9,
            DeviceChoice.CPU);
    TrainingResult straight = Trainer.train(in, hp, settings, TrainingListener.NONE);

    TrainingListener afterTwoEpochs =
        new TrainingListener() {
          private int epochs;

          @Override
          public void onEpochEnd(EpochStats stats, int maxEpochs) {
            epochs++;
          }

          @Override
          public boolean checkpointRequested() {
            return epochs == 2;
          }
        };
    TrainingStoppedException stop =
        assertThrows(
            TrainingStoppedException.class, () -> Trainer.train(in, hp, settings, afterTwoEpochs));
    TrainingCheckpoint checkpoint =
        TrainingCheckpoint.fromBytes(stop.checkpoint().orElseThrow().toBytes());
    assertEquals(2, checkpoint.epochsDone());
    TrainingResult resumed = Trainer.train(in, hp, settings, TrainingListener.NONE, checkpoint);

    try (TrainedModel a = straight.model();
        TrainedModel b = resumed.model()) {
      assertArrayEquals(a.parameters(), b.parameters());
      assertEquals(straight.bestEpoch(), resumed.bestEpoch());
      assertEquals(straight.roundEpochs(), resumed.roundEpochs());
      assertEquals(straight.metrics(), resumed.metrics());
      for (int i = 0; i < straight.history().size(); i++) {
        EpochStats x = straight.history().get(i);
        EpochStats y = resumed.history().get(i);
        assertEquals(x.loss(), y.loss());
        assertEquals(x.valLoss(), y.valLoss());
        assertEquals(x.lr(), y.lr());
      }
    }
  }

  /**
   * A trial killed without warning continues from the last epoch checkpoint it handed out, and ends
   * as if it had never stopped: with the training split on the device (block 0) and streamed in
   * blocks of 64 events (the next epochs' block shuffles follow the ones already drawn).
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 64})
  void epochCheckpointsLetAKilledTrialContinue(int block) throws IOException {
    TrainingInput toy = Toy.input(300, 3, 2, 1.5, 23);
    TrainingInput in = new TrainingInput(toy.training(), toy.evaluation(), toy.scaler(), 2, block);
    Hyperparameters hp = Toy.hp("optimizer", "adam", "epochs", "4", "dropout", "0.2");
    TrainingSettings settings = TrainingSettings.plain(5);
    java.util.List<TrainingCheckpoint> saved = new java.util.ArrayList<>();
    TrainingListener everyEpoch =
        new TrainingListener() {
          @Override
          public boolean wantsEpochCheckpoints() {
            return true;
          }

          @Override
          public void onCheckpoint(TrainingCheckpoint checkpoint) {
            saved.add(checkpoint);
          }
        };
    TrainingResult straight = Trainer.train(in, hp, settings, everyEpoch);
    // epochs 1..3 hand out a checkpoint; the last epoch ends the trial instead
    assertEquals(
        java.util.List.of(1, 2, 3), saved.stream().map(TrainingCheckpoint::epochsDone).toList());
    TrainingCheckpoint afterTwo = TrainingCheckpoint.fromBytes(saved.get(1).toBytes());
    TrainingResult resumed = Trainer.train(in, hp, settings, TrainingListener.NONE, afterTwo);
    try (TrainedModel a = straight.model();
        TrainedModel b = resumed.model()) {
      assertArrayEquals(a.parameters(), b.parameters());
      assertEquals(straight.metrics(), resumed.metrics());
      assertEquals(straight.history().size(), resumed.history().size());
    }
  }

  @ParameterizedTest
  @EnumSource(value = OptimizerKind.class, names = "ADAM")
  void refusesAnotherTrialsCheckpointAndCorruptBytes(OptimizerKind optimizer) {
    TrainingInput in = Toy.input(200, 3, 2, 1.5, 22);
    Hyperparameters hp = Toy.hp("optimizer", optimizer.key(), "epochs", "3");
    TrainingListener now =
        new TrainingListener() {
          @Override
          public boolean checkpointRequested() {
            return true;
          }
        };
    TrainingCheckpoint checkpoint =
        assertThrows(
                TrainingStoppedException.class,
                () -> Trainer.train(in, hp, TrainingSettings.plain(1), now))
            .checkpoint()
            .orElseThrow();
    assertTrue(Trainer.canResume(checkpoint, in, hp, TrainingSettings.plain(1)));
    assertFalse(Trainer.canResume(checkpoint, in, hp, TrainingSettings.plain(2)));
    assertFalse(
        Trainer.canResume(
            checkpoint,
            in,
            Toy.hp("optimizer", optimizer.key(), "epochs", "4"),
            TrainingSettings.plain(1)));
    // the identity is canonical text, not a Java toString(): 1e-3 reads as 0.001
    assertTrue(Trainer.trialIdentity(in, hp, TrainingSettings.plain(1)).contains(";lr=0."));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Trainer.train(
                    in, hp, TrainingSettings.plain(2), TrainingListener.NONE, checkpoint));
    assertTrue(e.getMessage().contains("belongs to another trial"), e.getMessage());
    byte[] bytes = checkpoint.toBytes();
    assertThrows(
        IOException.class,
        () -> TrainingCheckpoint.fromBytes(Arrays.copyOf(bytes, bytes.length / 2)));
    assertThrows(
        IOException.class, () -> TrainingCheckpoint.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
  }
}
