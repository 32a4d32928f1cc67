package dev.smbhunt.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.transforms.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * DeviceName and ProcessCommandLine come from the attacked hosts. The table shows their control
 * characters as escapes, the CSV neutralises formulas, and JSON Lines and csv-exact stay exact.
 */
class AlertPrinterTest {
  private static final String FIXTURE = "src/test/resources/fixtures/hostile-alerts/alerts.jsonl";
  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> hostile() {
    return spark
        .read()
        .schema(
            "TimestampNetworkAct timestamp, DeviceName string, RemoteIP string, FileName string, "
                + "ProcessCommandLine string, DetectionReason string, Sha1PairCount long, AlertId string")
        .json(FIXTURE);
  }

  private String print(AlertPrinter.Format format) {
    StringWriter out = new StringWriter();
    AlertPrinter.print(hostile(), format, 0, new PrintWriter(out));
    return out.toString();
  }

  @Test
  void theTableShowsControlCharactersAndBidiOverridesAsEscapes() {
    String table = print(AlertPrinter.Format.TABLE);
    for (char c : table.toCharArray()) {
      assertFalse(
          c < 0x20 && c != '\n',
          "a raw control character U+" + Integer.toHexString(c) + " reached the table");
    }
    assertFalse(table.contains("\u202e"), table);
    assertTrue(table.contains("\\x1b[2J\\x1b[Hws-01"), table);
    assertTrue(table.contains("ws-02\\x07\\x00"), table);
    assertTrue(table.contains("invoice\\u202etxt.exe"), table);
    assertTrue(table.contains("cmd /c whoami\\r\\n2025-05-05"), table);
    List<String> lines = table.lines().toList();
    assertEquals(
        2 + 3 + 1, lines.size(), "header, rule, three rows, the count; no forged row: " + table);
  }

  @Test
  void csvNeutralisesFormulasAndCsvExactKeepsThem() {
    String csv = print(AlertPrinter.Format.CSV);
    assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\""), csv);
    assertTrue(csv.contains(",'@SUM(1+1)*cmd|' /C calc'!A0,"), csv);
    String exact = print(AlertPrinter.Format.CSV_EXACT);
    assertTrue(exact.contains("\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\""), exact);
    assertTrue(exact.contains(",@SUM(1+1)*cmd|' /C calc'!A0,"), exact);
  }

  @Test
  void jsonLinesStayExact() {
    String jsonl = print(AlertPrinter.Format.JSONL);
    assertTrue(
        jsonl.contains("\\u001B[2J\\u001B[Hws-01") || jsonl.contains("\\u001b[2J\\u001b[Hws-01"),
        jsonl);
    assertTrue(jsonl.contains("=HYPERLINK("), jsonl);
    assertEquals(3, jsonl.lines().count());
  }

  @Test
  void theFormatNamesParse() {
    assertEquals(AlertPrinter.Format.CSV_EXACT, AlertPrinter.Format.parse("csv-exact"));
  }
}
