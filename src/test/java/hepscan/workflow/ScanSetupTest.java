package hepscan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hepscan.model.EarlyStopping;
import hepscan.model.Monitor;
import hepscan.model.MonitorMode;
import hepscan.model.ReduceLr;
import org.junit.jupiter.api.Test;

/** The settings identity is spelled from explicit fields with the parameters file's names. */
class ScanSetupTest {

  @Test
  void settingsIdentityNamesEveryFieldAsTheParametersFileDoes() {
    EarlyStopping es = new EarlyStopping(Monitor.VAL_LOSS, 1e-4, 3, MonitorMode.parse("min"));
    ReduceLr rlr = new ReduceLr(Monitor.VAL_LOSS, 0.5, 2, 1e-4, 0, 1e-5);
    assertEquals(
        "early_stopping=monitor=val_loss,min_delta=1.0E-4,patience=3,mode=min;"
            + "reduce_lr=monitor=val_loss,factor=0.5,patience=2,min_delta=1.0E-4,cooldown=0,"
            + "min_lr=1.0E-5;seed=42",
        ScanSetup.settingsIdentity(es, rlr, 42));
    assertEquals(
        "early_stopping=none;reduce_lr=none;seed=7", ScanSetup.settingsIdentity(null, null, 7));
  }
}
