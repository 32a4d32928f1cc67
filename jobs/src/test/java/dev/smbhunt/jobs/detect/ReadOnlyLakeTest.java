package dev.smbhunt.jobs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.storage.StorageException;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake belongs to someone else: detect and scheduled read it and write only to the output
 * location. Every file and folder of the lake is made read-only, and after both commands its
 * listing (paths, sizes, modification times) is exactly what it was.
 */
class ReadOnlyLakeTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @Test
  void detectAndScheduledLeaveTheLakeUntouched() throws IOException {
    Path lake = GeneratedLake.copy(spark, dir.resolve("lake"));
    TreeMap<String, String> before = listing(lake);
    setWritable(lake, false);
    try {
      Settings s =
          SettingsLoader.load(null, List.of("backfill.chunk=1d"))
              .withLakeRoot(lake.toString())
              .withOutput(dir.resolve("out").toString());
      TimeRange range = GeneratedLake.range(spark);
      ChunkedDetect.Summary detected =
          ChunkedDetect.run(spark, s, range, ChunkedDetect.Options.backfill(false, null));
      assertEquals(GeneratedLake.report(spark).expectedAlerts(), detected.alertsNew());
      ChunkedDetect.Options later =
          new ChunkedDetect.Options(
              false,
              "scheduled",
              null,
              Clock.fixed(range.to().plus(Duration.ofDays(1)), ZoneOffset.UTC),
              i -> {});
      ScheduledJob.run(spark, s, Optional.empty(), true, later);
    } finally {
      setWritable(lake, true);
    }
    assertEquals(before, listing(lake), "the lake changed");
    assertTrue(
        Files.isDirectory(
            dir.resolve("out").resolve("SmbAdminSharesAlerts").resolve("_delta_log")));
    assertTrue(
        Files.isDirectory(dir.resolve("out").resolve("SmbAdminSharesRuns").resolve("_delta_log")));
  }

  /**
   * An output that cannot hold a table fails before any data is read: here the lake does not even
   * exist.
   */
  @Test
  void anUnusableOutputFailsBeforeTheHunt() throws IOException {
    Files.writeString(dir.resolve("out"), "a file where the output folder should be");
    Settings s =
        SettingsLoader.load(null, List.of())
            .withLakeRoot(dir.resolve("no-lake").toString())
            .withOutput(dir.resolve("out").toString());
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                ChunkedDetect.run(
                    spark,
                    s,
                    GeneratedLake.range(spark),
                    ChunkedDetect.Options.backfill(false, null)));
    assertTrue(
        e.getMessage()
            .startsWith("alerts table " + dir.resolve("out").resolve("SmbAdminSharesAlerts")),
        e.getMessage());

    Files.createDirectories(dir.resolve("occupied"));
    Files.writeString(dir.resolve("occupied/notes.txt"), "someone else's files");
    Settings occupied = s.withAlertsPath(dir.resolve("occupied").toString());
    StorageException o =
        assertThrows(
            StorageException.class,
            () ->
                ChunkedDetect.run(
                    spark,
                    occupied,
                    GeneratedLake.range(spark),
                    ChunkedDetect.Options.backfill(false, null)));
    assertTrue(o.getMessage().contains("holds files but no Delta table"), o.getMessage());
  }

  /**
   * Someone else's Delta table (or an older layout) at the alerts location is refused, naming the
   * columns.
   */
  @Test
  void aDeltaTableWithOtherColumnsAtTheAlertsLocationIsRefusedBeforeTheHunt() throws IOException {
    String other = dir.resolve("other").toString();
    spark
        .sql("SELECT 'a' AS AlertId, 1 AS RuleId, 'x' AS Owner")
        .write()
        .format("delta")
        .save(other);
    Settings s =
        SettingsLoader.load(null, List.of())
            .withLakeRoot(dir.resolve("no-lake").toString())
            .withOutput(dir.resolve("out").toString())
            .withAlertsPath(other);
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                ChunkedDetect.run(
                    spark,
                    s,
                    GeneratedLake.range(spark),
                    ChunkedDetect.Options.backfill(false, null)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "alerts table "
                    + other
                    + " is a Delta table with other columns than "
                    + "smb-hunt's alerts (missing RuleName, RuleVersion, Severity, Tactics, Techniques and "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("; unexpected Owner; RuleId is int, expected string): choose another"),
        e.getMessage());
  }

  /**
   * The same for the run ledger; a ledger from before its Warnings column is still taken (and gains
   * it).
   */
  @Test
  void aDeltaTableWithOtherColumnsAtTheLedgerLocationIsRefusedAnOlderLedgerIsNot()
      throws IOException {
    Settings s =
        SettingsLoader.load(null, List.of("backfill.chunk=1d"))
            .withOutput(dir.resolve("out").toString());
    String ledger = dir.resolve("out/SmbAdminSharesRuns").toString();
    spark.sql("SELECT 'a' AS RunId, 'x' AS Owner").write().format("delta").save(ledger);
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                ChunkedDetect.run(
                    spark,
                    s.withLakeRoot(dir.resolve("no-lake").toString()),
                    GeneratedLake.range(spark),
                    ChunkedDetect.Options.backfill(false, null)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "run ledger "
                    + ledger
                    + " is a Delta table with other columns than "
                    + "smb-hunt's run ledger (missing Trigger, Mode, ParamHash, RangeFrom, RangeTo and "),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("; unexpected Owner): choose another location for it"),
        e.getMessage());

    org.apache.commons.io.FileUtils.deleteDirectory(new java.io.File(ledger));
    spark
        .createDataFrame(List.of(), dev.smbhunt.jobs.ledger.RunLedger.schema())
        .drop("Warnings")
        .write()
        .format("delta")
        .save(ledger);
    Path lake = GeneratedLake.copy(spark, dir.resolve("lake"));
    ChunkedDetect.run(
        spark,
        s.withLakeRoot(lake.toString()),
        GeneratedLake.range(spark),
        ChunkedDetect.Options.backfill(false, null));
    assertTrue(
        java.util.Arrays.asList(spark.read().format("delta").load(ledger).columns())
            .contains("Warnings"));
  }

  private static TreeMap<String, String> listing(Path root) throws IOException {
    TreeMap<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        entries.put(
            root.relativize(p).toString(),
            (Files.isDirectory(p) ? "dir" : Files.size(p))
                + " "
                + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return entries;
  }

  // Tests run as root here, which permissions do not stop; the listing comparison is what proves
  // it.
  private static void setWritable(Path root, boolean writable) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.forEach(
          p -> {
            try {
              Files.setPosixFilePermissions(
                  p,
                  PosixFilePermissions.fromString(
                      Files.isDirectory(p)
                          ? (writable ? "rwxr-xr-x" : "r-xr-xr-x")
                          : (writable ? "rw-r--r--" : "r--r--r--")));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
