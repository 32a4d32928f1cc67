package dev.smbhunt.jobs.lake;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.testing.TinyLake;
import dev.smbhunt.jobs.testing.TinyLake.Layout;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers change: a column stored as int32 one day and int64 the next. The lake contract widens
 * integer widths, across partitions too; a column whose types cannot both be read is named with
 * both types and the partitions that hold them.
 */
class SchemaDriftTest {
  private static final TimeRange BOTH_DAYS = TimeRange.parse("2026-01-05", "2026-01-07");
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  private Settings.Lake lake(Path root) {
    return SettingsLoader.load(null, List.of()).withLakeRoot(root.toString()).lake();
  }

  /**
   * The process table with InitiatingProcessId stored as {@code day5} on 2026-01-05, as bigint
   * after.
   */
  private Path lakeWithDrift(String day5) {
    Path root = TinyLake.write(spark, dir.resolve("lake"), Layout.PARQUET_BY_DATE);
    Dataset<Row> rows = TinyLake.read(spark, MdeTable.DEVICE_PROCESS_EVENTS, false);
    Path table = root.resolve("DeviceProcessEvents");
    TinyLake.writeRows(
        rows.filter(col("Timestamp").lt("2026-01-06"))
            .withColumn("InitiatingProcessId", col("InitiatingProcessId").cast(day5)),
        table,
        Layout.PARQUET_BY_DATE);
    TinyLake.writeRows(
        rows.filter(col("Timestamp").geq("2026-01-06")),
        dir.resolve("day6"),
        Layout.PARQUET_BY_DATE);
    try {
      java.nio.file.Files.move(
          dir.resolve("day6/date=2026-01-06"), table.resolve("date=2026-01-06"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return root;
  }

  @Test
  void anIntegerWidthThatChangesBetweenPartitionsIsWidened() {
    Path root = lakeWithDrift("int");
    Dataset<Row> expected =
        TinyLake.read(spark, MdeTable.DEVICE_PROCESS_EVENTS, false)
            .select("ReportId", "InitiatingProcessId")
            .orderBy("ReportId");
    Dataset<Row> read =
        LakeReader.read(spark, lake(root), MdeTable.DEVICE_PROCESS_EVENTS, BOTH_DAYS)
            .select("ReportId", "InitiatingProcessId")
            .orderBy("ReportId");
    assertEquals(expected.collectAsList(), read.collectAsList());
    assertTrue(read.count() > 2, "both days are read");
  }

  @Test
  void typesThatCannotBothBeReadAreNamedWithTheirPartitions() {
    Path root = lakeWithDrift("boolean");
    LakeException e =
        assertThrows(
            LakeException.class,
            () -> LakeReader.read(spark, lake(root), MdeTable.DEVICE_PROCESS_EVENTS, BOTH_DAYS));
    assertEquals(
        "DeviceProcessEvents: column 'InitiatingProcessId' has type boolean, which cannot be read as bigint "
            + "in date=2026-01-05; the range's partitions differ: 'InitiatingProcessId' is boolean in date=2026-01-05 "
            + "and bigint in date=2026-01-06",
        e.getMessage());
  }
}
