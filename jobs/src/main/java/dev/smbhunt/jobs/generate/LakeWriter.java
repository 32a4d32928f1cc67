package dev.smbhunt.jobs.generate;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import dev.smbhunt.jobs.lake.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Writes a table of the lake, replacing whatever the directory held. */
final class LakeWriter {
  private static final String DELTA_LOG = "_delta_log";

  private LakeWriter() {}

  static void write(Dataset<Row> rows, Path dir, LakeFormat format, String partitionColumn) {
    removeIfOtherFormat(dir, format);
    DataFrameWriter<Row> writer =
        rows.write()
            .format(format.sparkFormat())
            .mode(SaveMode.Overwrite)
            // A session set to dynamic partition overwrite would keep partitions the new lake lacks.
            .option("partitionOverwriteMode", "static")
            .partitionBy(partitionColumn);
    if (format == LakeFormat.DELTA) {
      writer = writer.option("overwriteSchema", "true");
    }
    writer.save(dir.toAbsolutePath().toString());
  }

  /**
   * Rows in the table just written. A Delta commit records how many rows it wrote, which is cheaper to
   * look up than a scan; Parquet footers make a Parquet count cheap anyway.
   */
  static long count(SparkSession spark, Path dir, LakeFormat format) {
    String path = dir.toAbsolutePath().toString();
    if (format == LakeFormat.DELTA) {
      Row last = DeltaTable.forPath(spark, path).history(1)
          .select(col("operationMetrics").getItem("numOutputRows")).first();
      return Long.parseLong(last.getString(0));
    }
    return spark.read().parquet(path).count();
  }

  /**
   * A Parquet overwrite would leave a Delta log describing files that are gone, and a Delta overwrite
   * would leave stray Parquet files beside its log: switching formats starts from an empty directory.
   */
  private static void removeIfOtherFormat(Path dir, LakeFormat format) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    boolean isDelta = Files.isDirectory(dir.resolve(DELTA_LOG));
    if (isDelta != (format == LakeFormat.DELTA)) {
      Folders.deleteRecursively(dir);
    }
  }

}
