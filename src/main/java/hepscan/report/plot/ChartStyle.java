package hepscan.report.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;

/**
 * hepscan's look for every plot: white background, light grid, fonts large enough to read at {@link
 * PlotSize#STANDARD}, and one palette (Okabe–Ito: told apart also by colour-blind readers).
 */
public final class ChartStyle {
  private ChartStyle() {}

  public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  public static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
  public static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  public static final Color GRID = new Color(0xDD, 0xDD, 0xDD);

  private static final Color[] PALETTE = {
    new Color(0x00, 0x72, 0xB2), // blue
    new Color(0xD5, 0x5E, 0x00), // vermillion
    new Color(0x00, 0x9E, 0x73), // bluish green
    new Color(0xCC, 0x79, 0xA7), // reddish purple
    new Color(0xE6, 0x9F, 0x00), // orange
    new Color(0x56, 0xB4, 0xE9), // sky blue
    new Color(0x00, 0x00, 0x00), // black
    new Color(0xF0, 0xE4, 0x42), // yellow
  };

  /** The palette's colour number {@code i} (cycling). */
  public static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** A solid or dashed line of the given width. */
  public static Stroke line(float width, boolean dashed) {
    return dashed
        ? new BasicStroke(
            width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 5f}, 0f)
        : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  /** Applies the style to a chart made by JFreeChart's factory or by {@link Charts}. */
  public static JFreeChart apply(JFreeChart chart) {
    StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
    theme.setExtraLargeFont(TITLE);
    theme.setLargeFont(LABEL);
    theme.setRegularFont(TICK);
    theme.setSmallFont(TICK);
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setDomainGridlinePaint(GRID);
    theme.setRangeGridlinePaint(GRID);
    theme.apply(chart);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    Plot plot = chart.getPlot();
    plot.setOutlinePaint(Color.GRAY);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinesVisible(true);
      xy.setRangeGridlinesVisible(true);
    } else if (plot instanceof CategoryPlot cp) {
      cp.setRangeGridlinesVisible(true);
    }
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(TICK);
      legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    return chart;
  }
}
