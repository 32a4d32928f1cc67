package dev.smbhunt.jobs.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import dev.smbhunt.transforms.schema.MdeTable;
import java.nio.file.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the JSON Lines fixture under {@code src/test/resources/lakes/tiny} as a lake, in any
 * layout.
 */
public final class TinyLake {
  public static final Path SOURCE = Path.of("src/test/resources/lakes/tiny");

  public enum Layout {
    PARQUET_BY_DATE,
    DELTA_BY_DATE,
    PARQUET_FLAT,
    PARQUET_STRING_TIMESTAMPS
  }

  private static final java.util.Map<Layout, Path> SHARED = new java.util.EnumMap<>(Layout.class);

  private TinyLake() {}

  /**
   * A read-only copy of the lake in {@code layout}, written once per JVM: tests that only read
   * share it. Tests that modify a lake write their own under {@code @TempDir}.
   */
  public static synchronized Path shared(SparkSession spark, Layout layout) {
    return SHARED.computeIfAbsent(
        layout,
        l -> {
          try {
            Path dir =
                java.nio.file.Files.createTempDirectory(
                    "tiny-lake-" + l.name().toLowerCase(java.util.Locale.ROOT));
            dir.toFile().deleteOnExit();
            return write(spark, dir, l);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  public static Path write(SparkSession spark, Path lake, Layout layout) {
    for (MdeTable table : MdeTable.values()) {
      write(spark, lake, table, layout);
    }
    return lake;
  }

  public static void write(SparkSession spark, Path lake, MdeTable table, Layout layout) {
    writeRows(
        read(spark, table, layout == Layout.PARQUET_STRING_TIMESTAMPS),
        lake.resolve(table.tableName()),
        layout);
  }

  /** The fixture rows of one table, typed as documented (or with Timestamp kept as text). */
  public static Dataset<Row> read(SparkSession spark, MdeTable table, boolean stringTimestamps) {
    StructType schema = table.schema();
    if (stringTimestamps) {
      StructType asText = new StructType();
      for (StructField f : schema.fields()) {
        asText =
            asText.add(
                f.name().equals("Timestamp") ? f.name() : f.name(),
                f.name().equals("Timestamp") ? DataTypes.StringType : f.dataType());
      }
      schema = asText;
    }
    return spark
        .read()
        .schema(schema)
        .json(SOURCE.resolve(table.tableName() + ".jsonl").toString());
  }

  public static void writeRows(Dataset<Row> rows, Path path, Layout layout) {
    boolean byDate = layout != Layout.PARQUET_FLAT;
    Dataset<Row> out =
        byDate
            ? rows.withColumn(
                "date", date_format(col("Timestamp").cast(DataTypes.TimestampType), "yyyy-MM-dd"))
            : rows;
    DataFrameWriter<Row> writer = out.write().mode("overwrite");
    if (byDate) {
      writer = writer.partitionBy("date");
    }
    writer.format(layout == Layout.DELTA_BY_DATE ? "delta" : "parquet").save(path.toString());
  }
}
