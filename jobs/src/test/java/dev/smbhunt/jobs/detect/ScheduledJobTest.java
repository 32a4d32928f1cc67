package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scheduled: the watermark, the settlement delay, idempotency and late rows, with an injected
 * clock.
 */
class ScheduledJobTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  private Settings settings(Path lake) {
    return SettingsLoader.load(null, List.of("backfill.chunk=12h"))
        .withLakeRoot(lake.toString())
        .withOutput(dir.resolve("out").toString())
        .withAlertsPath(dir.resolve("alerts").toString());
  }

  private static ChunkedDetect.Options at(Instant now) {
    return new ChunkedDetect.Options(
        false, "scheduled", null, Clock.fixed(now, ZoneOffset.UTC), i -> {});
  }

  private Set<String> alerts(Settings s) {
    Set<String> rows = new HashSet<>();
    // DetectedAt included: an alert written earlier must stay exactly as it was.
    AlertsTable.read(spark, s.alertsRef())
        .collectAsList()
        .forEach(r -> assertTrue(rows.add(r.toString())));
    return rows;
  }

  @Test
  void processesSettledWindowsOnceAndOnlyTheLateWindowAgain() {
    Path lake = GeneratedLake.copy(spark, dir.resolve("lake"));
    Settings s = settings(lake);
    Instant day = GeneratedLake.range(spark).from();
    Instant now = day.plus(Duration.ofHours(24)).plusSeconds(4 * 60);

    assertThrows(
        IllegalArgumentException.class,
        () -> ScheduledJob.run(spark, s, Optional.empty(), true, at(now)));

    // 00:04 the next day with a 5-minute settlement: the last complete, settled window ends at
    // 23:00.
    ScheduledJob.Summary first = ScheduledJob.run(spark, s, Optional.of(day), true, at(now));
    assertEquals(Optional.of(new TimeRange(day, day.plus(Duration.ofHours(23)))), first.newRange());
    Set<String> before = alerts(s);
    assertTrue(before.size() > 10);

    ScheduledJob.Summary second = ScheduledJob.run(spark, s, Optional.of(day), true, at(now));
    assertEquals(Optional.empty(), second.newRange());
    assertEquals(List.of(), second.lateRanges());
    assertEquals(before, alerts(s));

    // Late rows: a LOLBIN service start on a new device, at 10:20, appended to both Delta tables.
    Instant lateAt = day.plus(Duration.ofHours(10)).plusSeconds(20 * 60);
    appendLatePair(lake, lateAt);

    ScheduledJob.Summary third = ScheduledJob.run(spark, s, Optional.of(day), true, at(now));
    TimeRange lateWindow =
        new TimeRange(day.plus(Duration.ofHours(10)), day.plus(Duration.ofHours(11)));
    assertEquals(List.of(lateWindow), third.lateRanges());
    assertEquals(Optional.empty(), third.newRange());
    Set<String> after = alerts(s);
    assertTrue(after.containsAll(before), "an earlier alert changed");
    assertEquals(before.size() + 1, after.size());
    assertEquals(
        1,
        AlertsTable.read(spark, s.alertsRef())
            .filter(col("DeviceId").equalTo("late-device"))
            .count());

    // Once reprocessed, the late window is not late any more; and time moving on brings new
    // windows.
    ScheduledJob.Summary fourth =
        ScheduledJob.run(spark, s, Optional.empty(), true, at(now.plus(Duration.ofHours(1))));
    assertEquals(List.of(), fourth.lateRanges());
    assertEquals(
        Optional.of(new TimeRange(day.plus(Duration.ofHours(23)), day.plus(Duration.ofHours(24)))),
        fourth.newRange());
  }

  /**
   * Copies one LOLBIN alert's two events to a new device at {@code at}, as rows that arrived late.
   */
  private void appendLatePair(Path lake, Instant at) {
    Row alert =
        AlertsTable.read(spark, settings(lake).alertsRef())
            .filter(col("DetectionReason").startsWith("LOLBIN"))
            .orderBy("AlertId")
            .first();
    String device = alert.getAs("DeviceId");
    Timestamp connection = alert.getAs("TimestampNetworkAct");
    long shiftSeconds = at.getEpochSecond() - connection.toInstant().getEpochSecond();
    append(
        lake.resolve("DeviceNetworkEvents"),
        col("DeviceId")
            .equalTo(lit(device))
            .and(col("ReportId").equalTo(lit((Long) alert.getAs("ReportId")))),
        shiftSeconds);
    append(
        lake.resolve("DeviceProcessEvents"),
        col("DeviceId")
            .equalTo(lit(device))
            .and(col("ReportId").equalTo(lit((Long) alert.getAs("ProcessReportId")))),
        shiftSeconds);
  }

  private static Column shift(Column ts, long seconds) {
    return timestamp_micros(unix_micros(ts).plus(lit(seconds * 1_000_000L)));
  }

  private void append(Path table, Column which, long shiftSeconds) {
    Dataset<Row> rows = spark.read().format("delta").load(table.toString()).filter(which);
    assertEquals(1, rows.count());
    // services.exe's start moves with them, so the pair passes the boot check wherever it lands.
    rows.withColumn("Timestamp", shift(col("Timestamp"), shiftSeconds))
        .withColumn(
            "InitiatingProcessCreationTime",
            shift(col("InitiatingProcessCreationTime"), shiftSeconds))
        .withColumn("DeviceId", lit("late-device"))
        .withColumn("date", date_format(col("Timestamp"), "yyyy-MM-dd"))
        .write()
        .format("delta")
        .mode("append")
        .save(table.toString());
  }
}
