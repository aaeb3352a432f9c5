package hepscan.scan;

import hepscan.model.DeviceChoice;
import hepscan.model.EarlyStopping;
import hepscan.model.ReduceLr;

/**
 * What a scan trains, taken from the parameters file: the grid and the training settings shared by
 * every trial. {@code settingsHash} identifies those shared settings: a stored result made with
 * other settings is not reused.
 *
 * @param earlyStopping null: every trial runs all its epochs
 * @param reduceLr null: constant learning rate
 * @param pack how many trials train at once at most: {@link #PACK_AUTO} lets {@link
 *     hepscan.model.PackedTrainer#autoSize} bound it and, on the CPU, {@link
 *     hepscan.model.PackProbe} choose it per network shape; 1 trains them one after another; not
 *     part of {@code settingsHash}: a packed trial gives the figures it gives alone (up to float
 *     reassociation), so its result is reused either way
 */
public record ScanPlan(
    String name,
    Grid grid,
    EarlyStopping earlyStopping,
    ReduceLr reduceLr,
    DeviceChoice device,
    String settingsHash,
    int pack) {

  /** {@code pack}: as many as the device and the memory allow. */
  public static final int PACK_AUTO = 0;

  public ScanPlan {
    if (pack < 0) {
      throw new IllegalArgumentException("pack = " + pack + ": expected 0 (auto) or a size >= 1");
    }
  }
}
