package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process and certificate tables read on the early jobs' thread beside the network read: the
 * same tables, the same skipped-file lines in the same order, the same error, as reading in turn.
 */
class HuntInputsTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  private Settings settings(Path lake, String... overrides) {
    return SettingsLoader.load(null, List.of(overrides))
        .withLakeRoot(lake.toString())
        .withOutput(dir.resolve("out").toString());
  }

  private HuntInputs inTurn(Settings s, TimeRange range, List<String> skipped) {
    return HuntInputs.read(spark, s, range, s.rule().params(), skipped::add);
  }

  private HuntInputs ahead(Settings s, TimeRange range, List<String> skipped) {
    try (EarlyJobs early = new EarlyJobs(spark)) {
      return HuntInputs.read(spark, s, range, s.rule().params(), skipped::add, early);
    }
  }

  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, String table) {
    assertEquals(expected.schema(), actual.schema(), table);
    assertEquals(expected.count(), actual.count(), table);
    assertEquals(0, expected.exceptAll(actual).count(), table);
  }

  /** The lake with {@code table} rewritten as a Parquet folder by {@code rewrite}. */
  private static void asParquet(
      SparkSession spark,
      Path lake,
      String table,
      java.util.function.UnaryOperator<Dataset<Row>> rewrite,
      Path scratch)
      throws IOException {
    Dataset<Row> rows = spark.read().format("delta").load(lake.resolve(table).toString());
    rewrite.apply(rows).write().partitionBy("date").parquet(scratch.toString());
    org.apache.commons.io.FileUtils.deleteDirectory(lake.resolve(table).toFile());
    Files.move(scratch, lake.resolve(table));
  }

  /** A zero-byte file, as a crashed writer leaves, on the lake's first day of {@code table}. */
  private static void crashedFile(Path lake, String table) throws IOException {
    Files.write(
        lake.resolve(table).resolve("date=2025-05-05/part-99998-crashed.snappy.parquet"),
        new byte[0]);
  }

  @Test
  void readingAheadGivesTheTablesReadInTurn() {
    Path lake = GeneratedLake.shared(spark);
    TimeRange range = GeneratedLake.range(spark);
    Settings s = settings(lake);
    HuntInputs expected = inTurn(s, range, new ArrayList<>());
    HuntInputs actual = ahead(s, range, new ArrayList<>());
    assertSameRows(expected.network(), actual.network(), "network");
    assertSameRows(expected.process(), actual.process(), "process");
    assertSameRows(expected.certificates(), actual.certificates(), "certificates");
    assertEquals(expected.rowsRead(), actual.rowsRead());
    assertTrue(actual.rowsRead().values().stream().allMatch(n -> n > 0), "" + actual.rowsRead());
  }

  @Test
  void skippedFilesAreToldInTableOrder() throws IOException {
    Path lake = GeneratedLake.copy(spark, dir.resolve("lake"));
    asParquet(spark, lake, "DeviceNetworkEvents", d -> d, dir.resolve("n"));
    asParquet(spark, lake, "DeviceProcessEvents", d -> d, dir.resolve("p"));
    crashedFile(lake, "DeviceNetworkEvents");
    crashedFile(lake, "DeviceProcessEvents");
    Settings s = settings(lake, "lake.unreadable-files=skip");
    TimeRange range = GeneratedLake.range(spark);
    List<String> expected = new ArrayList<>();
    inTurn(s, range, expected);
    List<String> actual = new ArrayList<>();
    ahead(s, range, actual);
    assertEquals(2, expected.size(), "" + expected);
    assertTrue(expected.get(0).contains("DeviceNetworkEvents"), expected.get(0));
    assertEquals(expected, actual);
  }

  @Test
  void aTableReadAheadFailsTheReadWithItsOwnError() throws IOException {
    Path lake = GeneratedLake.copy(spark, dir.resolve("lake"));
    // A process id that is not a number: the contract refuses the table when it is read.
    asParquet(
        spark,
        lake,
        "DeviceProcessEvents",
        d -> d.withColumn("InitiatingProcessId", lit(true)),
        dir.resolve("p"));
    Settings s = settings(lake);
    TimeRange range = GeneratedLake.range(spark);
    Exception expected = assertThrows(Exception.class, () -> inTurn(s, range, new ArrayList<>()));
    Exception actual = assertThrows(Exception.class, () -> ahead(s, range, new ArrayList<>()));
    assertTrue(expected.getMessage().contains("InitiatingProcessId"), expected.getMessage());
    assertEquals(expected.getClass(), actual.getClass());
    assertEquals(expected.getMessage(), actual.getMessage());
  }
}
