package dev.smbhunt.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import dev.smbhunt.transforms.smb.AlertColumns;
import dev.smbhunt.transforms.smb.HuntColumns;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Shows alerts as a readable table, or exports them as JSON Lines or CSV; streams rows, never
 * collects all.
 */
final class AlertPrinter {
  /** What a hunter reads first; the full evidence is in jsonl/csv and in the table. */
  private static final List<String> TABLE_COLUMNS =
      List.of(
          HuntColumns.TIMESTAMP_NETWORK_ACT,
          HuntColumns.DEVICE_NAME,
          HuntColumns.REMOTE_IP,
          HuntColumns.FILE_NAME,
          HuntColumns.PROCESS_COMMAND_LINE,
          AlertColumns.DETECTION_REASON,
          dev.smbhunt.transforms.smb.FinalSelection.SHA1_PAIR_COUNT,
          AlertColumns.ALERT_ID);

  private static final int CELL_WIDTH = 48;

  enum Format {
    TABLE,
    JSONL,
    /** Cells a spreadsheet would run as a formula are neutralised. */
    CSV,
    /** Every cell exactly as stored, for machine consumers. */
    CSV_EXACT;

    static Format parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--format must be table, jsonl, csv or csv-exact, got '" + text + "'");
      }
    }
  }

  private AlertPrinter() {}

  /**
   * @param limit rows to print; 0 prints all
   */
  static void print(Dataset<Row> alerts, Format format, int limit, PrintWriter out) {
    Dataset<Row> ordered =
        alerts.orderBy(col(HuntColumns.TIMESTAMP_NETWORK_ACT), col(AlertColumns.ALERT_ID));
    Dataset<Row> rows = limit > 0 ? ordered.limit(limit) : ordered;
    switch (format) {
      case TABLE -> table(rows, out);
      case JSONL -> rows.toJSON().toLocalIterator().forEachRemaining(out::println);
      case CSV -> csv(rows, out, true);
      case CSV_EXACT -> csv(rows, out, false);
    }
    out.flush();
  }

  private static void table(Dataset<Row> rows, PrintWriter out) {
    render(rows.select(TABLE_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new)), out);
    out.println(" alert(s) shown");
  }

  /**
   * One line per (device, binary, reason): how many alerts, first and last connection. Small by
   * nature, and the quickest read of what a run found.
   */
  static void digest(Dataset<Row> alerts, PrintWriter out) {
    Dataset<Row> groups =
        alerts
            .groupBy(
                col(HuntColumns.DEVICE_NAME),
                col(HuntColumns.FILE_NAME),
                col(AlertColumns.DETECTION_REASON))
            .agg(
                org.apache
                    .spark
                    .sql
                    .functions
                    .count(org.apache.spark.sql.functions.lit(1))
                    .as("Alerts"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .min(HuntColumns.TIMESTAMP_NETWORK_ACT)
                    .as("FirstConnection"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .max(HuntColumns.TIMESTAMP_NETWORK_ACT)
                    .as("LastConnection"))
            .orderBy(
                col("FirstConnection"), col(HuntColumns.DEVICE_NAME), col(HuntColumns.FILE_NAME));
    render(groups, out);
    out.println(" group(s)");
  }

  /**
   * A plain-text table of any rows, cells cut to a readable width; the row count is printed last.
   */
  private static void render(Dataset<Row> rows, PrintWriter out) {
    String[] header = rows.columns();
    Dataset<Row> shown =
        rows.select(
            java.util.Arrays.stream(header)
                .map(c -> col(c).cast(DataTypes.StringType))
                .toArray(Column[]::new));
    List<String[]> cells = new ArrayList<>();
    cells.add(header);
    // Table output is for reading: it is bounded by --limit, so gathering it is fine.
    Iterator<Row> it = shown.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      String[] line = new String[r.size()];
      for (int i = 0; i < r.size(); i++) {
        // DeviceName and command lines come from the attacked hosts: no raw control character
        // reaches the terminal.
        String v = r.isNullAt(i) ? "" : TerminalText.escape(r.getString(i));
        line[i] = v.length() > CELL_WIDTH ? v.substring(0, CELL_WIDTH - 1) + "…" : v;
      }
      cells.add(line);
    }
    int[] widths = new int[header.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (int n = 0; n < cells.size(); n++) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        s.append(String.format("%-" + widths[i] + "s", cells.get(n)[i]))
            .append(i + 1 < widths.length ? "  " : "");
      }
      out.println(s.toString().stripTrailing());
      if (n == 0) {
        out.println("-".repeat(s.length()));
      }
    }
    out.print(cells.size() - 1);
  }

  private static void csv(Dataset<Row> rows, PrintWriter out, boolean neutralise) {
    List<Column> flat = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      boolean nested =
          f.dataType() instanceof ArrayType
              || f.dataType() instanceof MapType
              || f.dataType() instanceof StructType;
      flat.add(
          (nested ? to_json(col(f.name())) : col(f.name()).cast(DataTypes.StringType))
              .as(f.name()));
    }
    Dataset<Row> text = rows.select(flat.toArray(Column[]::new));
    out.println(
        String.join(",", List.of(text.columns()).stream().map(AlertPrinter::quote).toList()));
    text.toLocalIterator()
        .forEachRemaining(
            r -> {
              List<String> values = new ArrayList<>();
              for (int i = 0; i < r.size(); i++) {
                String v = r.isNullAt(i) ? "" : r.getString(i);
                values.add(quote(neutralise ? TerminalText.neutraliseFormula(v) : v));
              }
              out.println(String.join(",", values));
            });
  }

  // RFC 4180: quote when needed, double the quotes inside.
  static String quote(String value) {
    boolean needs =
        value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
    return needs ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
