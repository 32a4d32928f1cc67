package dev.smbhunt.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What a notebook cell shows: Datasets as HTML tables (with their row count), charts as PNG, and
 * headings. Each method builds its {@link DisplayData} with a pure {@code ...Data} twin, so the
 * rendering is testable without a kernel.
 */
public final class Show {
  /**
   * The marker the CI check looks for: tables shown with {@link #alerts} must match a fresh run.
   */
  public static final String CHECKED_TABLE = "smbhunt-checked";

  private Show() {}

  /** {@code n} rows of {@code ds}, as a table, after its total row count. */
  public static void table(String title, Dataset<Row> ds, int n) {
    HuntKernel.publish(
        tableData(title, ds.count(), ds.columns(), ds.limit(n).collectAsList(), false));
  }

  /**
   * Alerts, sorted by the caller: as {@link #table}, but marked so that the CI check compares them
   * with a fresh execution of the notebook.
   */
  public static void alerts(String title, Dataset<Row> ds, int n) {
    HuntKernel.publish(
        tableData(title, ds.count(), ds.columns(), ds.limit(n).collectAsList(), true));
  }

  public static void html(String html) {
    DisplayData d = new DisplayData(html.replaceAll("<[^>]+>", ""));
    d.putHTML(html);
    HuntKernel.publish(d);
  }

  public static void chart(Chart<?, ?> chart) {
    HuntKernel.publish(chartData(chart));
  }

  static DisplayData tableData(
      String title, long total, String[] columns, List<Row> rows, boolean checked) {
    StringBuilder html = new StringBuilder();
    StringBuilder text = new StringBuilder();
    html.append("<p><b>").append(escape(title)).append("</b>: ").append(total).append(" row(s)");
    text.append(title).append(": ").append(total).append(" row(s)");
    if (rows.size() < total) {
      html.append(", first ").append(rows.size());
      text.append(", first ").append(rows.size());
    }
    html.append("</p>\n<table class=\"")
        .append(checked ? CHECKED_TABLE : "smbhunt")
        .append("\">\n<tr>");
    text.append('\n').append(String.join(" | ", columns));
    for (String c : columns) {
      html.append("<th>").append(escape(c)).append("</th>");
    }
    html.append("</tr>\n");
    for (Row r : rows) {
      html.append("<tr>");
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns.length; i++) {
        String v = r.isNullAt(i) ? "null" : String.valueOf(r.get(i));
        html.append("<td>").append(escape(v)).append("</td>");
        line.append(i == 0 ? "" : " | ").append(v);
      }
      html.append("</tr>\n");
      text.append('\n').append(line);
    }
    html.append("</table>");
    DisplayData d = new DisplayData(text.toString());
    d.putHTML(html.toString());
    return d;
  }

  static DisplayData chartData(Chart<?, ?> chart) {
    byte[] png;
    try {
      png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DisplayData d = new DisplayData("chart: " + chart.getTitle());
    d.putData("image/png", Base64.getEncoder().encodeToString(png));
    return d;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
