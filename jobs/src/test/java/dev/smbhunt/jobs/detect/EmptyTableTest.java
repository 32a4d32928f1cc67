package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.LakeException;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An empty DeviceFileCertificateInfo (a failed export) used to turn every certified hash into a
 * false "rare uncertified" alert with only an INFO line. Now each chunk says so, in its summary and
 * its ledger row, and {@code lake.empty-table = fail} stops the run before it writes.
 */
class EmptyTableTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  private Path lakeWithoutCertificates() throws IOException {
    Path lake = GeneratedLake.copy(spark, dir.resolve("lake"));
    Path certificates = lake.resolve("DeviceFileCertificateInfo");
    try (Stream<Path> paths = Files.walk(certificates)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Files.createDirectories(certificates);
    return lake;
  }

  @Test
  void eachChunkWarnsInItsSummaryAndItsLedgerRow() throws IOException {
    Settings s =
        SettingsLoader.load(null, List.of("backfill.chunk=1d"))
            .withLakeRoot(lakeWithoutCertificates().toString())
            .withOutput(dir.resolve("out").toString());
    ChunkedDetect.Summary summary =
        ChunkedDetect.run(
            spark, s, GeneratedLake.range(spark), ChunkedDetect.Options.backfill(false, null));
    assertEquals(2, summary.warnings().size(), summary.render());
    assertTrue(
        summary
            .warnings()
            .get(0)
            .startsWith(
                "DeviceFileCertificateInfo has no rows in [2025-05-05T00:00:00Z, "
                    + "2025-05-06T00:00:00Z) while DeviceNetworkEvents has "),
        summary.warnings().get(0));
    assertTrue(
        summary.render().contains("WARNING          DeviceFileCertificateInfo has no rows"),
        summary.render());
    assertEquals(
        2,
        ChunkedDetect.ledger(spark, s).read().filter(size(col("Warnings")).equalTo(1)).count(),
        "one warning in each chunk's ledger row");
  }

  @Test
  void failStopsTheRunBeforeItWrites() throws IOException {
    Settings s =
        SettingsLoader.load(null, List.of("lake.empty-table=fail"))
            .withLakeRoot(lakeWithoutCertificates().toString())
            .withOutput(dir.resolve("out").toString());
    LakeException e =
        assertThrows(
            LakeException.class,
            () ->
                ChunkedDetect.run(
                    spark,
                    s,
                    GeneratedLake.range(spark),
                    ChunkedDetect.Options.backfill(false, null)));
    assertTrue(
        e.getMessage().endsWith("nothing was written (lake.empty-table = fail)"), e.getMessage());
    assertFalse(
        AlertsTable.exists(spark, s.alertsRef())
            && AlertsTable.read(spark, s.alertsRef()).count() > 0,
        "no alert was written");
    assertEquals(
        1, ChunkedDetect.ledger(spark, s).read().filter(col("Status").equalTo("FAILED")).count());
  }
}
