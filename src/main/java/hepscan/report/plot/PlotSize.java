package hepscan.report.plot;

/** The size of a PNG plot, in pixels. */
public record PlotSize(int width, int height) {
  /** Readable on a laptop screen and in a page two plots wide. */
  public static final PlotSize STANDARD = new PlotSize(900, 560);

  public PlotSize {
    if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
      throw new IllegalArgumentException(
          "plot size " + width + " x " + height + " px: give 100 to 10,000 px per side");
    }
  }
}
