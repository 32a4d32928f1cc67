package dev.smbhunt.jobs.lake;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Finds, before a read, the Parquet files whose footer cannot be read (zero bytes, truncated, not
 * Parquet), so that {@code lake.unreadable-files = skip} can leave them out and name every one.
 * Spark's own {@code ignoreCorruptFiles} skips silently, on the executors, where no run summary or
 * ledger sees it. The footers are read on the executors, one task per few files: a range of a large
 * table is thousands.
 */
final class ParquetFooters {
  /** A file left out, and why, in Parquet's or Hadoop's first line. */
  record Unreadable(String uri, String reason) implements Serializable {}

  private ParquetFooters() {}

  static List<Unreadable> unreadable(SparkSession spark, List<String> fileUris) {
    if (fileUris.isEmpty()) {
      return List.of();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    int slices = Math.max(1, Math.min(fileUris.size(), jsc.defaultParallelism() * 4));
    // One row per unreadable file comes back: a handful, not the table.
    List<Unreadable> found =
        jsc.parallelize(fileUris, slices)
            .map(uri -> check(uri, conf.value().value()))
            .filter(u -> u != null)
            .collect();
    conf.destroy();
    return found.stream().sorted((a, b) -> a.uri().compareTo(b.uri())).toList();
  }

  /** Null when the footer reads. */
  static Unreadable check(String uri, Configuration conf) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(uri), conf))) {
      reader.getFooter();
      return null;
    } catch (Exception e) {
      String message =
          String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
      return new Unreadable(uri, message);
    }
  }
}
