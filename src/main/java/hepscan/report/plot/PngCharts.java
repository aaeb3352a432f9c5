package hepscan.report.plot;

import hepscan.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;

/**
 * Writes charts as PNG files, atomically: a reader (a browser reloading the page, a test) never
 * sees half a picture. Needs no display: hepscan runs AWT headless (set here too, in case the JVM
 * was started without {@code -Djava.awt.headless=true}).
 */
public final class PngCharts {
  private PngCharts() {}

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The chart as PNG bytes of the given size. */
  public static byte[] render(JFreeChart chart, PlotSize size) throws IOException {
    BufferedImage image = chart.createBufferedImage(size.width(), size.height());
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", png)) {
      throw new IOException("no PNG writer in this Java runtime");
    }
    return png.toByteArray();
  }

  /** Renders {@code chart} and writes it to {@code target} (a .png), replacing it atomically. */
  public static void write(JFreeChart chart, Path target, PlotSize size) throws IOException {
    AtomicFiles.writeBytes(target, render(chart, size));
  }
}
