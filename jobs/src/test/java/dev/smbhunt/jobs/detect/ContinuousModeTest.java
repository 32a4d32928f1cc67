package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.generate.GroundTruth;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Continuous mode end to end on a generated lake, against rule mode. */
class ContinuousModeTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  private Settings settings(String mode, Path alerts) {
    Settings s =
        SettingsLoader.load(null, List.of())
            .withLakeRoot(GeneratedLake.shared(spark).toString())
            .withAlertsPath(alerts.toString());
    return s.with("rule.mode", mode)
        .with("ledger.path", dir.resolve("ledger-" + alerts.getFileName()).toString());
  }

  /**
   * The planted hh:59:58 connection and its hh+1:00:02 child, as (DeviceId, connection, child)
   * ReportIds.
   */
  private Row straddle() {
    return GroundTruth.read(spark, GeneratedLake.report(spark).groundTruth())
        .filter(col(GroundTruth.CASE_ID).equalTo(lit("hour-straddle")))
        .select(
            col(GroundTruth.DEVICE_ID),
            col(GroundTruth.NETWORK_REPORT_ID),
            col(GroundTruth.PROCESS_REPORT_ID),
            col(GroundTruth.TIMESTAMP_NETWORK_ACT))
        .first();
  }

  private boolean alerted(Path alerts, Row pair) {
    return AlertsTable.read(spark, Local.table(alerts))
            .filter(
                col("DeviceId")
                    .equalTo(lit(pair.getString(0)))
                    .and(col("ReportId").equalTo(lit(pair.getLong(1))))
                    .and(col("ProcessReportId").equalTo(lit(pair.getLong(2)))))
            .count()
        == 1;
  }

  private Set<String> alertIds(Path alerts) {
    Set<String> ids = new HashSet<>();
    AlertsTable.read(spark, Local.table(alerts))
        .select("AlertId")
        .collectAsList()
        .forEach(r -> assertTrue(ids.add(r.getString(0))));
    return ids;
  }

  @Test
  void aStraddlingPairIsCaughtInContinuousModeAndMissedInRuleMode() {
    TimeRange all = GeneratedLake.range(spark);
    DetectJob.run(spark, settings("rule", dir.resolve("rule")), all);
    DetectJob.run(spark, settings("continuous", dir.resolve("continuous")), all);

    Row pair = straddle();
    assertFalse(alerted(dir.resolve("rule"), pair), "rule mode must miss the straddling pair");
    assertTrue(alerted(dir.resolve("continuous"), pair), "continuous mode must find it");
    // The same pair has the same AlertId in both modes: a LOLBIN alert does not depend on
    // prevalence, so every one rule mode raises, continuous mode raises again under the same id.
    Set<String> ruleLolbins = new HashSet<>();
    AlertsTable.read(spark, Local.table(dir.resolve("rule")))
        .filter(col("DetectionReason").startsWith("LOLBIN"))
        .select("AlertId")
        .collectAsList()
        .forEach(r -> ruleLolbins.add(r.getString(0)));
    Set<String> continuous = alertIds(dir.resolve("continuous"));
    assertFalse(ruleLolbins.isEmpty());
    assertTrue(continuous.containsAll(ruleLolbins));
    assertTrue(continuous.size() > alertIds(dir.resolve("rule")).size());
  }

  @Test
  void oneRangeAndTwoAdjacentPiecesCutAtTheStraddleGiveTheSameAlerts() {
    TimeRange all = GeneratedLake.range(spark);
    Instant connection = straddle().getTimestamp(3).toInstant();
    // Cut exactly at the boundary the pair straddles: its connection is in the first piece, its
    // child in the second.
    Instant cut = Instant.ofEpochSecond((connection.getEpochSecond() / 3600 + 1) * 3600);
    DetectJob.run(spark, settings("continuous", dir.resolve("whole")), all);
    DetectJob.run(
        spark, settings("continuous", dir.resolve("pieces")), new TimeRange(all.from(), cut));
    DetectJob.run(
        spark, settings("continuous", dir.resolve("pieces")), new TimeRange(cut, all.to()));
    // Overlapping re-runs add nothing: a pair belongs to exactly one window.
    DetectSummary again =
        DetectJob.run(
            spark,
            settings("continuous", dir.resolve("pieces")),
            new TimeRange(cut.minusSeconds(3 * 3600), cut.plusSeconds(3600)));

    assertEquals(0, again.alertsNew());
    Set<String> whole = alertIds(dir.resolve("whole"));
    assertEquals(whole, alertIds(dir.resolve("pieces")));
    assertTrue(alerted(dir.resolve("pieces"), straddle()));
    assertTrue(whole.size() > 20, "too few alerts to compare: " + whole.size());
  }
}
