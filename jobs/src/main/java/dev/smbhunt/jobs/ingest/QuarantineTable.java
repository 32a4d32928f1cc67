package dev.smbhunt.jobs.ingest;

import static dev.smbhunt.transforms.ingest.RawColumns.DETAIL;
import static dev.smbhunt.transforms.ingest.RawColumns.RAW_TEXT;
import static dev.smbhunt.transforms.ingest.RawColumns.REASON;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_FILE;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_LINE;
import static dev.smbhunt.transforms.ingest.RawColumns.TABLE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.jobs.sink.DeltaMerges;
import dev.smbhunt.jobs.storage.DeltaTables;
import dev.smbhunt.jobs.storage.TableRef;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Delta table of records that could not be ingested, with where they came from and why. */
final class QuarantineTable {
  static final StructType SCHEMA =
      new StructType()
          .add(SOURCE_FILE, DataTypes.StringType)
          .add(SOURCE_LINE, DataTypes.LongType)
          .add(TABLE, DataTypes.StringType)
          .add(REASON, DataTypes.StringType)
          .add(DETAIL, DataTypes.StringType)
          .add(RAW_TEXT, DataTypes.StringType)
          .add("RunId", DataTypes.StringType)
          .add("QuarantinedAt", DataTypes.TimestampType);

  private QuarantineTable() {}

  /** Adds the records not already quarantined (a file read again after a crash or growth). */
  static long merge(
      SparkSession spark, TableRef path, Dataset<Row> records, String runId, Instant at) {
    Dataset<Row> rows =
        records.select(
            col(SOURCE_FILE),
            col(SOURCE_LINE),
            col(TABLE),
            col(REASON),
            col(DETAIL),
            col(RAW_TEXT),
            lit(runId).as("RunId"),
            lit(Timestamp.from(at)).as("QuarantinedAt"));
    DeltaTables.createIfAbsent(spark, path, SCHEMA).execute();
    // A record is its file and line: reading the file again finds the same bad record at the same
    // place.
    Column sameRecord =
        col("t." + SOURCE_FILE)
            .equalTo(col("s." + SOURCE_FILE))
            .and(col("t." + SOURCE_LINE).equalTo(col("s." + SOURCE_LINE)));
    return DeltaMerges.insertNew(
        spark, path, rows.dropDuplicates(SOURCE_FILE, SOURCE_LINE), sameRecord);
  }
}
