package dev.smbhunt.kernel;

import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The two chart shapes the notebooks need, sized and styled once so every PNG looks alike. */
public final class Charts {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 360;

  private Charts() {}

  /**
   * Alerts (or any count) against a numeric parameter: one line per series, markers on the points.
   */
  public static XYChart line(String title, String xTitle, String yTitle) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    return c;
  }

  /** Counts per category (per day, per device, per LOLBIN). */
  public static CategoryChart bars(String title, String xTitle, String yTitle) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setXAxisLabelRotation(45);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    return c;
  }

  /** Convenience for a single series of bars. */
  public static CategoryChart bars(
      String title, String xTitle, String yTitle, List<String> x, List<? extends Number> y) {
    CategoryChart c = bars(title, xTitle, yTitle);
    c.addSeries(yTitle, x, y);
    c.getStyler().setLegendVisible(false);
    return c;
  }
}
