package hepscan.output;

import hepscan.model.EpochStats;
import hepscan.model.Metrics;
import hepscan.report.plot.ChartStyle;
import hepscan.report.plot.Charts;
import hepscan.report.plot.PlotSize;
import hepscan.report.plot.PngCharts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plots of {@code --model M --test}, as PNG in {@code plotting/M/}: the ROC curve (linear, and
 * with the background efficiency on a log scale) with the working points marked, each class's score
 * on its training and test events overlaid with the KS p-value, the confusion matrix, and the
 * learning curves.
 */
final class TestPlots {
  /** Taller than the report's plots: the ROC's labels and the legends need the room. */
  static final PlotSize SIZE = new PlotSize(900, 650);

  /** Bins of the score histograms over [0, 1]. */
  static final int BINS = 40;

  private TestPlots() {}

  static List<Path> write(
      Path dir,
      TestSummary summary,
      ScoredEvents training,
      ScoredEvents test,
      List<String> classNames,
      List<EpochStats> history)
      throws IOException {
    List<Path> out = new ArrayList<>();
    TestSummary.oneVsRest(test, 0)
        .ifPresent(
            roc -> {
              out.add(dir.resolve("roc.png"));
              out.add(dir.resolve("roc_log.png"));
            });
    if (!out.isEmpty()) {
      Metrics.Roc roc = TestSummary.oneVsRest(test, 0).orElseThrow();
      save(rocChart(roc, summary, classNames.get(0), false), out.get(0));
      save(rocChart(roc, summary, classNames.get(0), true), out.get(1));
    }
    for (int c = 0; c < classNames.size(); c++) {
      Path p =
          dir.resolve("score_" + hepscan.data.ColumnNames.sanitise(classNames.get(c)) + ".png");
      save(scoreChart(training, test, c, classNames, summary), p);
      out.add(p);
    }
    Path confusion = dir.resolve("confusion.png");
    save(confusionChart(summary.confusion(), classNames), confusion);
    out.add(confusion);
    if (!history.isEmpty()) {
      Path curves = dir.resolve("learning_curves.png");
      save(learningCurves(history, summary.model()), curves);
      out.add(curves);
    }
    return out;
  }

  /** Atomic PNG writing at this class's size (the style is applied where a chart is made). */
  private static void save(JFreeChart chart, Path file) throws IOException {
    PngCharts.write(chart, file, SIZE);
  }

