package dev.smbhunt.jobs.sink;

import static dev.smbhunt.transforms.smb.AlertColumns.ALERT_DATE;
import static dev.smbhunt.transforms.smb.AlertColumns.ALERT_ID;
import static dev.smbhunt.transforms.smb.AlertColumns.DETECTED_AT;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.jobs.spark.NamedCache;
import dev.smbhunt.jobs.storage.DeltaTables;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.Schemas;
import dev.smbhunt.transforms.smb.AlertSchema;
import io.delta.exceptions.DeltaConcurrentModificationException;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta alerts table: partitioned by {@code AlertDate}, written only with the alerts whose
 * {@code AlertId} it lacks ({@link TransactionalInsert}), so re-running a range adds nothing and an
 * overlapping range adds only new alerts.
 */
public final class AlertsTable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsTable.class);

  private AlertsTable() {}

  /**
   * What one write did.
   *
   * @param tableRows the table's rows after it, when the write knows them without a read (it
   *     created the table), else null
   */
  public record MergeResult(long candidates, long inserted, Long tableRows) {}

  /**
   * Stamps, checks, persists and counts {@code alerts}, then writes them as {@link #mergePrepared}.
   *
   * @param alerts {@code HuntStages.alerts()}; {@code DetectedAt} is added here, once per run
   * @param retries how often a MERGE that lost a race with another writer is re-run
   */
  public static MergeResult merge(
      SparkSession spark, TableRef path, Dataset<Row> alerts, Instant detectedAt, int retries) {
    Dataset<Row> persisted =
        NamedCache.persist(prepare(alerts, detectedAt), "alerts", StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> source = NamedCache.cachedRows(persisted);
    try {
      return mergePrepared(spark, path, source, source.count(), retries);
    } finally {
      persisted.unpersist();
    }
  }

  /**
   * The alerts as the table takes them: stamped with {@code DetectedAt}, held to the table's
   * declared schema, one row per {@code AlertId}, in one partition. Lazy: a caller that persists
   * and counts it runs the hunt once for both its own count and the write.
   *
   * @param alerts {@code HuntStages.alerts()}
   * @throws IllegalStateException when the alerts' columns differ from the table's
   */
  public static Dataset<Row> prepare(Dataset<Row> alerts, Instant detectedAt) {
    Dataset<Row> stamped = alerts.withColumn(DETECTED_AT, lit(Timestamp.from(detectedAt)));
    // The table is created from what is written: hold it to the one declared schema first.
    String differences =
        OutputCheck.differences(AlertSchema.TABLE, stamped.schema(), java.util.Set.of());
    if (!differences.isEmpty()) {
      throw new IllegalStateException(
          "the alerts to write differ from the alerts table's declared schema ("
              + differences
              + ")");
    }
    // Alerts are result-sized (hundreds a week, not events): gathered into one partition they are
    // de-duplicated there and written by one task, one file per AlertDate, not by
    // spark.sql.shuffle.partitions tasks (docs/benchmark.md). A shuffle to one partition, not
    // coalesce(1), so the hunt's last stage before it keeps its parallelism.
    return stamped.repartition(1).dropDuplicates(ALERT_ID);
  }

  /**
   * Writes {@link #prepare prepared} alerts: creates the table with them, or appends the ones it
   * lacks, exactly once.
   *
   * @param source the output of {@link #prepare}, persisted by the caller, who unpersists it
   * @param candidates {@code source.count()}, which the caller has already run
   * @param retries how often a MERGE that lost a race with another writer is re-run
   */
  public static MergeResult mergePrepared(
      SparkSession spark, TableRef path, Dataset<Row> source, long candidates, int retries) {
    if (candidates == 0) {
      // Most scheduled hours find nothing: a MERGE of no rows commits nothing, yet costs a log
      // replay, a join plan and history reads. The table is still created, so readers always find
      // one.
      if (!exists(spark, path)) {
        createIfAbsent(spark, path, AlertSchema.TABLE);
      }
      return new MergeResult(0, 0, null);
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return writeOnce(spark, path, source, candidates);
      } catch (RuntimeException e) {
        if (!isConflict(e) || attempt >= retries) {
          throw e;
        }
        // Another run committed to the alerts' days first: re-run against the table's new version.
        // Alerts it inserted are then found and skipped, so nothing is lost or duplicated.
        LOG.warn(
            "writing to {} conflicted with a concurrent writer ({}); retry {} of {}",
            path.display(),
            e.getClass().getSimpleName(),
            attempt + 1,
            retries);
      }
    }
  }

  private static MergeResult writeOnce(
      SparkSession spark, TableRef path, Dataset<Row> source, long candidates) {
    if (!exists(spark, path)) {
      // The first run creates the table with its alerts in one commit: no empty table, then a MERGE
      // into it. Two first runs racing both try version 0; Delta lets one commit and the other
      // retries below.
      create(source, path);
      return new MergeResult(candidates, candidates, candidates);
    }
    TransactionalInsert.Result inserted =
        TransactionalInsert.insertNew(
            spark, path, source, List.of(ALERT_ID, ALERT_DATE), ALERT_DATE);
    return new MergeResult(candidates, inserted.inserted(), inserted.tableRows());
  }

  /** Creates the table holding {@code rows}; fails if another writer created it first. */
  private static void create(Dataset<Row> rows, TableRef path) {
    var writer = rows.write().format("delta").partitionBy(ALERT_DATE).mode(SaveMode.ErrorIfExists);
    try {
      if (path instanceof TableRef.At at) {
        writer.save(at.location().uri());
      } else {
        writer.saveAsTable(((TableRef.Named) path).name());
      }
    } catch (Exception e) { // Scala throws AnalysisException, a checked type, undeclared
      if (e instanceof AnalysisException a && exists(rows.sparkSession(), path)) {
        throw new CreationRace(
            path, a); // another writer's table came first: the caller merges into it
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Delta's conflict exceptions; creating the same new table twice at once surfaces as a state
   * error.
   */
  static boolean isConflict(RuntimeException e) {
    if (e instanceof DeltaConcurrentModificationException || e instanceof CreationRace) {
      return true;
    }
    String message = String.valueOf(e.getMessage());
    return message.contains("concurrent") || message.contains("Concurrent");
  }

  public static boolean exists(SparkSession spark, TableRef table) {
    return DeltaTables.exists(spark, table);
  }

  public static Dataset<Row> read(SparkSession spark, TableRef table) {
    if (!exists(spark, table)) {
      throw new IllegalArgumentException(
          table instanceof TableRef.At
              ? "no alerts table at " + table.display() + " (no commit in _delta_log/)"
              : "no alerts table " + ((TableRef.Named) table).name() + " in the catalog");
    }
    return DeltaTables.read(spark, table);
  }

  /** Another writer is creating the table: its folder is there, its first commit not yet. */
  private static final class CreationRace extends IllegalStateException {
    CreationRace(TableRef path, AnalysisException cause) {
      super("concurrent creation of " + path.display() + ": " + cause.getMessage(), cause);
    }
  }

  private static DeltaTable createIfAbsent(SparkSession spark, TableRef path, StructType schema) {
    try {
      // A column absent from one lake is null there: no NOT NULL constraint may refuse it.
      return DeltaTables.createIfAbsent(spark, path, Schemas.nullable(schema))
          .partitionedBy(ALERT_DATE)
          .execute();
    } catch (Exception e) { // Scala throws AnalysisException, a checked type, undeclared
      if (e instanceof AnalysisException a && "DELTA_TABLE_NOT_FOUND".equals(a.getErrorClass())) {
        // The caller retries, as for any other concurrent commit.
        throw new CreationRace(path, a);
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
  }
}
