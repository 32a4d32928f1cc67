package dev.smbhunt.jobs.generate;

import static org.apache.spark.sql.functions.col;

import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Writes a table of the lake, replacing whatever the directory held. */
final class LakeWriter {
  private static final String DELTA_LOG = "_delta_log";

  private LakeWriter() {}

  static void write(
      SparkSession spark,
      Dataset<Row> rows,
      Location dir,
      LakeFormat format,
      String partitionColumn) {
    removeIfOtherFormat(Storage.of(spark), dir, format);
    DataFrameWriter<Row> writer =
        rows.write()
            .format(format.sparkFormat())
            .mode(SaveMode.Overwrite)
            // A session set to dynamic partition overwrite would keep partitions the new lake
            // lacks.
            .option("partitionOverwriteMode", "static")
            .partitionBy(partitionColumn);
    if (format == LakeFormat.DELTA) {
      writer = writer.option("overwriteSchema", "true");
    }
    writer.save(dir.uri());
  }

  /**
   * Rows in the table just written. A Delta commit records how many rows it wrote, which is cheaper
   * to look up than a scan; Parquet footers make a Parquet count cheap anyway.
   */
  static long count(SparkSession spark, Location dir, LakeFormat format) {
    String path = dir.uri();
    if (format == LakeFormat.DELTA) {
      Row last =
          DeltaTable.forPath(spark, path)
              .history(1)
              .select(col("operationMetrics").getItem("numOutputRows"))
              .first();
      return Long.parseLong(last.getString(0));
    }
    return spark.read().parquet(path).count();
  }

  /**
   * A Parquet overwrite would leave a Delta log describing files that are gone, and a Delta
   * overwrite would leave stray Parquet files beside its log: switching formats starts from an
   * empty directory.
   */
  private static void removeIfOtherFormat(Storage storage, Location dir, LakeFormat format) {
    if (!storage.isDirectory(dir)) {
      return;
    }
    boolean isDelta = storage.isDirectory(dir.child(DELTA_LOG));
    if (isDelta != (format == LakeFormat.DELTA)) {
      storage.deleteRecursively(dir);
    }
  }
}
