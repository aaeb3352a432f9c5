package hepscan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras' EarlyStopping and ReduceLROnPlateau decisions on hand-made loss sequences. */
class ScheduleTest {

  private static EpochStats valLoss(int epoch, double v) {
    return new EpochStats(epoch, 0, 0, v, 1 - v, 0, 0, 0);
  }

  /** The 1-based epoch after which training stops, or 0. */
  private static int stopEpoch(Schedule s, double... losses) {
    for (int i = 0; i < losses.length; i++) {
      if (s.endOfEpoch(valLoss(i + 1, losses[i]))) {
        return i + 1;
      }
    }
    return 0;
  }

  @Test
  void earlyStoppingWaitsPatienceEpochs() {
    EarlyStopping es = new EarlyStopping(Monitor.VAL_LOSS, 0, 2, MonitorMode.AUTO);
    Schedule s = new Schedule(new TrainingSettings(es, null, 0, DeviceChoice.CPU), 1);
    assertEquals(4, stopEpoch(s, 1.0, 0.9, 0.95, 0.93, 0.5));
  }

  @Test
  void earlyStoppingMinDeltaAndMaxMode() {
    EarlyStopping es = new EarlyStopping(Monitor.VAL_LOSS, 0.05, 1, MonitorMode.MIN);
    Schedule s = new Schedule(new TrainingSettings(es, null, 0, DeviceChoice.CPU), 1);
    assertEquals(2, stopEpoch(s, 1.0, 0.97, 0.5)); // 0.97 is not below 1.0 - 0.05
    EarlyStopping acc = new EarlyStopping(Monitor.VAL_ACC, 0, 1, MonitorMode.AUTO);
    Schedule t = new Schedule(new TrainingSettings(acc, null, 0, DeviceChoice.CPU), 1);
    // val_acc = 1 - val_loss: 0.1, 0.2, 0.3 rise, 0.25 falls
    assertEquals(4, stopEpoch(t, 0.9, 0.8, 0.7, 0.75));
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochWithoutImprovementButNeverAfterTheFirst() {
    EarlyStopping es = new EarlyStopping(Monitor.VAL_LOSS, 0, 0, MonitorMode.AUTO);
    Schedule s = new Schedule(new TrainingSettings(es, null, 0, DeviceChoice.CPU), 1);
    assertEquals(3, stopEpoch(s, Double.NaN, 0.9, 0.95));
  }

  @Test
  void reduceLrWithCooldownAndFloor() {
    ReduceLr rl = new ReduceLr(Monitor.VAL_LOSS, 0.5, 1, 1e-4, 1, 0.1);
    Schedule s = new Schedule(new TrainingSettings(null, rl, 0, DeviceChoice.CPU), 1);
    List<Double> lrs = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      assertFalse(s.endOfEpoch(valLoss(i, 1.0)));
      lrs.add(s.lr());
    }
    assertEquals(List.of(1.0, 0.5, 0.25, 0.125, 0.1, 0.1), lrs);
  }

  @Test
  void bestEpochFollowsTheMonitorWithoutMinDelta() {
    Schedule s = new Schedule(TrainingSettings.plain(0), 1);
    assertTrue(s.isBest(valLoss(1, 0.5)));
    assertFalse(s.isBest(valLoss(2, 0.6)));
    assertTrue(s.isBest(valLoss(3, 0.4999)));
    assertFalse(s.isBest(valLoss(4, Double.NaN)));
  }
}
