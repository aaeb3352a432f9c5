package hepscan.report;

import hepscan.model.ArchiveSummary;
import hepscan.model.EpochStats;
import hepscan.model.RocPoints;
import hepscan.report.plot.Charts;
import hepscan.report.plot.PlotSize;
import hepscan.report.plot.PngCharts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's PNG plots: the criterion per value of each varied key, the importance bars, a heat
 * map of the two most important keys, and the learning and ROC curves of the top trials.
 */
public final class ReportPlots {
  private ReportPlots() {}

  /** One plot written: its file name in the plot folder, its title and what it shows. */
  public record Plot(String file, String title, String caption) {}

  /** The plots written, and why any expected plot is not there. */
  public record Written(List<Plot> plots, List<String> notes) {
    public Written {
      plots = List.copyOf(plots);
      notes = List.copyOf(notes);
    }
  }

  /** What each scan key means, for axis labels. */
  private static final Map<String, String> KEY_MEANING =
      Map.ofEntries(
          Map.entry("lr", "learning rate"),
          Map.entry("first_neuron", "neurons in the first hidden layer"),
          Map.entry("hidden_layers", "number of hidden layers"),
          Map.entry("activation", "activation function"),
          Map.entry("dropout", "dropout, fraction of units"),
          Map.entry("l2", "L2 penalty factor"),
          Map.entry("optimizer", "optimizer"),
          Map.entry("epochs", "maximum epochs"),
          Map.entry("batch_size", "events per batch"),
          Map.entry("loss_function", "loss function"),
          Map.entry("output_activation", "output activation"));

  /** What each criterion is, with its unit, for axis labels. */
  private static final Map<String, String> CRITERION_MEANING =
      Map.of(
          "auc", "AUC, area under the ROC curve (0.5 = random, 1 = perfect)",
          "eval_error", "eval_error, weighted misclassified fraction",
          "val_loss", "val_loss, weighted cross-entropy (nats per event)",
          "val_acc", "val_acc, weighted fraction classified right",
          "f1", "F1, macro average (0 to 1)");

  public static String keyLabel(String key) {
    String meaning = KEY_MEANING.get(key);
    return meaning == null ? key : key + " (" + meaning + ")";
  }

  public static String criterionLabel(String criterion) {
    return CRITERION_MEANING.getOrDefault(criterion, criterion);
  }

  public static Written write(ReportContent c, Path dir) throws IOException {
    List<Plot> plots = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Ranking ranking = c.results().ranking();
    String crit = ranking.column();
    List<String> varied = c.results().variedKeys();
    for (String key : varied) {
      plots.add(criterionPerValue(c, key, dir));
    }
    if (varied.isEmpty()) {
      notes.add("no scan key varies: no plot per key, no importance and no heat map");
    } else {
      Map<String, Double> shares = new LinkedHashMap<>();
      c.importance().keys().forEach(k -> shares.put(k.key(), 100 * k.share()));
      String file = "importance.png";
      PngCharts.write(
          Charts.horizontalBars(
              "Hyperparameter importance (fANOVA main effects on " + crit + ")",
              "scan key",
              "share of the " + crit + "'s variance explained (%)",
              shares,
              "%.1f %%"),
          dir.resolve(file),
          PlotSize.STANDARD);
      plots.add(
          new Plot(
              file,
              "Hyperparameter importance",
              "The share of the "
                  + crit
                  + "'s variance over the trials that each key explains alone ("
                  + Importance.METHOD
                  + ")."));
    }
    if (varied.size() >= 2) {
      plots.add(heatMap(c, dir));
    } else if (!varied.isEmpty()) {
      notes.add("one scan key varies: no heat map (it needs two)");
    }
    learningCurves(c, dir, plots, notes);
    rocCurves(c, dir, plots, notes);
    return new Written(plots, notes);
  }

  private static Plot criterionPerValue(ReportContent c, String key, Path dir) throws IOException {
    Ranking ranking = c.results().ranking();
    String crit = ranking.column();
    List<String> values = ScanResults.values(c.results().rows(), key);
    Map<String, Map<String, List<Double>>> groups = new LinkedHashMap<>();
    Map<String, List<Double>> fine = new LinkedHashMap<>();
    Map<String, List<Double>> over = new LinkedHashMap<>();
    Map<String, List<Double>> mean = new LinkedHashMap<>();
    for (Map<String, String> row : c.results().rows()) {
      String v = row.getOrDefault(key, "");
      (c.overtraining().flagged(row) ? over : fine)
          .computeIfAbsent(v, x -> new ArrayList<>())
          .add(ranking.value(row));
    }
    c.importance().keys().stream()
        .filter(k -> k.key().equals(key))
        .flatMap(k -> k.values().stream())
        .forEach(s -> mean.put(s.value(), List.of(s.mean())));
    groups.put("trial", fine);
    groups.put("overtrained trial (" + c.overtraining().rule() + ")", over);
    groups.put("mean per value", mean);
    String file = "criterion_" + safe(key) + ".png";
    PngCharts.write(
        Charts.strip(crit + " per " + key, keyLabel(key), criterionLabel(crit), values, groups),
        dir.resolve(file),
        PlotSize.STANDARD);
    return new Plot(
        file,
        crit + " per " + key,
        "Every trial's " + crit + " at each value of " + key + ", and the mean per value.");
  }

