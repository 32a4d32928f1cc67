package dev.smbhunt.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.LakeException;
import dev.smbhunt.jobs.lake.LakeReader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage through Hadoop's FileSystem: one code path for every scheme, and one-line errors. */
class StorageTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @Test
  void aSchemeWithoutAFileSystemNamesTheLibraryThatBringsIt() {
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> Storage.of(spark).isDirectory(Location.of("gs://bucket/mde")));
    assertTrue(
        e.getMessage()
            .contains("no FileSystem for scheme 'gs': put gcs-connector on the classpath"),
        e.getMessage());
    assertEquals(
        "no FileSystem for scheme 'gs': put gcs-connector on the classpath",
        StorageException.describe(e));
  }

  /**
   * ADLS Gen2 cannot be emulated here, but its URI goes down the S3 one's path: the lake reader
   * asks Hadoop's FileSystem for the abfss:// folder (hadoop-azure is on the classpath), and
   * without an account key the failure names the URI, before any request leaves the machine.
   */
  @Test
  void anAbfssLakeGoesThroughHadoopsFileSystemLikeS3() {
    String root = "abfss://logs@smbhunttest.dfs.core.windows.net/mde";
    var lake = SettingsLoader.load(null, List.of()).withLakeRoot(root).lake();
    assertEquals(
        TableRef.at(Location.of(root + "/DeviceNetworkEvents")),
        lake.ref(MdeTable.DEVICE_NETWORK_EVENTS));
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                LakeReader.read(
                    spark,
                    lake,
                    MdeTable.DEVICE_NETWORK_EVENTS,
                    TimeRange.parse("2025-05-05", "2025-05-06")));
    assertTrue(
        e.getMessage()
            .startsWith("cannot open the file system of " + root + "/DeviceNetworkEvents: "),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("smbhunttest.dfs.core.windows.net"),
        "names the account: " + e.getMessage());
  }

  @Test
  void listingIsRecursiveSortedAndEmptyForAnAbsentFolder() throws IOException {
    file("t/date=2025-05-06/b.parquet", "x");
    file("t/date=2025-05-05/a.parquet", "yy");
    Storage storage = Storage.of(spark);
    Location t = Location.of(dir.resolve("t").toString());
    var files = storage.listFiles(t, f -> true);
    assertEquals(
        List.of("date=2025-05-05/a.parquet", "date=2025-05-06/b.parquet"),
        files.stream().map(f -> f.location().relativeTo(t)).toList());
    assertEquals(2, files.get(0).size());
    assertEquals(List.of(), storage.listFiles(t.child("absent"), f -> true));
  }

  /**
   * Listing a local folder reads no owner or permissions: Hadoop's local file system gets them by
   * running a process per file, which made a week of hourly files seconds slower to plan.
   */
  @Test
  void aLocalListingAsksNoFileForItsOwnerOrPermissions() throws IOException {
    for (int hour = 0; hour < 3; hour++) {
      file("t/date=2025-05-05/part-" + hour + ".parquet", "x".repeat(hour));
    }
    file("t/date=2025-05-06/nested/z.parquet", "zz");
    Storage storage = new Storage(CountingLocalFileSystem.register(new Configuration()));
    Location t = Location.of(CountingLocalFileSystem.uri(dir.resolve("t")));

    var files = storage.listFiles(t, f -> true);

    assertEquals(
        List.of(
            "date=2025-05-05/part-0.parquet",
            "date=2025-05-05/part-1.parquet",
            "date=2025-05-05/part-2.parquet",
            "date=2025-05-06/nested/z.parquet"),
        files.stream().map(f -> f.location().relativeTo(t)).toList());
    assertEquals(List.of(0L, 1L, 2L, 2L), files.stream().map(Storage.FileEntry::size).toList());
    assertTrue(files.stream().allMatch(f -> f.modifiedMillis() > 0));
    assertTrue(storage.containsFile(t, f -> f.location().name().equals("z.parquet")));
    assertEquals(0, CountingLocalFileSystem.OWNER_OR_MODE_ASKED.get());
  }

  @Test
  void aListingCanLeaveOutFoldersByNameWithoutListingThem() throws IOException {
    file("t/date=2025-05-05/nested/a.parquet", "a");
    file("t/date=2025-05-06/b.parquet", "b");
    file("t/loose.parquet", "c");
    Storage storage = new Storage(CountingLocalFileSystem.register(new Configuration()));
    Location t = Location.of(CountingLocalFileSystem.uri(dir.resolve("t")));

    var files = storage.listFiles(t, folder -> !folder.equals("date=2025-05-06"), f -> true);

    assertEquals(
        List.of("date=2025-05-05/nested/a.parquet", "loose.parquet"),
        files.stream().map(f -> f.location().relativeTo(t)).toList());
    assertTrue(
        CountingLocalFileSystem.LISTED.stream().noneMatch(p -> p.endsWith("date=2025-05-06")),
        CountingLocalFileSystem.LISTED.toString());
    assertEquals(List.of(), storage.listFiles(t.child("absent"), folder -> true, f -> true));
  }

  @Test
  void anOutputThatIsAFileIsRefused() throws IOException {
    Files.writeString(dir.resolve("alerts"), "not a folder");
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                Storage.of(spark)
                    .requireWritableFolder(
                        Location.of(dir.resolve("alerts").toString()), "alerts table"));
    assertEquals(
        "alerts table " + dir.resolve("alerts") + " is a file, not a folder", e.getMessage());
  }

  @Test
  void aMissingCatalogTableIsTheSameClearErrorAsAMissingFolder() {
    var lake = SettingsLoader.load(null, List.of()).withDatabase("default").lake();
    LakeException e =
        assertThrows(
            LakeException.class,
            () ->
                LakeReader.read(
                    spark,
                    lake,
                    MdeTable.DEVICE_PROCESS_EVENTS,
                    TimeRange.parse("2025-05-05", "2025-05-06")));
    assertEquals(
        "DeviceProcessEvents: table 'default.DeviceProcessEvents' not found in the catalog",
        e.getMessage());
  }

  @Test
  void anUnknownCatalogIsOneLineNamingTheTable() {
    var lake = SettingsLoader.load(null, List.of()).withDatabase("nocatalog.mde").lake();
    LakeException e =
        assertThrows(
            LakeException.class,
            () ->
                LakeReader.read(
                    spark,
                    lake,
                    MdeTable.DEVICE_PROCESS_EVENTS,
                    TimeRange.parse("2025-05-05", "2025-05-06")));
    assertTrue(
        e.getMessage()
            .startsWith(
                "DeviceProcessEvents: cannot look up table 'nocatalog.mde.DeviceProcessEvents' in the catalog: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("nocatalog"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  /** A file below the test's folder, its parent folders made as needed. */
  private void file(String relative, String text) throws IOException {
    Path f = dir.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }
}
