package dev.smbhunt.jobs.detect;

import static dev.smbhunt.transforms.smb.AlertColumns.ALERT_ID;
import static dev.smbhunt.transforms.smb.AlertColumns.DETECTED_AT;
import static dev.smbhunt.transforms.smb.AlertColumns.DETECTION_REASON;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.GroundTruth;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.lake.LakeException;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.jobs.testing.TinyLake;
import dev.smbhunt.jobs.testing.TinyLake.Layout;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** detect end to end on the tiny lake fixture, whose expected alerts are data beside it. */
class DetectJobTest {
  private static final TimeRange BOTH_DAYS = TimeRange.parse("2026-01-05", "2026-01-07");
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  private Settings settings(Path lake) {
    return SettingsLoader.load(null, List.of())
        .withLakeRoot(lake.toString())
        .withAlertsPath(dir.resolve("alerts").toString());
  }

  private Path alerts() {
    return dir.resolve("alerts");
  }

  static Set<String> expectedAlerts() throws IOException {
    return Files.readAllLines(TinyLake.SOURCE.resolve("expected-alerts.csv")).stream()
        .skip(1)
        .map(line -> line.substring(line.indexOf(',') + 1))
        .collect(Collectors.toSet());
  }

  private Set<String> writtenAlerts() {
    Set<String> keys = new HashSet<>();
    for (Row r :
        AlertsTable.read(spark, Local.table(alerts()))
            .select(col("DeviceId"), col("ReportId"), col("ProcessReportId"), col(DETECTION_REASON))
            .collectAsList()) {
      keys.add(r.getString(0) + "," + r.getLong(1) + "," + r.getLong(2) + "," + r.getString(3));
    }
    return keys;
  }

  @ParameterizedTest
  @EnumSource(
      value = Layout.class,
      names = {"PARQUET_BY_DATE", "DELTA_BY_DATE", "PARQUET_STRING_TIMESTAMPS"})
  void findsExactlyTheExpectedAlerts(Layout layout) throws IOException {
    DetectSummary summary =
        DetectJob.run(spark, settings(TinyLake.shared(spark, layout)), BOTH_DAYS);
    assertEquals(expectedAlerts(), writtenAlerts());
    assertEquals(3, summary.alertsNew());
    assertEquals(48, summary.windows());
    // Rows read are every row of the range, before the ActionType equality the Parquet reader
    // applies: 7 network rows, of which networkEvents keeps 5.
    assertEquals(7L, summary.rowsRead().get("DeviceNetworkEvents"));
    assertEquals(6L, summary.rowsRead().get("DeviceProcessEvents"));
    assertEquals(2L, summary.rowsRead().get("DeviceFileCertificateInfo"));
    assertEquals(5L, summary.rowsPerStage().get("networkEvents"));
    assertEquals(3L, summary.rowsPerStage().get("results"));
    assertTrue(summary.render().contains("48 evaluated"), summary.render());
  }

  /**
   * The golden end-to-end test: generated lake on disk, reader, hunt and Delta sink, against the
   * labels.
   */
  @Test
  void aGeneratedLakeYieldsExactlyItsGroundTruth() {
    Settings defaults = SettingsLoader.load(null, List.of());
    GeneratorOptions options =
        GeneratorOptions.from(GenerateSettings.from(defaults)).withFormat(LakeFormat.DELTA);
    GenerationReport report =
        LakeGenerator.generate(spark, Local.at(dir.resolve("generated")), options);
    TimeRange all =
        new TimeRange(
            options.startDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
            options
                .startDate()
                .plusDays(options.days())
                .atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant());

    DetectSummary summary = DetectJob.run(spark, settings(dir.resolve("generated")), all);

    Set<String> expected = new HashSet<>();
    for (Row r :
        GroundTruth.read(spark, report.groundTruth())
            .filter(col(GroundTruth.EXPECTED_ALERT))
            .select(
                col(GroundTruth.DEVICE_ID),
                col(GroundTruth.NETWORK_REPORT_ID),
                col(GroundTruth.PROCESS_REPORT_ID),
                col(GroundTruth.EXPECTED_REASON))
            .collectAsList()) {
      assertTrue(
          expected.add(
              r.getString(0) + "," + r.getLong(1) + "," + r.getLong(2) + "," + r.getString(3)));
    }
    assertEquals(report.expectedAlerts(), expected.size());
    assertEquals(expected, writtenAlerts());
    assertEquals(expected.size(), summary.alertsNew());
    assertEquals(24L * options.days(), summary.windows());
  }

