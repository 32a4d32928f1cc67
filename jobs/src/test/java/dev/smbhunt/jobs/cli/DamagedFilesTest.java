package dev.smbhunt.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.LakeReader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.testing.TinyLake;
import dev.smbhunt.jobs.testing.TinyLake.Layout;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A truncated, random or zero-byte Parquet file in the range used to surface as Hadoop's innermost
 * words ("… is not a Parquet file. Expected magic number at tail …"). The one line names the table
 * and the file.
 */
class DamagedFilesTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"random", "truncated", "empty", "checksum"})
  void aDamagedFileInTheRangeIsNamedWithItsTable(String damage) throws Exception {
    Path root = TinyLake.write(spark, dir, Layout.PARQUET_BY_DATE);
    Path file;
    try (var files = Files.walk(root.resolve("DeviceProcessEvents/date=2026-01-05"))) {
      file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(
        file,
        switch (damage) {
          case "random" -> "these are not the bytes of a parquet file".getBytes();
          case "truncated", "checksum" -> java.util.Arrays.copyOf(bytes, bytes.length / 2);
          default -> new byte[0];
        });
    if (!damage.equals(
        "checksum")) { // else Hadoop's local checksum catches it first: "Checksum error"
      Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }
    var lake = SettingsLoader.load(null, List.of()).withLakeRoot(root.toString()).lake();
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                LakeReader.read(
                        spark,
                        lake,
                        MdeTable.DEVICE_PROCESS_EVENTS,
                        TimeRange.parse("2026-01-05", "2026-01-06"))
                    .count());
    assertEquals(
        "DeviceProcessEvents: file "
            + file
            + " is not a readable Parquet file (truncated or corrupt): "
            + "restore it or move it out of the table",
        ErrorMessages.oneLine(e));
  }

  /**
   * A Delta table whose log lists a file someone deleted (a VACUUM with a short retention, a
   * cleanup).
   */
  @Test
  void aFileTheDeltaLogListsButTheStoreLacksIsNamedWithItsTable() throws Exception {
    Path root = TinyLake.write(spark, dir, Layout.DELTA_BY_DATE);
    Path file;
    try (var files = Files.walk(root.resolve("DeviceProcessEvents/date=2026-01-05"))) {
      file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(file);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    var lake = SettingsLoader.load(null, List.of()).withLakeRoot(root.toString()).lake();
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                LakeReader.read(
                        spark,
                        lake,
                        MdeTable.DEVICE_PROCESS_EVENTS,
                        TimeRange.parse("2026-01-05", "2026-01-06"))
                    .count());
    assertEquals(
        "DeviceProcessEvents: file "
            + file
            + " is listed by the table's Delta log but missing from "
            + "storage (deleted by a VACUUM or by hand?): restore it, or have the table's owner repair the table "
            + "(FSCK REPAIR TABLE)",
        ErrorMessages.oneLine(e));
  }

  /**
   * Two files of one partition that store a column with other types: which file, which column, both
   * types.
   */
  @Test
  void filesOfOnePartitionThatDisagreeOnAColumnTypeAreNamed() throws Exception {
    Path root = TinyLake.write(spark, dir, Layout.PARQUET_BY_DATE);
    Path day = root.resolve("DeviceProcessEvents/date=2026-01-05");
    var rows =
        TinyLake.read(spark, MdeTable.DEVICE_PROCESS_EVENTS, false)
            .filter(org.apache.spark.sql.functions.col("Timestamp").lt("2026-01-06"));
    // "zz" sorts after the existing part files, so Spark takes its types from them and meets this
    // one later.
    rows.withColumn("InitiatingProcessId", rows.col("InitiatingProcessId").cast("int"))
        .coalesce(1)
        .write()
        .parquet(dir.resolve("int32").toString());
    Path int32;
    try (var files = Files.list(dir.resolve("int32"))) {
      int32 = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path moved = Files.move(int32, day.resolve("zz-" + int32.getFileName()));
    var lake = SettingsLoader.load(null, List.of()).withLakeRoot(root.toString()).lake();
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                LakeReader.read(
                        spark,
                        lake,
                        MdeTable.DEVICE_PROCESS_EVENTS,
                        TimeRange.parse("2026-01-05", "2026-01-06"))
                    .selectExpr("sum(InitiatingProcessId)")
                    .collectAsList());
    assertEquals(
        "DeviceProcessEvents: file "
            + moved
            + " stores column 'InitiatingProcessId' as INT32 where the "
            + "table's other files have bigint: rewrite that file with the table's types",
        ErrorMessages.oneLine(e));
  }
}
