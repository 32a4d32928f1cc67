package dev.smbhunt.jobs.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.detect.DetectJob;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.transforms.testing.TestSpark;
import io.delta.exceptions.DeltaConcurrentModificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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

  /**
   * Forces the conflict the threaded test only usually gets: writer A's MERGE is held inside its
   * transaction (its source blocks on its first row) while writer B commits to the same table. A's
   * commit must then fail as a concurrent modification, which {@link AlertsTable} retries, and the
   * retry must insert A's rows and report its own commit's count, not B's.
   */
  @Test
  void aMergeHeldWhileAnotherCommitsConflictsAndItsRetryCountsOnlyItsOwnRows() throws Exception {
    Path target = dir.resolve("forced");
    // The hunt's alerts, split three ways: the table's first commit, B's rows and A's.
    Dataset<Row> alerts =
        sourceAlerts().withColumn("DetectedAt", lit(Timestamp.from(Instant.EPOCH)));
    List<Row> rows = alerts.collectAsList();
    StructType schema = alerts.schema();
    Dataset<Row> seed = spark.createDataFrame(rows.subList(0, 2), schema);
    Dataset<Row> ofB = spark.createDataFrame(rows.subList(2, 4), schema);
    Dataset<Row> ofA = spark.createDataFrame(rows.subList(4, 7), schema);
    AlertsTable.merge(spark, Local.table(target), seed.drop("DetectedAt"), Instant.EPOCH, 0);

    Holder.arm();
    Dataset<Row> heldA = ofA.filter(Holder.HOLD.apply(col("AlertId")));
    Column sameId = col("t.AlertId").equalTo(col("s.AlertId"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> a =
          pool.submit(() -> DeltaMerges.insertNew(spark, Local.table(target), heldA, sameId));
      assertTrue(Holder.entered.await(120, TimeUnit.SECONDS), "A's MERGE never read its source");
      assertEquals(2, DeltaMerges.insertNew(spark, Local.table(target), ofB, sameId), "B inserted");
      assertReleasedWriterLost(a);
      // The retry, as AlertsTable runs it: the same rows against the table's new version.
      assertEquals(3, DeltaMerges.insertNew(spark, Local.table(target), heldA, sameId), "A retry");
    } finally {
      Holder.release.countDown();
      pool.shutdownNow();
    }
    Dataset<Row> written = AlertsTable.read(spark, Local.table(target));
    assertEquals(7, written.count());
    assertEquals(7, written.select("AlertId").distinct().count());
  }

  /**
   * The alerts table's own write, {@link TransactionalInsert}, raced the same way: A's insert is
   * held inside its transaction, after it pinned the table's version and before it read its days,
   * while B inserts two alerts into the same day, one of them also A's. A's append must then fail
   * as a concurrent modification instead of committing that alert a second time, and its retry must
   * insert only the alerts the table still lacks.
   */
  @Test
  void anInsertHeldWhileAnotherCommitsToItsDayConflictsAndItsRetryAddsOnlyWhatIsMissing()
      throws Exception {
    Path target = dir.resolve("held-insert");
    Dataset<Row> alerts =
        sourceAlerts().withColumn("DetectedAt", lit(Timestamp.from(Instant.EPOCH)));
    Row busiest = alerts.groupBy("AlertDate").count().orderBy(col("count").desc()).first();
    assertTrue(busiest.getLong(1) >= 5, "five alerts of one day, or the race proves nothing");
    List<Row> day = alerts.filter(col("AlertDate").equalTo(lit(busiest.get(0)))).collectAsList();
    StructType schema = alerts.schema();
    AlertsTable.merge(
        spark,
        Local.table(target),
        spark.createDataFrame(day.subList(0, 1), schema).drop("DetectedAt"),
        Instant.EPOCH,
        0);
    // B: alerts 1 and 2; A: alerts 2, 3 and 4. Alert 2 is both writers'.
    Dataset<Row> ofB = spark.createDataFrame(day.subList(1, 3), schema).persist();
    Dataset<Row> ofA = spark.createDataFrame(day.subList(2, 5), schema);

    Holder.arm();
    // Not persisted: planning a persist would run the filter on the test's thread, outside A.
    Dataset<Row> heldA = ofA.filter(Holder.HOLD.apply(col("AlertId")));
    List<String> keys = List.of("AlertId", "AlertDate");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<TransactionalInsert.Result> a =
          pool.submit(
              () ->
                  TransactionalInsert.insertNew(
                      spark, Local.table(target), heldA, keys, "AlertDate"));
      assertTrue(Holder.entered.await(120, TimeUnit.SECONDS), "A never read its source");
      assertEquals(
          2,
          TransactionalInsert.insertNew(spark, Local.table(target), ofB, keys, "AlertDate")
              .inserted(),
          "B inserted");
      assertReleasedWriterLost(a);
      // The retry, as AlertsTable runs it: alert 2 is B's now, so A adds 3 and 4 alone.
      TransactionalInsert.Result retry =
          TransactionalInsert.insertNew(spark, Local.table(target), heldA, keys, "AlertDate");
      assertEquals(2, retry.inserted(), "A retry");
      assertEquals(5L, retry.tableRows(), "the table's rows, from its files' counts");
    } finally {
      Holder.release.countDown();
      pool.shutdownNow();
      ofB.unpersist();
    }
    Dataset<Row> written = AlertsTable.read(spark, Local.table(target));
    assertEquals(5, written.count());
    assertEquals(5, written.select("AlertId").distinct().count());
  }

  /** A filter that holds the first row it sees until released: a MERGE stopped mid-transaction. */
  static final class Holder {
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    static final UserDefinedFunction HOLD =
        udf(
                (UDF1<String, Boolean>)
                    id -> {
                      entered.countDown();
                      release.await(120, TimeUnit.SECONDS);
                      return true;
                    },
                DataTypes.BooleanType)
            .asNondeterministic();

    static void arm() {
      entered = new CountDownLatch(1);
      release = new CountDownLatch(1);
    }
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

  /**
   * Alerts are few: they are de-duplicated and written in one task, so the table's first commit
   * holds one file per alert day, not one per shuffle partition and day.
   */
  @Test
  void aFirstWriteIsOneFilePerAlertDay() {
    Dataset<Row> alerts = sourceAlerts();
    long days = alerts.select("AlertDate").distinct().count();
    assertTrue(alerts.count() > 4 * days, "several alerts a day, or the test proves nothing");
    Path target = dir.resolve("one-file-a-day");
    AlertsTable.merge(spark, Local.table(target), alerts, Instant.EPOCH, 0);
    Row commit =
        io.delta.tables.DeltaTable.forPath(spark, target.toString())
            .history(1)
            .select("version", "operationMetrics")
            .first();
    assertEquals(0L, commit.getLong(0), "the table is created with its alerts");
    assertEquals(String.valueOf(days), commit.<String, String>getJavaMap(1).get("numFiles"));
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

  /**
   * Lets the held writer A finish after B's commit, and checks that it lost with the conflict
   * AlertsTable retries on.
   */
  private static void assertReleasedWriterLost(Future<?> a) {
    Holder.release.countDown();
    ExecutionException lost = assertThrows(ExecutionException.class, a::get);
    assertTrue(
        lost.getCause() instanceof DeltaConcurrentModificationException,
        "A lost with " + lost.getCause());
    assertTrue(AlertsTable.isConflict((RuntimeException) lost.getCause()));
  }
}