  /**
   * The hunt's result is counted once, and the write reads those cached rows: before, the run
   * counted the alerts, then the alerts table counted them again after de-duplicating them, one
   * Spark job more for every run.
   */
  @Test
  void aRunCountsItsAlertsOnce() throws Exception {
    Settings settings = settings(TinyLake.shared(spark, Layout.PARQUET_BY_DATE));
    List<String> callSites = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            // A job's result stage, its last, is named after the action's call site.
            scala.collection.JavaConverters.seqAsJavaList(jobStart.stageInfos()).stream()
                .max(java.util.Comparator.comparingInt(StageInfo::stageId))
                .ifPresent(stage -> callSites.add(stage.name()));
          }
        };
    spark.sparkContext().addSparkListener(listener);
    DetectSummary summary;
    try {
      summary = DetectJob.run(spark, settings, BOTH_DAYS);
      // Listener events are delivered on their own thread: wait until every one posted is.
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertEquals(3, summary.alertsNew());
    assertEquals(
        // The alerts once; the two persisted stages once each, computed ahead; the three tables'
        // rows read, together in one job that decodes only Timestamp. The early jobs run beside
        // the alerts' count, so in no fixed order.
        List.of(
            "collectAsList at HuntInputs.java",
            "count at DetectJob.java",
            "count at EarlyJobs.java",
            "count at EarlyJobs.java"),
        callSites.stream()
            .filter(site -> site.startsWith("count at") || site.startsWith("collectAsList at"))
            .map(site -> site.replaceAll(":[0-9]+$", ""))
            .sorted()
            .toList(),
        "the count jobs of one run, by call site: " + callSites);
  }

  @Test
  void runningTheSameRangeTwiceAddsNothing() {
    Settings s = settings(TinyLake.shared(spark, Layout.PARQUET_BY_DATE));
    DetectJob.run(spark, s, BOTH_DAYS);
    List<Row> first =
        AlertsTable.read(spark, Local.table(alerts())).orderBy(ALERT_ID).collectAsList();
    long versionAfterFirst =
        io.delta.tables.DeltaTable.forPath(spark, alerts().toString())
            .history(1)
            .first()
            .getLong(0);

    DetectSummary again = DetectJob.run(spark, s, BOTH_DAYS);
    assertEquals(0, again.alertsNew());
    assertEquals(3, again.alertsWritten());
    assertEquals(
        first,
        AlertsTable.read(spark, Local.table(alerts())).orderBy(ALERT_ID).collectAsList(),
        "same rows, same DetectedAt");
    // The re-run finds every alert in the table before any MERGE: it commits nothing at all.
    assertEquals(
        versionAfterFirst,
        io.delta.tables.DeltaTable.forPath(spark, alerts().toString())
            .history(1)
            .first()
            .getLong(0),
        "the second run commits nothing");
  }

  @Test
  void anOverlappingRangeAddsOnlyTheNewAlerts() {
    Settings s = settings(TinyLake.shared(spark, Layout.PARQUET_BY_DATE));
    assertEquals(
        1,
        DetectJob.run(spark, s, TimeRange.parse("2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z"))
            .alertsNew());
    DetectSummary wider =
        DetectJob.run(spark, s, TimeRange.parse("2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z"));
    assertEquals(2, wider.alertsWritten());
    assertEquals(1, wider.alertsNew());
    assertEquals(2, wider.alertsTotal());
    DetectSummary all = DetectJob.run(spark, s, BOTH_DAYS);
    assertEquals(1, all.alertsNew());
    assertEquals(3, all.alertsTotal());
  }

  @Test
  void alertIdsAreStableAcrossLayoutsAndRuns() {
    Settings parquet = settings(TinyLake.shared(spark, Layout.PARQUET_BY_DATE));
    DetectJob.run(spark, parquet, BOTH_DAYS);
    Dataset<Row> a = AlertsTable.read(spark, Local.table(alerts())).drop(DETECTED_AT);
    List<Row> fromParquet = a.orderBy(ALERT_ID).collectAsList();

    Settings delta =
        settings(TinyLake.shared(spark, Layout.DELTA_BY_DATE))
            .withAlertsPath(dir.resolve("alerts2").toString());
    DetectJob.run(spark, delta, BOTH_DAYS);
    List<Row> fromDelta =
        AlertsTable.read(spark, Local.table(dir.resolve("alerts2")))
            .drop(DETECTED_AT)
            .orderBy(ALERT_ID)
            .collectAsList();
    assertEquals(fromParquet, fromDelta);
  }

  @Test
  void anEmptyRangeWritesNothingAndIsNotAnError() {
    DetectSummary s =
        DetectJob.run(
            spark,
            settings(TinyLake.shared(spark, Layout.PARQUET_BY_DATE)),
            TimeRange.parse("2025-01-01", "2025-01-02"));
    assertEquals(0, s.alertsWritten());
    assertEquals(0, s.alertsTotal());
    assertEquals(0L, s.rowsRead().get("DeviceNetworkEvents"));
  }

  /**
   * Most scheduled hours find nothing, and such a run no longer plans a MERGE of zero rows (the
   * time it saves is measured in docs/benchmark.md, not here). What it must keep: the first run
   * creates the alerts table, so readers always find one, and a later empty run commits nothing.
   */
  @Test
  void anHourWithoutAlertsCreatesTheTableOnceAndThenCommitsNothing() {
    Settings s = settings(TinyLake.shared(spark, Layout.PARQUET_BY_DATE));
    DetectJob.run(spark, s, TimeRange.parse("2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z"));
    DetectJob.run(spark, s, TimeRange.parse("2025-01-01T01:00:00Z", "2025-01-01T02:00:00Z"));
    io.delta.tables.DeltaTable table =
        io.delta.tables.DeltaTable.forPath(spark, s.alertsRef().display());
    assertEquals(
        List.of("CREATE TABLE"),
        table
            .history()
            .select("operation")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
    assertEquals(
        1,
        DetectJob.run(spark, s, TimeRange.parse("2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z"))
            .alertsNew(),
        "an hour with an alert still merges it");
  }

  @Test
  void badRangesAreRefusedBeforeAnythingRuns() {
    IllegalArgumentException reversed =
        assertThrows(
            IllegalArgumentException.class, () -> TimeRange.parse("2026-01-06", "2026-01-05"));
    assertTrue(reversed.getMessage().contains("must be before"), reversed.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TimeRange.parse("2026-01-05", "2026-01-05"));
    IllegalArgumentException offHour =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChunkedDetect.run(
                    spark,
                    settings(dir),
                    TimeRange.parse("2026-01-05T10:30:00Z", "2026-01-05T12:00:00Z"),
                    ChunkedDetect.Options.backfill(false, null)));
    assertTrue(offHour.getMessage().contains("on the hour"), offHour.getMessage());
    IllegalArgumentException notIso =
        assertThrows(
            IllegalArgumentException.class, () -> TimeRange.parse("05/01/2026", "2026-01-06"));
    assertTrue(notIso.getMessage().contains("--from '05/01/2026'"), notIso.getMessage());
  }

  @Test
  void aMissingTableIsAnErrorNamingIt() {
    LakeException e =
        assertThrows(
            LakeException.class,
            () -> DetectJob.run(spark, settings(dir.resolve("no-lake")), BOTH_DAYS));
    assertTrue(
        e.getMessage().startsWith("DeviceNetworkEvents: table folder not found"), e.getMessage());
  }
}
