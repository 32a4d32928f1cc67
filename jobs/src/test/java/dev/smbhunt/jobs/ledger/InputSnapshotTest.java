package dev.smbhunt.jobs.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.storage.CountingLocalFileSystem;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Parquet table's snapshot: the listing of the range's partitions, and of nothing else. */
class InputSnapshotTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @AfterEach
  void forgetCounts() {
    CountingLocalFileSystem.register(spark.sparkContext().hadoopConfiguration());
  }

  @Test
  void anHourListsOnlyItsDaysPartitionAndSeesOnlyItsChanges() throws IOException {
    Path table = dir.resolve("lake/DeviceNetworkEvents");
    for (String day : List.of("2025-05-05", "2025-05-06", "2025-05-07")) {
      write(table.resolve("date=" + day + "/part-0.parquet"), "rows of " + day);
    }
    // A file outside any date folder belongs to every range.
    write(table.resolve("part-loose.parquet"), "rows of no folder");
    CountingLocalFileSystem.register(spark.sparkContext().hadoopConfiguration());
    Settings.Lake lake =
        SettingsLoader.load(null, List.of())
            .withLakeRoot(CountingLocalFileSystem.uri(dir.resolve("lake")))
            .lake();
    TimeRange hour =
        new TimeRange(Instant.parse("2025-05-06T12:00:00Z"), Instant.parse("2025-05-06T13:00:00Z"));

    String before = InputSnapshot.of(spark, lake, MdeTable.DEVICE_NETWORK_EVENTS, hour);

    assertTrue(before.startsWith("parquet:2:"), before);
    assertTrue(
        CountingLocalFileSystem.LISTED.stream()
            .noneMatch(p -> p.contains("date=2025-05-05") || p.contains("date=2025-05-07")),
        CountingLocalFileSystem.LISTED.toString());
    write(table.resolve("date=2025-05-07/part-1.parquet"), "another day's rows");
    assertEquals(before, InputSnapshot.of(spark, lake, MdeTable.DEVICE_NETWORK_EVENTS, hour));
    write(table.resolve("date=2025-05-06/part-1.parquet"), "late rows of the hour's day");
    String after = InputSnapshot.of(spark, lake, MdeTable.DEVICE_NETWORK_EVENTS, hour);
    assertNotEquals(before, after);
    assertTrue(after.startsWith("parquet:3:"), after);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
