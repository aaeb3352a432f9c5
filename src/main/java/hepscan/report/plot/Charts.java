package hepscan.report.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The chart kinds hepscan draws, styled by {@link ChartStyle}: lines (learning and ROC curves),
 * horizontal bars (importance), strips (a metric per value of a key) and heat maps (a metric over
 * two keys). Every chart gets a title and two axis labels; give units in the labels, e.g. {@code
 * "epoch"} or {@code "false-positive rate (fraction of background)"}. Write with {@link PngCharts}.
 */
public final class Charts {
  private Charts() {}

  /**
   * One line of a line chart.
   *
   * @param colour index into the {@link ChartStyle#color palette}
   * @param dashed e.g. the training figure beside the solid validation one
   */
  public record Curve(String label, double[] x, double[] y, int colour, boolean dashed) {
    public Curve {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "curve " + label + ": " + x.length + " x values for " + y.length + " y values");
      }
      x = x.clone();
      y = y.clone();
    }
  }

  /** Lines through points; non-finite points are left out. */
  public static JFreeChart lines(String title, String xLabel, String yLabel, List<Curve> curves) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    keepSeriesLook(renderer);
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      XYSeries s = new XYSeries(c.label(), false, true);
      for (int j = 0; j < c.x().length; j++) {
        if (Double.isFinite(c.x()[j]) && Double.isFinite(c.y()[j])) {
          s.add(c.x()[j], c.y()[j]);
        }
      }
      data.addSeries(s);
      renderer.setSeriesPaint(i, ChartStyle.color(c.colour()));
      renderer.setSeriesStroke(i, ChartStyle.line(2.2f, c.dashed()));
    }
    NumberAxis x = new NumberAxis(xLabel);
    NumberAxis y = new NumberAxis(yLabel);
    x.setAutoRangeIncludesZero(false);
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    return ChartStyle.apply(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
  }

  /**
   * Horizontal bars, one per entry in map order (first at the top), each labelled with its value
   * formatted by {@code valueFormat} (e.g. {@code "%.1f %%"}).
   */
  public static JFreeChart horizontalBars(
      String title,
      String categoryLabel,
      String valueLabel,
      Map<String, Double> values,
      String valueFormat) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((k, v) -> data.addValue(v, "value", k));
    CategoryAxis cat = new CategoryAxis(categoryLabel);
    NumberAxis val = new NumberAxis(valueLabel);
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    keepSeriesLook(renderer);
    renderer.setSeriesPaint(0, ChartStyle.color(0));
    renderer.setMaximumBarWidth(0.12);
    renderer.setDefaultItemLabelGenerator(
        new org.jfree.chart.labels.StandardCategoryItemLabelGenerator(
            "{2}", new java.text.DecimalFormat("0.0")) {
          private static final long serialVersionUID = 1L;

          @Override
          public String generateLabel(org.jfree.data.category.CategoryDataset d, int r, int c) {
            return String.format(Locale.ROOT, valueFormat, d.getValue(r, c).doubleValue());
          }
        });
    renderer.setDefaultItemLabelsVisible(true);
    // the value right of its bar, also for a bar of zero length
    renderer.setDefaultPositiveItemLabelPosition(
        new org.jfree.chart.labels.ItemLabelPosition(
            org.jfree.chart.labels.ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    renderer.setDefaultItemLabelFont(ChartStyle.TICK);
    CategoryPlot plot = new CategoryPlot(data, cat, val, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_LEFT);
    val.setUpperMargin(0.15); // room for the value labels
    return ChartStyle.apply(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false));
  }

  /**
   * A strip plot: per category (e.g. the values of a hyperparameter, in order) one dot per trial,
   * one colour per group (e.g. trials, overtrained trials, the mean).
   *
   * @param groups group name to (category to values); every group may leave categories out
   */
  public static JFreeChart strip(
      String title,
      String categoryLabel,
      String valueLabel,
      List<String> categories,
      Map<String, Map<String, List<Double>>> groups) {
    DefaultMultiValueCategoryDataset data = new DefaultMultiValueCategoryDataset();
    for (Map.Entry<String, Map<String, List<Double>>> g : groups.entrySet()) {
      for (String category : categories) {
        List<Double> finite = new ArrayList<>();
        for (Double v : g.getValue().getOrDefault(category, List.of())) {
          if (v != null && Double.isFinite(v)) {
            finite.add(v);
          }
        }
        data.add(finite, g.getKey(), category);
      }
    }
    ScatterRenderer renderer = new ScatterRenderer();
    keepSeriesLook(renderer);
    renderer.setUseSeriesOffset(true);
    renderer.setUseOutlinePaint(false);
    int i = 0;
    for (String g : groups.keySet()) {
      renderer.setSeriesPaint(i, ChartStyle.color(i));
      renderer.setSeriesShape(
          i, i == 0 ? new Ellipse2D.Double(-4, -4, 8, 8) : new Rectangle2D.Double(-5, -5, 10, 10));
      i++;
    }
    NumberAxis val = new NumberAxis(valueLabel);
    val.setAutoRangeIncludesZero(false);
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(categoryLabel), val, renderer);
    return ChartStyle.apply(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
  }

  /**
   * A heat map of {@code z[ix][iy]} over two categorical axes, each cell labelled with its value
   * ({@code NaN}: no trial, left white); the colour scale goes from the worst to the best value.
   */
  public static JFreeChart heatMap(
      String title,
      String xLabel,
      List<String> xValues,
      String yLabel,
      List<String> yValues,
      double[][] z,
      String zLabel,
      boolean higherIsBetter) {
    int n = xValues.size() * yValues.size();
    double[][] xyz = new double[3][n];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int k = 0;
    for (int ix = 0; ix < xValues.size(); ix++) {
      for (int iy = 0; iy < yValues.size(); iy++) {
        xyz[0][k] = ix;
        xyz[1][k] = iy;
        xyz[2][k] = z[ix][iy];
        if (Double.isFinite(z[ix][iy])) {
          lo = Math.min(lo, z[ix][iy]);
          hi = Math.max(hi, z[ix][iy]);
        }
        k++;
      }
    }
    if (!(lo < hi)) {
      lo = Double.isFinite(lo) ? lo - 0.5 : 0;
      hi = lo + 1;
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries(zLabel, xyz);
    TwoColourScale scale = new TwoColourScale(lo, hi, higherIsBetter);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(scale);
    SymbolAxis x = new SymbolAxis(xLabel, xValues.toArray(new String[0]));
    SymbolAxis y = new SymbolAxis(yLabel, yValues.toArray(new String[0]));
    x.setGridBandsVisible(false);
    y.setGridBandsVisible(false);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    for (int i = 0; i < n; i++) {
      if (Double.isFinite(xyz[2][i])) {
        XYTextAnnotation label =
            new XYTextAnnotation(
                String.format(Locale.ROOT, "%.4g", xyz[2][i]), xyz[0][i], xyz[1][i]);
        label.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        label.setTextAnchor(TextAnchor.CENTER);
        plot.addAnnotation(label);
      }
    }
    JFreeChart chart =
        ChartStyle.apply(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false));
    NumberAxis legendAxis = new NumberAxis(zLabel);
    legendAxis.setRange(lo, hi);
    legendAxis.setLabelFont(ChartStyle.TICK);
    legendAxis.setTickLabelFont(ChartStyle.TICK);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 10, 4, 4);
    legend.setStripWidth(16);
    legend.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(legend);
    return chart;
  }

  /** Whole-number ticks on the x axis of a {@link #lines} chart (e.g. epochs). */
  public static JFreeChart integerX(JFreeChart chart) {
    ((XYPlot) chart.getPlot())
        .getDomainAxis()
        .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return chart;
  }

  /**
   * Keeps the colours, lines and shapes set per series: the theme of {@link ChartStyle#apply} would
   * otherwise replace them with its own sequence.
   */
  private static void keepSeriesLook(org.jfree.chart.renderer.AbstractRenderer renderer) {
    renderer.setAutoPopulateSeriesPaint(false);
    renderer.setAutoPopulateSeriesStroke(false);
    renderer.setAutoPopulateSeriesShape(false);
  }

  /** From light (worst) to dark blue (best); a value outside the range is clamped. */
  private record TwoColourScale(double lo, double hi, boolean higherIsBetter)
      implements PaintScale {
    private static final Color WORST = new Color(0xF7, 0xFB, 0xFF);
    private static final Color BEST = new Color(0x2B, 0x8C, 0xBE);

    @Override
    public double getLowerBound() {
      return lo;
    }

    @Override
    public double getUpperBound() {
      return hi;
    }

    @Override
    public Paint getPaint(double value) {
      if (!Double.isFinite(value)) {
        return Color.WHITE;
      }
      double t = Math.max(0, Math.min(1, (value - lo) / (hi - lo)));
      if (!higherIsBetter) {
        t = 1 - t;
      }
      return new Color(
          mix(WORST.getRed(), BEST.getRed(), t),
          mix(WORST.getGreen(), BEST.getGreen(), t),
          mix(WORST.getBlue(), BEST.getBlue(), t));
    }

    private static int mix(int a, int b, double t) {
      return (int) Math.round(a + (b - a) * t);
    }
  }
}
