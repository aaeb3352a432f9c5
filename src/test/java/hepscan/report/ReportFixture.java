package hepscan.report;

import hepscan.scan.ResultFolder;
import hepscan.scan.TrialResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A synthetic scan "syn" of 6 trials over lr x first_neuron with hand-picked figures, so that the
 * best trial of each criterion is known:
 *
 * <pre>
 * trial lr     fn auc  eval_error val_loss val_acc f1   ks_pvalue
 * t1    0.001  8  0.80 0.20       0.40     0.70    0.60 0.5
 * t2    0.001  16 0.81 0.19       0.38     0.72    0.75 0.5
 * t3    0.01   8  0.90 0.12       0.35     0.80    0.70 0.4
 * t4    0.01   16 0.91 0.15       0.36     0.79    0.74 0.01   (overtrained at 0.05)
 * t5    0.1    8  0.70 0.30       0.30     0.81    0.50 0.6
 * t6    0.1    16 0.71 0.25       0.50     0.60    0.55 0.6
 * </pre>
 *
 * The auc is additive in the two keys (lr: 0.80, 0.90, 0.70; first_neuron 16: +0.01): the lr
 * explains 0.0066667 / 0.0066917 = 99.63 % of its variance, first_neuron 0.37 %.
 */
public final class ReportFixture {
  private ReportFixture() {}

  public static final List<String> IDS = List.of("t1", "t2", "t3", "t4", "t5", "t6");
  static final double[] LR = {0.001, 0.001, 0.01, 0.01, 0.1, 0.1};
  static final int[] FN = {8, 16, 8, 16, 8, 16};
  static final double[] AUC = {0.80, 0.81, 0.90, 0.91, 0.70, 0.71};
  static final double[] ERROR = {0.20, 0.19, 0.12, 0.15, 0.30, 0.25};
  static final double[] VAL_LOSS = {0.40, 0.38, 0.35, 0.36, 0.30, 0.50};
  static final double[] VAL_ACC = {0.70, 0.72, 0.80, 0.79, 0.81, 0.60};
  static final double[] F1 = {0.60, 0.75, 0.70, 0.74, 0.50, 0.55};
  static final double[] KS = {0.5, 0.5, 0.4, 0.01, 0.6, 0.6};

  /**
   * Writes the per-trial CSVs and zips to {@code project/model/syn/}, ranks them into {@code
   * model/syn.csv} by {@code criterion}, and writes {@code parameters/syn.yaml}.
   *
   * @return the parameters file
   */
  public static Path create(Path project, String criterion) throws Exception {
    ResultFolder folder = new ResultFolder(project.resolve("model/syn"), "syn");
    for (int i = 0; i < IDS.size(); i++) {
      String id = IDS.get(i);
      folder.writeResult(
          new TrialResult(
              id,
              0,
              Map.of("lr", LR[i], "first_neuron", FN[i], "epochs", 3),
              3,
              3,
              VAL_LOSS[i] + 0.01,
              VAL_ACC[i],
              VAL_LOSS[i],
              VAL_ACC[i],
              ERROR[i],
              F1[i],
              AUC[i],
              KS[i],
              1.0,
              1e5,
              0.25,
              "cpu()",
              "settingshash",
              "datahash",
              "syn_" + id + ".zip"));
      Files.write(folder.zipPath(id), archive("syn_" + id, i));
    }
    Path params = project.resolve("parameters/syn.yaml");
    Files.createDirectories(params.getParent());
    Files.writeString(params, "# synthetic\neval_criterion: " + criterion + "\n");
    Ranking ranking =
        new Ranking(criterion, criterion.equals("eval_error") || criterion.equals("val_loss"));
    Collector.write(
        Collector.collect(folder.dir(), ranking), project.resolve("model").resolve("syn.csv"));
    return params;
  }

  /**
   * A model archive as a report reads it (model.json only; no network): 3 epochs of history whose
   * losses fall by 0.1 per epoch to the trial's val_loss, and a 3-point ROC curve through (0.1, auc
   * - 0.2).
   */
  static byte[] archive(String name, int i) throws Exception {
    StringBuilder history = new StringBuilder();
    for (int e = 1; e <= 3; e++) {
      history.append(
          String.format(
              Locale.ROOT,
              "%s{\"epoch\": %d, \"loss\": %.3f, \"acc\": 0.7, \"val_loss\": %.3f, \"val_acc\":"
                  + " 0.7, \"lr\": %s}",
              e == 1 ? "" : ", ",
              e,
              VAL_LOSS[i] + 0.01 + 0.1 * (3 - e),
              VAL_LOSS[i] + 0.1 * (3 - e),
              LR[i]));
    }
    String json =
        String.format(
            Locale.ROOT,
            "{\"format\": \"hepscan-model\", \"format_version\": 2, \"name\": \"%s\", \"history\":"
                + " [%s], \"best_epoch\": 3, \"roc\": {\"fpr\": [0, 0.1, 1], \"tpr\": [0, %.2f,"
                + " 1]}, \"hashes\": {\"trial_id\": \"%s\"}}",
            name,
            history,
            AUC[i] - 0.2,
            IDS.get(i));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name + "/model.json"));
      zip.write(json.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