  private static JFreeChart rocChart(
      Metrics.Roc roc, TestSummary summary, String signal, boolean logScale) {
    XYSeries curve = new XYSeries("ROC (AUC " + format(summary.classes().get(0).auc()) + ")");
    double[] fpr = roc.fpr();
    double[] tpr = roc.tpr();
    // a few thousand points draw the curve; every point of a large sample would not show more
    int step = Math.max(1, fpr.length / 4000);
    for (int i = 0; i < fpr.length; i += step) {
      if (!logScale || fpr[i] > 0) {
        curve.add(fpr[i], tpr[i], false);
      }
    }
    if (!logScale || fpr[fpr.length - 1] > 0) {
      curve.add(fpr[fpr.length - 1], tpr[tpr.length - 1], false);
    }
    XYSeries points = new XYSeries("working points");
    for (WorkingPoint w : summary.workingPoints()) {
      if (!logScale || w.backgroundEfficiency() > 0) {
        points.add(w.backgroundEfficiency(), w.signalEfficiency());
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(curve);
    data.addSeries(points);
    JFreeChart chart =
        ChartStyle.apply(
            ChartFactory.createXYLineChart(
                "ROC of "
                    + signal
                    + " against the rest, test events (model "
                    + summary.model()
                    + ")",
                "background efficiency (weighted fraction)" + (logScale ? ", log scale" : ""),
                "signal efficiency (weighted fraction)",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false));
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
    r.setSeriesLinesVisible(0, true);
    r.setSeriesShapesVisible(0, false);
    r.setSeriesStroke(0, new BasicStroke(2f));
    r.setSeriesLinesVisible(1, false);
    r.setSeriesShapesVisible(1, true);
    r.setSeriesPaint(1, Color.RED);
    plot.setRenderer(r);
    if (logScale) {
      LogAxis x = new LogAxis(plot.getDomainAxis().getLabel());
      x.setSmallestValue(1e-5);
      x.setRange(Math.max(1e-5, minPositive(fpr)), 1);
      plot.setDomainAxis(x);
    } else {
      ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
    }
    ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.02);
    for (WorkingPoint w : summary.workingPoints()) {
      if (!logScale || w.backgroundEfficiency() > 0) {
        XYTextAnnotation label =
            new XYTextAnnotation(
                String.format(
                    Locale.ROOT,
                    "  bkg %.2g%%: sig %.3f (score >= %.3g)",
                    100 * w.backgroundEfficiency(),
                    w.signalEfficiency(),
                    w.threshold()),
                w.backgroundEfficiency(),
                w.signalEfficiency() - 0.03);
        // right of the point on the linear axis (the points sit at the left), left of it on the log
        label.setTextAnchor(
            logScale
                ? org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT
                : org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        plot.addAnnotation(label);
      }
    }
    return chart;
  }

  private static double minPositive(double[] v) {
    double m = 1;
    for (double x : v) {
      if (x > 0 && x < m) {
        m = x;
      }
    }
    return m;
  }

  /** Class {@code c}'s score on its own events, training against test, each normalised to 1. */
  private static JFreeChart scoreChart(
      ScoredEvents training, ScoredEvents test, int c, List<String> classes, TestSummary s) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (int k = 0; k < classes.size(); k++) {
      data.addSeries(histogram(training, c, k, classes.get(k) + " events, training"));
      data.addSeries(histogram(test, c, k, classes.get(k) + " events, test"));
    }
    TestSummary.ClassFigures f = s.classes().get(c);
    JFreeChart chart =
        ChartStyle.apply(
            ChartFactory.createXYLineChart(
                "Score of "
                    + classes.get(c)
                    + ": training vs test (KS p-value "
                    + format(f.ksPValue())
                    + (f.ksPValue() < TestSummary.OVERTRAINING_P_VALUE ? ", overtrained?" : "")
                    + ")",
                "output_" + classes.get(c) + " (probability of " + classes.get(c) + ")",
                "weighted fraction of events per bin",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false));
    XYPlot plot = chart.getXYPlot();
    XYStepRenderer r = new XYStepRenderer();
    Color[] colours = {new Color(0, 90, 200), new Color(220, 60, 20), new Color(0, 150, 60)};
    for (int i = 0; i < data.getSeriesCount(); i++) {
      Color colour = colours[(i / 2) % colours.length];
      r.setSeriesPaint(i, colour);
      r.setSeriesStroke(
          i,
          i % 2 == 0
              ? new BasicStroke(2f)
              : new BasicStroke(
                  2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
    }
    plot.setRenderer(r);
    ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
    return chart;
  }

  private static XYSeries histogram(ScoredEvents e, int c, int ofClass, String name) {
    double[] bins = new double[BINS];
    double total = 0;
    double[] scores = e.scoresOf(c);
    for (int i = 0; i < e.size(); i++) {
      if (e.labels()[i] == ofClass) {
        int b = (int) Math.min(BINS - 1, Math.max(0, Math.floor(scores[i] * BINS)));
        bins[b] += e.weights()[i];
        total += e.weights()[i];
      }
    }
    XYSeries s = new XYSeries(name);
    for (int b = 0; b < BINS; b++) {
      s.add((double) b / BINS, total > 0 ? bins[b] / total : 0);
    }
    s.add(1.0, total > 0 ? bins[BINS - 1] / total : 0);
    return s;
  }

  private static JFreeChart confusionChart(double[][] m, List<String> classes) {
    int k = m.length;
    double[][] xyz = new double[3][k * k];
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        xyz[0][t * k + p] = p;
        xyz[1][t * k + p] = t;
        xyz[2][t * k + p] = Double.isNaN(m[t][p]) ? 0 : m[t][p];
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("fraction", xyz);
    String[] names = classes.toArray(new String[0]);
    SymbolAxis x = new SymbolAxis("predicted class (largest score)", names);
    SymbolAxis y = new SymbolAxis("true class", names);
    for (SymbolAxis a : new SymbolAxis[] {x, y}) {
      a.setRange(-0.5, k - 0.5);
      a.setGridBandsVisible(false);
      a.setLabelFont(ChartStyle.LABEL);
      a.setTickLabelFont(ChartStyle.LABEL);
    }
    LookupPaintScale scale = new LookupPaintScale(0, 1.0001, Color.WHITE);
    for (int i = 0; i < 10; i++) {
      int shade = 255 - 22 * i;
      scale.add(i / 10.0, new Color(shade, shade, 255));
    }
    XYBlockRenderer r = new XYBlockRenderer();
    r.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, x, y, r);
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        XYTextAnnotation a =
            new XYTextAnnotation(String.format(Locale.ROOT, "%.3f", m[t][p]), p, t);
        a.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        plot.addAnnotation(a);
      }
    }
    JFreeChart chart =
        new JFreeChart(
            "Confusion matrix of the test events (weighted fraction of each true class)",
            ChartStyle.TITLE.deriveFont(17f),
            plot,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    NumberAxis legendAxis = new NumberAxis("fraction of the true class");
    legendAxis.setRange(0, 1);
    legendAxis.setLabelFont(ChartStyle.TICK);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(new org.jfree.chart.ui.RectangleInsets(30, 10, 50, 10));
    legend.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(legend);
    return chart;
  }

  private static JFreeChart learningCurves(List<EpochStats> history, String model) {
    double[] epoch = history.stream().mapToDouble(EpochStats::epoch).toArray();
    return Charts.integerX(
        Charts.lines(
            "Learning curves of " + model,
            "epoch",
            "weighted cross-entropy loss",
            List.of(
                new Charts.Curve(
                    "training loss",
                    epoch,
                    history.stream().mapToDouble(EpochStats::loss).toArray(),
                    0,
                    true),
                new Charts.Curve(
                    "validation loss (evaluation split)",
                    epoch,
                    history.stream().mapToDouble(EpochStats::valLoss).toArray(),
                    0,
                    false))));
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
