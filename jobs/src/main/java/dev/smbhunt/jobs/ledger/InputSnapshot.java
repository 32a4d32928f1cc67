package dev.smbhunt.jobs.ledger;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.StoredTable;
import dev.smbhunt.jobs.lake.TableFormat;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.transforms.schema.MdeTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What version of each input table a chunk read, for the ledger and for late-data detection: a
 * Delta table's version, or for Parquet a hash of the file listing (path, size, modification time)
 * of the partitions the chunk read.
 */
public final class InputSnapshot {
  static final String DELTA = "delta:";
  static final String PARQUET = "parquet:";

  private InputSnapshot() {}

  /**
   * @param ranges the range each table is read over
   */
  public static Map<String, String> of(
      SparkSession spark, Settings.Lake lake, Map<MdeTable, TimeRange> ranges) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (MdeTable table : MdeTable.values()) {
      versions.put(table.tableName(), of(spark, lake, table, ranges.get(table)));
    }
    return versions;
  }

  public static String of(SparkSession spark, Settings.Lake lake, MdeTable table, TimeRange range) {
    Optional<StoredTable> stored = StoredTable.of(spark, lake, table);
    if (stored.isEmpty()) {
      return "absent";
    }
    Storage storage = Storage.of(spark);
    if (stored.get().format() == TableFormat.DELTA) {
      return DELTA + DeltaLog.latestVersion(storage, stored.get().location());
    }
    return PARQUET + parquetListingHash(storage, stored.get(), lake.partitionColumn(), range);
  }

  /** The Delta version in an {@code of} value, or -1 when the table was not Delta. */
  public static long deltaVersion(String snapshot) {
    return snapshot != null && snapshot.startsWith(DELTA)
        ? Long.parseLong(snapshot.substring(DELTA.length()))
        : -1;
  }

  private static String parquetListingHash(
      Storage storage, StoredTable table, String partitionColumn, TimeRange range) {
    // Only the range's partition folders are listed: a scheduled hour lists one day, not every
    // file of a lake that holds months.
    List<Storage.FileEntry> data =
        storage.listFiles(
            table.location(),
            folder -> inPartitions(folder + "/", partitionColumn, range),
            f ->
                f.location().name().endsWith(".parquet")
                    && inPartitions(
                        f.location().relativeTo(table.location()), partitionColumn, range));
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Storage.FileEntry f : data) {
        String line =
            f.location().relativeTo(table.location())
                + "\t"
                + f.size()
                + "\t"
                + f.modifiedMillis()
                + "\n";
        digest.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return data.size() + ":" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unpartitioned files belong to every range; partitioned ones to their date's. */
  private static boolean inPartitions(String relative, String partitionColumn, TimeRange range) {
    int slash = relative.indexOf('/');
    String top = slash < 0 ? relative : relative.substring(0, slash);
    if (slash < 0 || !top.startsWith(partitionColumn + "=")) {
      return true;
    }
    try {
      LocalDate.parse(top.substring(partitionColumn.length() + 1));
    } catch (RuntimeException e) {
      return true;
    }
    return range.coversPartition(top, partitionColumn);
  }
}
