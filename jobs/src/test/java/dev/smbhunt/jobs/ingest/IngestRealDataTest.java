package dev.smbhunt.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real exports (src/test/resources/realdata, MIT): KQLBench's Log Analytics rows and msticpy's
 * process rows.
 */
class IngestRealDataTest {
  private static final Path REAL = Path.of("src/test/resources/realdata");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  private IngestSummary ingest(String file, ExportFormat format, MdeTable... tables)
      throws IOException {
    Path source = dir.resolve("source");
    Files.createDirectories(source);
    Files.copy(REAL.resolve(file), source.resolve(Path.of(file).getFileName().toString()));
    Settings settings =
        SettingsLoader.load(null, List.of()).withLakeRoot(dir.resolve("lake").toString());
    return IngestJob.run(
        spark, settings, new IngestJob.Request(Local.at(source), format, List.of(tables)));
  }

  private Dataset<Row> table(MdeTable t) {
    return spark.read().format("delta").load(dir.resolve("lake").resolve(t.tableName()).toString());
  }

  /**
   * Every Timestamp, ReportId and InitiatingProcessCreationTime equals the source's, 7th digit
   * truncated.
   */
  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"JSON", "LA_EXPORT"})
  void kqlBenchNetworkEventsIngestWithNothingQuarantinedAndTheSourceValues(ExportFormat format)
      throws IOException {
    IngestSummary s =
        ingest("KQLBench-Benchmark/DeviceNetworkEvents.json", format, MdeTable.values());
    assertEquals(0, s.quarantined(), s.render());
    assertEquals(
        new IngestSummary.TableCounts("DeviceNetworkEvents", 749, 749, 0, 0), s.tables().get(0));
    assertTrue(s.undocumentedColumns().get("DeviceNetworkEvents").containsKey("TimeGenerated"));

    Map<Long, Row> byReportId = new HashMap<>();
    for (Row r :
        table(MdeTable.DEVICE_NETWORK_EVENTS)
            .select(
                "ReportId",
                "Timestamp",
                "InitiatingProcessCreationTime",
                "RemotePort",
                "AdditionalFields")
            .collectAsList()) {
      byReportId.put(r.getLong(0), r);
    }
    int nullCreationTimes = 0;
    int sevenDigits = 0;
    for (JsonNode source :
        JSON.readTree(REAL.resolve("KQLBench-Benchmark/DeviceNetworkEvents.json").toFile())) {
      Row row = byReportId.get(source.get("ReportId").asLong());
      String ts = source.get("Timestamp").asText();
      sevenDigits += ts.matches(".*\\.\\d{7}Z") ? 1 : 0;
      assertEquals(
          Instant.parse(ts).truncatedTo(ChronoUnit.MICROS), row.getTimestamp(1).toInstant(), ts);
      JsonNode creation = source.get("InitiatingProcessCreationTime");
      if (creation.isNull()) {
        nullCreationTimes++;
        assertTrue(row.isNullAt(2));
      } else {
        assertEquals(
            Instant.parse(creation.asText()).truncatedTo(ChronoUnit.MICROS),
            row.getTimestamp(2).toInstant());
      }
      assertEquals(source.get("RemotePort").isNull(), row.isNullAt(3));
      assertEquals(
          source.get("AdditionalFields").isNull() ? null : source.get("AdditionalFields").asText(),
          row.getString(4));
    }
    assertEquals(78, nullCreationTimes);
    assertEquals(627, sevenDigits);
  }

  @Test
  void kqlBenchCertificatesKeepEveryCertificateOfAnEvent() throws IOException {
    IngestSummary s =
        ingest(
            "KQLBench-Benchmark/DeviceFileCertificateInfo.json",
            ExportFormat.LA_EXPORT,
            MdeTable.DEVICE_FILE_CERTIFICATE_INFO);
    assertEquals(
        new IngestSummary.TableCounts("DeviceFileCertificateInfo", 70, 70, 0, 0),
        s.tables().get(0));
    Row first =
        table(MdeTable.DEVICE_FILE_CERTIFICATE_INFO)
            .filter(
                "ReportId = 995735 AND CertificateCountersignatureTime = '2025-02-08 13:04:05.996'")
            .first();
    assertEquals(
        Instant.parse("2025-05-07T16:22:14.619538Z"),
        first.getTimestamp(first.fieldIndex("Timestamp")).toInstant());
    assertTrue(first.getBoolean(first.fieldIndex("IsSigned")));
    assertEquals(
        "[\"http://www.microsoft.com/pkiops/crl/MicWinProPCA2011_2011-10-19.crl%20\"]",
        first.getString(first.fieldIndex("CrlDistributionPointUrls")));
  }

  @Test
  void msticpyProcessRowsIngestAndKeepTheirServicesExeChildren() throws IOException {
    IngestSummary s =
        ingest(
            "msticpy/mde_proc_pub.DeviceProcessEvents.jsonl", ExportFormat.JSON, MdeTable.values());
    assertEquals(
        new IngestSummary.TableCounts("DeviceProcessEvents", 200, 200, 0, 0), s.tables().get(1));
    assertEquals(0, s.quarantined());
    assertEquals(
        Map.of("CreatedProcessParentId", 200L), s.undocumentedColumns().get("DeviceProcessEvents"));
    Dataset<Row> children =
        table(MdeTable.DEVICE_PROCESS_EVENTS).filter("InitiatingProcessFileName = 'services.exe'");
    assertEquals(19, children.count());
    Row sc = table(MdeTable.DEVICE_PROCESS_EVENTS).filter("ReportId = 311141").first();
    // pandas wrote FileSize as 72192.0 and 9 fractional digits.
    assertEquals(72192L, sc.getLong(sc.fieldIndex("FileSize")));
    assertEquals(
        Instant.parse("2021-12-15T23:00:03.449464Z"),
        sc.getTimestamp(sc.fieldIndex("Timestamp")).toInstant());
    // 11256240.0 reaches the parser as 1.125624E7: still an integer.
    Row big = table(MdeTable.DEVICE_PROCESS_EVENTS).filter("ReportId = 312375").first();
    assertEquals(11256240L, big.getLong(big.fieldIndex("FileSize")));
  }
}
