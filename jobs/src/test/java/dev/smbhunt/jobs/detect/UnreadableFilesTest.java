package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.ledger.LedgerEntry;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lake.unreadable-files = skip}: files a crashed writer left (zero bytes, cut short) are
 * left out, and the run says which, in the summary and the ledger, and records the chunk INCOMPLETE
 * so --resume redoes it. The default stops the run instead.
 */
class UnreadableFilesTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  /**
   * The generated lake with its process table as a Parquet folder, plus two unreadable files on its
   * first day; no row of the lake is lost with them.
   */
  private Path lakeWithCrashedWriterFiles() throws IOException {
    Path lake = GeneratedLake.copy(spark, dir.resolve("lake"));
    spark
        .read()
        .format("delta")
        .load(lake.resolve("DeviceProcessEvents").toString())
        .write()
        .partitionBy("date")
        .parquet(dir.resolve("process").toString());
    org.apache.commons.io.FileUtils.deleteDirectory(lake.resolve("DeviceProcessEvents").toFile());
    Files.move(dir.resolve("process"), lake.resolve("DeviceProcessEvents"));
    Path day = lake.resolve("DeviceProcessEvents/date=2025-05-05");
    Path good;
    try (var files = Files.list(day)) {
      good = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.write(day.resolve("part-99998-crashed.snappy.parquet"), new byte[0]);
    byte[] bytes = Files.readAllBytes(good);
    Files.write(
        day.resolve("part-99999-cut.snappy.parquet"),
        java.util.Arrays.copyOf(bytes, bytes.length / 3));
    return lake;
  }

  private Settings settings(Path lake, String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of("backfill.chunk=1d"));
    all.addAll(List.of(overrides));
    return SettingsLoader.load(null, all)
        .withLakeRoot(lake.toString())
        .withOutput(dir.resolve("out").toString());
  }

  @Test
  void byDefaultAnUnreadableFileStopsTheRun() throws IOException {
    Settings s = settings(lakeWithCrashedWriterFiles());
    assertThrows(
        Exception.class,
        () ->
            ChunkedDetect.run(
                spark, s, GeneratedLake.range(spark), ChunkedDetect.Options.backfill(false, null)));
  }

  @Test
  void skipLeavesThemOutNamingEachAndRecordsTheChunkIncomplete() throws IOException {
    Path lake = lakeWithCrashedWriterFiles();
    Settings s = settings(lake, "lake.unreadable-files=skip");
    ChunkedDetect.Summary summary =
        ChunkedDetect.run(
            spark, s, GeneratedLake.range(spark), ChunkedDetect.Options.backfill(false, null));
    assertEquals(
        GeneratedLake.report(spark).expectedAlerts(),
        summary.alertsNew(),
        "no readable row was lost");
    Path day = lake.resolve("DeviceProcessEvents/date=2025-05-05");
    assertEquals(
        List.of(
            "DeviceProcessEvents: skipped unreadable file "
                + day.resolve("part-99998-crashed.snappy.parquet"),
            "DeviceProcessEvents: skipped unreadable file "
                + day.resolve("part-99999-cut.snappy.parquet")),
        summary.warnings().stream().map(w -> w.substring(0, w.indexOf(" ("))).toList());
    assertTrue(
        summary.warnings().get(0).endsWith("; lake.unreadable-files = skip)"),
        summary.warnings().get(0));
    assertEquals(1, summary.incomplete());
    assertTrue(
        summary.render().contains("INCOMPLETE       1 chunk(s) with unreadable files skipped"),
        summary.render());

    List<Row> ledger =
        ChunkedDetect.ledger(spark, s)
            .read()
            .orderBy("RangeFrom")
            .select("Status", "Warnings")
            .collectAsList();
    assertEquals(LedgerEntry.INCOMPLETE, ledger.get(0).getString(0));
    assertEquals(2, ledger.get(0).getList(1).size(), "the ledger names both files");
    assertEquals(
        LedgerEntry.COMMITTED, ledger.get(1).getString(0), "the second day had nothing to skip");

    ChunkedDetect.Summary resumed =
        ChunkedDetect.run(
            spark, s, GeneratedLake.range(spark), ChunkedDetect.Options.backfill(true, null));
    assertEquals(1, resumed.skipped(), "--resume skips the complete chunk only");
    assertEquals(0, resumed.alertsNew());
    assertEquals(
        2,
        ChunkedDetect.ledger(spark, s)
            .read()
            .filter(col("Status").equalTo(LedgerEntry.INCOMPLETE))
            .count());
  }
}
