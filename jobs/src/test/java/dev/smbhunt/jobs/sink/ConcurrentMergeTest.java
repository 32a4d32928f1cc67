package dev.smbhunt.jobs.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.detect.DetectJob;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs merging into the same alerts table at once, through the shared session from two threads:
 * the loser of a race retries its MERGE, and the table ends with every alert exactly once.
 */
class ConcurrentMergeTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  /**
   * A creator makes {@code _delta_log/} before it commits version 0, and one that died in between
   * leaves it empty: a folder like that holds no table yet, so the next writer creates one instead
   * of failing to read it (the race CI once lost, pinned here without threads).
   */
  @Test
  void aLogFolderWithoutACommitIsNotATableYet() throws Exception {
    Path target = dir.resolve("half-created");
    Files.createDirectories(target.resolve("_delta_log"));
    Dataset<Row> alerts = sourceAlerts().limit(3);
    assertFalse(AlertsTable.exists(spark, Local.table(target)));
    AlertsTable.MergeResult result =
        AlertsTable.merge(spark, Local.table(target), alerts, Instant.EPOCH, 0);
    assertEquals(3, result.inserted());
    assertEquals(3, AlertsTable.read(spark, Local.table(target)).count());
  }

  private Dataset<Row> sourceAlerts() {
    Path source = dir.resolve("source");
    if (!Files.isDirectory(source)) {
      DetectJob.run(
          spark,
          SettingsLoader.load(null, List.of())
              .withLakeRoot(GeneratedLake.shared(spark).toString())
              .withAlertsPath(source.toString()),
          GeneratedLake.range(spark));
    }
    return AlertsTable.read(spark, Local.table(source)).drop("DetectedAt");
  }

  @Test
  void twoConcurrentMergesLoseAndDuplicateNothing() throws Exception {
    TimeRange all = GeneratedLake.range(spark);
    Dataset<Row> alerts = sourceAlerts().cache();
    long total = alerts.count();
    // Overlapping halves: the first day plus every LOLBIN alert, and the second day.
    Column firstDay =
        col("AlertDate")
            .equalTo(lit(Date.valueOf(all.from().atZone(ZoneOffset.UTC).toLocalDate())));
    Dataset<Row> first = alerts.filter(firstDay.or(col("DetectionReason").equalTo(lit("LOLBIN"))));
    Dataset<Row> second = alerts.filter(not(firstDay));

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        Path target = dir.resolve("target-" + round);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Long> a =
            pool.submit(
                () -> {
                  start.await();
                  return AlertsTable.merge(spark, Local.table(target), first, Instant.EPOCH, 10)
                      .inserted();
                });
        Future<Long> b =
            pool.submit(
                () -> {
                  start.await();
                  return AlertsTable.merge(spark, Local.table(target), second, Instant.EPOCH, 10)
                      .inserted();
                });
        // Each writer reports the rows of its own commit, so between them they inserted each alert
        // once, whichever committed first and however the other's retry went.
        assertEquals(
            total, a.get() + b.get(), "round " + round + ": inserted counts of the two writers");
        Dataset<Row> written = AlertsTable.read(spark, Local.table(target));
        assertEquals(total, written.count(), "round " + round);
        assertEquals(total, written.select("AlertId").distinct().count(), "round " + round);
      }
    } finally {
      pool.shutdownNow();
      alerts.unpersist();
    }
  }
}
