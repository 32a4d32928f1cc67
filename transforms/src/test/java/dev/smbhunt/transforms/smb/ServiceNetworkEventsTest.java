package dev.smbhunt.transforms.smb;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.Fixtures;
import dev.smbhunt.transforms.testing.TemplateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * Stage 1, {@code networkEvents}: {@code in~ ("services.exe")}, {@code ==
 * "InboundConnectionAccepted"}, {@code project-rename TimestampNetworkAct=Timestamp}, plus the hour
 * window. Cases are in {@code fixtures/service-network-events/}; each has its own DeviceId naming
 * it.
 */
class ServiceNetworkEventsTest {
  private static final String DIR = "service-network-events/";

  private static Dataset<Row> input() {
    return Fixtures.table(MdeTable.DEVICE_NETWORK_EVENTS, DIR + "network.jsonl");
  }

  private static Dataset<Row> selected() {
    return ServiceNetworkEvents.select(input(), TemplateRule.params());
  }

  @Test
  void keepsInboundConnectionsOfServicesExeInTheirHourWindow() {
    Fixtures.assertRows(
        DIR + "expected.jsonl",
        "DeviceId STRING, ReportId BIGINT, TimestampNetworkAct TIMESTAMP, WindowStart TIMESTAMP, "
            + "InitiatingProcessFileName STRING, InitiatingProcessId BIGINT",
        selected());
  }

  @Test
  void keptRowsAreUnchangedApartFromTheRename() {
    // Every column's value survives, not only the ones the expected file lists.
    Dataset<Row> kept = input().where(col("DeviceId").startsWith("kept-"));
    Dataset<Row> back =
        selected()
            .drop(HuntColumns.WINDOW_START)
            .withColumnRenamed("TimestampNetworkAct", "Timestamp");
    Fixtures.assertSameRows(kept, back);
  }

  @Test
  void outputIsTheDocumentedColumnsRenamedInPlaceThenTheWindow() {
    List<StructField> expected = new ArrayList<>();
    for (StructField f : MdeTable.DEVICE_NETWORK_EVENTS.schema().fields()) {
      String name = f.name().equals("Timestamp") ? "TimestampNetworkAct" : f.name();
      expected.add(new StructField(name, f.dataType(), true, f.metadata()));
    }
    expected.add(
        new StructField(
            "WindowStart",
            DataTypes.TimestampType,
            true,
            org.apache.spark.sql.types.Metadata.empty()));
    assertEquals(typed(expected), typed(Arrays.asList(selected().schema().fields())));
    assertEquals(HuntColumnsTest.NETWORK_SIDE, Arrays.asList(selected().columns()).subList(0, 44));
  }

  private static List<String> typed(List<StructField> fields) {
    return fields.stream().map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
  }
}
