package dev.smbhunt.transforms.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.Fixtures;
import dev.smbhunt.transforms.testing.TemplateRule;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Stage 2, {@code allServices}: children of services.exe ({@code =~}) on devices that had SCM
 * traffic in the same hour ({@code DeviceId in ((networkEvents | project DeviceId))}), projected
 * and renamed. Cases are in {@code fixtures/service-starts/}; the expected file lists every output
 * column.
 */
class ServiceStartsTest {
  private static final String DIR = "service-starts/";
  private static final String OUTPUT =
      "TimestampChild TIMESTAMP, DeviceId STRING, DeviceName STRING, FileName STRING, ProcessCommandLine STRING, "
          + "SHA1 STRING, InitiatingProcessFileName STRING, InitiatingProcessCommandLine STRING, "
          + "InitiatingProcessSHA1 STRING, InitiatingProcessId BIGINT, TimestampServicesExe TIMESTAMP, "
          + "ProcessReportId BIGINT, WindowStart TIMESTAMP";

  private static Dataset<Row> selected() {
    Dataset<Row> networkEvents =
        ServiceNetworkEvents.select(
            Fixtures.table(MdeTable.DEVICE_NETWORK_EVENTS, DIR + "network.jsonl"),
            TemplateRule.params());
    Dataset<Row> process = Fixtures.table(MdeTable.DEVICE_PROCESS_EVENTS, DIR + "process.jsonl");
    return ServiceStarts.select(process, networkEvents, TemplateRule.params());
  }

  @Test
  void keepsServicesExeChildrenOnDevicesWithScmTrafficInTheSameHourOnce() {
    Fixtures.assertRows(DIR + "expected.jsonl", OUTPUT, selected());
  }

  @Test
  void outputIsTheAllServicesProjectionInKqlOrderThenEvidence() {
    // The expected file's DDL order is the KQL project order; the stage must produce exactly these
    // columns.
    List<String> expected =
        List.of(
            "TimestampChild",
            "DeviceId",
            "DeviceName",
            "FileName",
            "ProcessCommandLine",
            "SHA1",
            "InitiatingProcessFileName",
            "InitiatingProcessCommandLine",
            "InitiatingProcessSHA1",
            "InitiatingProcessId",
            "TimestampServicesExe",
            "ProcessReportId",
            "WindowStart");
    assertEquals(expected, Arrays.asList(selected().columns()));
  }
}
