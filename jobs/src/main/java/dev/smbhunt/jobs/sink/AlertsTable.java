package dev.smbhunt.jobs.sink;

import static dev.smbhunt.transforms.smb.AlertColumns.ALERT_DATE;
import static dev.smbhunt.transforms.smb.AlertColumns.ALERT_ID;
import static dev.smbhunt.transforms.smb.AlertColumns.DETECTED_AT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.transforms.schema.Schemas;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
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
  private AlertsTable() {}

  /** What one MERGE did. */
  public record MergeResult(long candidates, long inserted) {}

  /**
   * @param alerts {@code HuntStages.alerts()}; {@code DetectedAt} is added here, once per run
   */
  public static MergeResult merge(SparkSession spark, Path path, Dataset<Row> alerts, Instant detectedAt) {
    Dataset<Row> source =
        alerts.withColumn(DETECTED_AT, lit(Timestamp.from(detectedAt))).dropDuplicates(ALERT_ID);
    DeltaTable table = createIfAbsent(spark, path, source.schema());
    // The partition column joins the key so the MERGE can skip other days' files.
    Column sameAlert =
        col("t." + ALERT_ID).equalTo(col("s." + ALERT_ID)).and(col("t." + ALERT_DATE).equalTo(col("s." + ALERT_DATE)));
    long candidates = source.count();
    return new MergeResult(candidates, DeltaMerges.insertNew(table, source, sameAlert));
  }

  public static boolean exists(Path path) {
    return Files.isDirectory(path.resolve("_delta_log"));
  }

  public static Dataset<Row> read(SparkSession spark, Path path) {
    if (!exists(path)) {
      throw new IllegalArgumentException("no alerts table at " + path.toAbsolutePath() + " (no _delta_log/)");
    }
    return spark.read().format("delta").load(path.toAbsolutePath().toString());
  }

  private static DeltaTable createIfAbsent(SparkSession spark, Path path, StructType schema) {
    return DeltaTable.createIfNotExists(spark)
        .location(path.toAbsolutePath().toString())
        // A column absent from one lake is null there: no NOT NULL constraint may refuse it.
        .addColumns(Schemas.nullable(schema))
        .partitionedBy(ALERT_DATE)
        .execute();
  }
}
