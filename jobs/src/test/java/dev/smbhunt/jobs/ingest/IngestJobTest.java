package dev.smbhunt.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.LakeReader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once, quarantine and the threshold, on the hand-written Streaming API files in
 * resources/ingest.
 */
class IngestJobTest {
  private static final Path FIXTURES = Path.of("src/test/resources/ingest");
  private static final List<MdeTable> ALL = List.of(MdeTable.values());
  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  private Settings settings(String... overrides) {
    return SettingsLoader.load(null, List.of(overrides))
        .withLakeRoot(dir.resolve("lake").toString());
  }

  private IngestSummary ingest(Path source, Settings settings, IngestJob.Steps steps) {
    return IngestJob.run(
        spark,
        settings,
        new IngestJob.Request(Local.at(source), ExportFormat.STREAMING_API, ALL),
        steps);
  }

  private IngestSummary ingest(Path source) {
    return ingest(source, settings(), IngestJob.Steps.NONE);
  }

  private Dataset<Row> table(MdeTable t) {
    return spark.read().format("delta").load(dir.resolve("lake").resolve(t.tableName()).toString());
  }

  private Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    for (MdeTable t : MdeTable.values()) {
      out.put(t.tableName(), table(t).count());
      out.put(t.tableName() + " distinct", table(t).distinct().count());
    }
    return out;
  }

  private Path source(String... fixtures) throws IOException {
    Path source = dir.resolve("source");
    for (String f : fixtures) {
      copyTree(FIXTURES.resolve(f), source);
    }
    Files.createDirectories(source);
    return source;
  }

  @Test
  void firstRunWritesEachEventOnceTypedAndPartitionedByDate() throws IOException {
    IngestSummary s = ingest(source("good"));
    IngestSummary.TableCounts network = s.tables().get(0);
    assertEquals(new IngestSummary.TableCounts("DeviceNetworkEvents", 4, 3, 1, 0), network);
    assertEquals(
        new IngestSummary.TableCounts("DeviceProcessEvents", 1, 1, 0, 0), s.tables().get(1));
    // Two certificates of one event share (DeviceId, ReportId, Timestamp): both are kept.
    assertEquals(
        new IngestSummary.TableCounts("DeviceFileCertificateInfo", 2, 2, 0, 0), s.tables().get(2));
    assertEquals(0, s.quarantined());

    Row last = table(MdeTable.DEVICE_NETWORK_EVENTS).filter("ReportId = 103").first();
    // The 7th fractional digit is truncated, not rounded into the next day.
    assertEquals(
        "2025-05-05T23:59:59.999999Z",
        last.getTimestamp(last.fieldIndex("Timestamp")).toInstant().toString());
    assertEquals("2025-05-05", last.getString(last.fieldIndex("date")));
    assertEquals(704L, last.getLong(last.fieldIndex("InitiatingProcessId")));
    assertEquals(49726, last.getInt(last.fieldIndex("RemotePort")));
    assertFalse(last.getBoolean(last.fieldIndex("IsInitiatingProcessRemoteSession")));
    assertTrue(last.isNullAt(last.fieldIndex("AdditionalFields")));
    assertTrue(Files.isDirectory(dir.resolve("lake/DeviceNetworkEvents/date=2025-05-05")));
  }

  @Test
  void theLakeReaderReadsWhatIngestWrote() throws IOException {
    ingest(source("good"));
    Settings s = settings();
    Dataset<Row> rows =
        LakeReader.read(
            spark,
            s.lake(),
            MdeTable.DEVICE_PROCESS_EVENTS,
            TimeRange.parse("2025-05-05", "2025-05-06"));
    assertEquals(1, rows.count());
    assertEquals(
        "cmd.exe /c whoami", rows.first().getString(rows.first().fieldIndex("ProcessCommandLine")));
  }

  @Test
  void aSecondRunOverTheSameSourceAddsNothing() throws IOException {
    Path source = source("good");
    ingest(source);
    Map<String, Long> before = counts();
    IngestSummary again = ingest(source);
    assertEquals(0, again.filesNew());
    assertEquals(0, again.written());
    assertEquals(before, counts());
  }

  @Test
  void filesThatArriveLaterArePickedUpAndReDeliveriesDropped() throws IOException {
    Path source = source("good");
    ingest(source);
    copyTree(FIXTURES.resolve("later"), source);
    IngestSummary later = ingest(source);
    assertEquals(1, later.filesNew());
    assertEquals(
        new IngestSummary.TableCounts("DeviceNetworkEvents", 2, 1, 1, 0), later.tables().get(0));
    assertEquals(4, table(MdeTable.DEVICE_NETWORK_EVENTS).count());
  }

  @Test
  void aFileThatGrewIsReadAgainAndOnlyItsNewEventsAreWritten() throws IOException {
    Path source = source("good");
    ingest(source);
    Path blob =
        source.resolve(
            "insights-logs-advancedhunting-devicenetworkevents/tenantId=t1/y=2025/m=05/d=05/h=10/m=00/PT1H.json");
    Path later =
        FIXTURES.resolve(
            "later/insights-logs-advancedhunting-devicenetworkevents/tenantId=t1/y=2025/m=05/d=05/h=11/m=00/PT1H.json");
    Files.write(blob, Files.readAllBytes(later), java.nio.file.StandardOpenOption.APPEND);
    IngestSummary grown = ingest(source);
    assertEquals(
        new IngestSummary.TableCounts("DeviceNetworkEvents", 6, 1, 5, 0), grown.tables().get(0));
    assertEquals(4, table(MdeTable.DEVICE_NETWORK_EVENTS).count());
  }

  @Test
  void aRunKilledAtAnyCommitThenRunAgainLosesNothingAndDuplicatesNothing() throws IOException {
    Path source = source("good", "bad");
    Settings lenient = settings("ingest.max-bad-fraction=1");
    // The reference: one clean run in another lake.
    Settings cleanSettings = lenient.withLakeRoot(dir.resolve("clean").toString());
    IngestJob.run(
        spark,
        cleanSettings,
        new IngestJob.Request(Local.at(source), ExportFormat.STREAMING_API, ALL));
    Path lake = dir.resolve("lake");
    for (String killedAfter :
        List.of("quarantine", "DeviceNetworkEvents", "DeviceProcessEvents", "manifest")) {
      deleteTree(lake);
      RuntimeException killed =
          assertThrows(
              RuntimeException.class,
              () ->
                  ingest(
                      source,
                      lenient,
                      step -> {
                        if (step.equals(killedAfter)) {
                          throw new IllegalStateException("killed after " + step);
                        }
                      }));
      assertEquals("killed after " + killedAfter, killed.getMessage());
      ingest(source, lenient, IngestJob.Steps.NONE);
      for (MdeTable t : MdeTable.values()) {
        Dataset<Row> clean =
            spark
                .read()
                .format("delta")
                .load(dir.resolve("clean").resolve(t.tableName()).toString());
        assertEquals(
            0, clean.exceptAll(table(t)).count(), t + " lost rows, killed after " + killedAfter);
        assertEquals(
            0,
            table(t).exceptAll(clean).count(),
            t + " has extra rows, killed after " + killedAfter);
      }
      Dataset<Row> quarantine =
          spark.read().format("delta").load(lake.resolve("_ingest/quarantine").toString());
      assertEquals(6, quarantine.count(), "killed after " + killedAfter);
      assertEquals(6, quarantine.select("SourceFile", "SourceLine").distinct().count());
    }
  }

  @Test
  void eachBadRecordIsQuarantinedWithItsLineAndReason() throws IOException {
    IngestSummary s =
        ingest(source("bad"), settings("ingest.max-bad-fraction=1"), IngestJob.Steps.NONE);
    Dataset<Row> q =
        spark.read().format("delta").load(dir.resolve("lake/_ingest/quarantine").toString());
    Map<Long, String> reasons = new TreeMap<>();
    for (Row r :
        q.select("SourceLine", "Reason", "Detail", "RawText", "SourceFile").collectAsList()) {
      reasons.put(r.getLong(0), r.getString(1));
      assertTrue(r.getString(4).endsWith("PT1H.json"), r.getString(4));
      assertFalse(r.getString(3).isEmpty());
    }
    assertEquals(
        Map.of(
            2L,
            "MALFORMED_JSON",
            3L,
            "WRONG_TYPE",
            4L,
            "UNKNOWN_TABLE",
            5L,
            "MISSING_TIMESTAMP",
            6L,
            "UNPARSEABLE_TIMESTAMP",
            9L,
            "WRONG_TYPE"),
        reasons);
    Row wrongType = q.filter("SourceLine = 3").first();
    assertEquals(
        "column 'InitiatingProcessId' has value 'abc', which cannot be read as bigint",
        wrongType.getString(wrongType.fieldIndex("Detail")));
    Row badTime = q.filter("SourceLine = 6").first();
    assertTrue(badTime.getString(badTime.fieldIndex("Detail")).contains("'yesterday at noon'"));
    assertTrue(q.filter("SourceLine = 4").first().getString(4).contains("DeviceFileEvents"));

    assertEquals(
        new IngestSummary.TableCounts("DeviceNetworkEvents", 6, 2, 0, 4), s.tables().get(0));
    assertEquals(2, s.unattributed());
    assertEquals(8, s.read());
    assertEquals(
        Map.of("InitiatingProcessUniqueId", 1L, "MachineGroup", 1L),
        s.undocumentedColumns().get("DeviceNetworkEvents"));
    assertTrue(s.render().contains("InitiatingProcessUniqueId"), s.render());
    assertEquals(2, table(MdeTable.DEVICE_NETWORK_EVENTS).count());
  }

  @Test
  void tooManyBadRecordsFailTheRunBeforeTheLakeChanges() throws IOException {
    Path source = source("bad");
    IngestException e =
        assertThrows(IngestException.class, () -> ingest(source, settings(), IngestJob.Steps.NONE));
    assertTrue(
        e.getMessage()
            .startsWith(
                "6 of 8 records (75.00%) were quarantined, more than ingest.max-bad-fraction = 0.01"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("lake/DeviceNetworkEvents")));
    assertFalse(Files.exists(dir.resolve("lake/_ingest/manifest")));
    // Never lost: the bad records are kept even though the run failed.
    assertEquals(
        6,
        spark
            .read()
            .format("delta")
            .load(dir.resolve("lake/_ingest/quarantine").toString())
            .count());
  }

  @Test
  void anEmptySourceIsNotAnErrorAndLeavesReadableEmptyTables() throws IOException {
    IngestSummary s = ingest(source());
    assertEquals(0, s.read());
    for (MdeTable t : MdeTable.values()) {
      assertEquals(0, table(t).count());
    }
  }

  @Test
  void aMissingSourceFolderIsAClearError() {
    IngestException e = assertThrows(IngestException.class, () -> ingest(dir.resolve("nowhere")));
    assertEquals(
        "source folder not found: " + dir.resolve("nowhere").toAbsolutePath(), e.getMessage());
  }

  @Test
  void onlyTheTablesAskedForAreRead() throws IOException {
    IngestSummary s =
        IngestJob.run(
            spark,
            settings(),
            new IngestJob.Request(
                Local.at(source("good")),
                ExportFormat.STREAMING_API,
                List.of(MdeTable.DEVICE_PROCESS_EVENTS)));
    assertEquals(1, s.tables().size());
    assertEquals(1, s.filesNew());
    assertEquals(0, s.quarantined());
    assertFalse(Files.exists(dir.resolve("lake/DeviceNetworkEvents")));
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.delete(p);
      }
    }
  }
}
