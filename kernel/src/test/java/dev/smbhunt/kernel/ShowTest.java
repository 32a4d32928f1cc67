package dev.smbhunt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

class ShowTest {
  @Test
  void aTableIsHtmlWithItsCountAndEscapedCells() {
    List<Row> rows = List.of(RowFactory.create("a<b", null), RowFactory.create("c", 3L));
    DisplayData d = Show.tableData("pairs", 5, new String[] {"FileName", "n"}, rows, true);
    String html =
        (String) d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML);
    assertTrue(html.contains("<b>pairs</b>: 5 row(s), first 2"), html);
    assertTrue(html.contains("<table class=\"" + Show.CHECKED_TABLE + "\">"), html);
    assertTrue(html.contains("<td>a&lt;b</td><td>null</td>"), html);
  }

  @Test
  void aChartIsARealPng() {
    System.setProperty("java.awt.headless", "true");
    CategoryChart c =
        Charts.bars("alerts per day", "day", "alerts", List.of("d1", "d2"), List.of(3, 4));
    DisplayData d = Show.chartData(c);
    byte[] png =
        Base64.getDecoder()
            .decode(
                (String)
                    d.getData(
                        org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/png")));
    assertEquals((byte) 0x89, png[0]);
    assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void theKernelspecRunsTheKernelOnLoopbackWithTheGivenClasspath() {
    String json =
        KernelSpec.json(
            "/usr/bin/java", "/a b/x.jar:/c.jar", java.nio.file.Path.of("/p/jvm.options"), "2g");
    assertTrue(json.contains("\"/a b/x.jar:/c.jar\""), json);
    assertTrue(json.contains("\"dev.smbhunt.kernel.HuntKernel\""), json);
    assertTrue(json.contains("\"{connection_file}\""), json);
    assertTrue(json.contains("\"SPARK_LOCAL_IP\": \"127.0.0.1\""), json);
  }
}