  private static Plot heatMap(ReportContent c, Path dir) throws IOException {
    Ranking ranking = c.results().ranking();
    String kx = c.importance().keys().get(0).key();
    String ky = c.importance().keys().get(1).key();
    List<Map<String, String>> rows = c.results().rows();
    List<String> xs = ScanResults.values(rows, kx);
    List<String> ys = ScanResults.values(rows, ky);
    double[][] sum = new double[xs.size()][ys.size()];
    int[][] n = new int[xs.size()][ys.size()];
    for (Map<String, String> row : rows) {
      double v = ranking.value(row);
      if (Double.isFinite(v)) {
        int ix = xs.indexOf(row.getOrDefault(kx, ""));
        int iy = ys.indexOf(row.getOrDefault(ky, ""));
        sum[ix][iy] += v;
        n[ix][iy]++;
      }
    }
    double[][] z = new double[xs.size()][ys.size()];
    for (int i = 0; i < xs.size(); i++) {
      for (int j = 0; j < ys.size(); j++) {
        z[i][j] = n[i][j] == 0 ? Double.NaN : sum[i][j] / n[i][j];
      }
    }
    String crit = ranking.column();
    String file = "heatmap.png";
    PngCharts.write(
        Charts.heatMap(
            "Mean " + crit + " over the two most important keys",
            keyLabel(kx),
            xs,
            keyLabel(ky),
            ys,
            z,
            "mean " + crit,
            !ranking.ascending()),
        dir.resolve(file),
        PlotSize.STANDARD);
    return new Plot(
        file,
        "Heat map of " + kx + " and " + ky,
        "The mean "
            + crit
            + " of the trials at each pair of values of the two most important keys (darker is"
            + " better; blank: no trial).");
  }

  private static void learningCurves(
      ReportContent c, Path dir, List<Plot> plots, List<String> notes) throws IOException {
    List<Charts.Curve> curves = new ArrayList<>();
    int i = 0;
    for (Map<String, String> row : c.top(ReportContent.TOP_CURVES)) {
      ArchiveSummary a = c.archives().get(row.get("trial_id"));
      if (a != null && !a.history().isEmpty()) {
        List<EpochStats> h = a.history();
        double[] epoch = h.stream().mapToDouble(EpochStats::epoch).toArray();
        String who = "#" + row.get(Collector.RANK) + " " + row.get("trial_id");
        curves.add(
            new Charts.Curve(
                who + " training",
                epoch,
                h.stream().mapToDouble(EpochStats::loss).toArray(),
                i,
                true));
        curves.add(
            new Charts.Curve(
                who + " validation",
                epoch,
                h.stream().mapToDouble(EpochStats::valLoss).toArray(),
                i,
                false));
      }
      i++;
    }
    if (curves.isEmpty()) {
      notes.add("no learning curves: the zips of the top trials are missing or hold no history");
      return;
    }
    String file = "learning_curves.png";
    PngCharts.write(
        Charts.integerX(
            Charts.lines(
                "Learning curves of the top " + curves.size() / 2,
                "epoch",
                "loss, weighted cross-entropy (nats per event)",
                curves)),
        dir.resolve(file),
        PlotSize.STANDARD);
    plots.add(
        new Plot(
            file,
            "Learning curves",
            "Training loss (dashed, running over the epoch's batches) and validation loss (solid,"
                + " on the evaluation split after each epoch) of the top trials, one colour per"
                + " trial."));
  }

  private static void rocCurves(ReportContent c, Path dir, List<Plot> plots, List<String> notes)
      throws IOException {
    List<Charts.Curve> curves = new ArrayList<>();
    List<String> without = new ArrayList<>();
    int i = 0;
    for (Map<String, String> row : c.top(ReportContent.TOP_CURVES)) {
      ArchiveSummary a = c.archives().get(row.get("trial_id"));
      if (a != null && a.roc().isPresent()) {
        RocPoints roc = a.roc().get();
        curves.add(
            new Charts.Curve(
                "#"
                    + row.get(Collector.RANK)
                    + " "
                    + row.get("trial_id")
                    + " (AUC "
                    + Ranking.format(parse(row.get("auc")))
                    + ")",
                roc.fpr(),
                roc.tpr(),
                i,
                false));
      } else if (a != null) {
        without.add(row.get("trial_id") + " (format version " + a.formatVersion() + ")");
      }
      i++;
    }
    if (!without.isEmpty()) {
      notes.add(
          "no ROC points in the zips of "
              + String.join(", ", without)
              + ": archives before format version 2 do not store them; trials trained now do");
    }
    if (curves.isEmpty()) {
      notes.add("no ROC curves: no zip of the top trials holds ROC points");
      return;
    }
    curves.add(new Charts.Curve("random guess", new double[] {0, 1}, new double[] {0, 1}, 6, true));
    String file = "roc.png";
    PngCharts.write(
        Charts.lines(
            "ROC curves of the top " + (curves.size() - 1) + " (evaluation split)",
            "false-positive rate (background efficiency, fraction)",
            "true-positive rate (signal efficiency, fraction)",
            curves),
        dir.resolve(file),
        PlotSize.STANDARD);
    plots.add(
        new Plot(
            file,
            "ROC curves",
            "Signal efficiency against background efficiency on the evaluation split, weighted"
                + " with the learning weights, of the top trials."));
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException | NullPointerException e) {
      return Double.NaN;
    }
  }

  /** A key as a file-name part: letters, digits, '_' and '-'. */
  static String safe(String key) {
    return key.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
