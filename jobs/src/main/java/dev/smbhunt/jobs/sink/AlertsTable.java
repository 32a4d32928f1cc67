package dev.smbhunt.jobs.sink;

import static dev.smbhunt.transforms.smb.AlertColumns.ALERT_DATE;
import static dev.smbhunt.transforms.smb.AlertColumns.ALERT_ID;
import static dev.smbhunt.transforms.smb.AlertColumns.DETECTED_AT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.transforms.schema.Schemas;
import io.delta.exceptions.DeltaConcurrentModificationException;
import io.delta.tables.DeltaTable;
import dev.smbhunt.jobs.storage.DeltaTables;
import dev.smbhunt.jobs.storage.TableRef;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta alerts table: partitioned by {@code AlertDate}, written only by an insert-only MERGE on
 * {@code AlertId}, so re-running a range adds nothing and an overlapping range adds only new alerts.
 */
public final class AlertsTable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsTable.class);

  private AlertsTable() {}

  /** What one MERGE did. */
  public record MergeResult(long candidates, long inserted) {}

  /**
   * @param alerts {@code HuntStages.alerts()}; {@code DetectedAt} is added here, once per run
   * @param retries how often a MERGE that lost a race with another writer is re-run
   */
  public static MergeResult merge(SparkSession spark, TableRef path, Dataset<Row> alerts, Instant detectedAt, int retries) {
    Dataset<Row> source =
        alerts.withColumn(DETECTED_AT, lit(Timestamp.from(detectedAt))).dropDuplicates(ALERT_ID);
    long candidates = source.count();
    if (candidates == 0) {
      // Most scheduled hours find nothing: a MERGE of no rows commits nothing, yet costs a log replay, a join
      // plan and three history reads. The table is still created, so readers always find one.
      if (!exists(spark, path)) {
        createIfAbsent(spark, path, source.schema());
      }
      return new MergeResult(0, 0);
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return new MergeResult(candidates, mergeOnce(spark, path, source));
      } catch (DeltaConcurrentModificationException | IllegalStateException e) {
        if (!isConflict(e) || attempt >= retries) {
          throw e;
        }
        // Another run committed to the table first: re-run against its new version. Alerts it inserted
        // now match and are skipped, so nothing is lost or duplicated.
        LOG.warn("MERGE into {} conflicted with a concurrent writer ({}); retry {} of {}", path.display(),
            e.getClass().getSimpleName(), attempt + 1, retries);
      }
    }
  }

  private static long mergeOnce(SparkSession spark, TableRef path, Dataset<Row> source) {
    DeltaTable table = createIfAbsent(spark, path, source.schema());
    // The partition column joins the key so the MERGE can skip other days' files.
    Column sameAlert =
        col("t." + ALERT_ID).equalTo(col("s." + ALERT_ID)).and(col("t." + ALERT_DATE).equalTo(col("s." + ALERT_DATE)));
    return DeltaMerges.insertNew(table, source, sameAlert);
  }

  /** Delta's conflict exceptions; creating the same new table twice at once surfaces as a state error. */
  private static boolean isConflict(RuntimeException e) {
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
      throw new IllegalArgumentException(table instanceof TableRef.At
          ? "no alerts table at " + table.display() + " (no _delta_log/)"
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
