package dev.smbhunt.jobs.ledger;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.LakeException;
import dev.smbhunt.jobs.lake.LakeReader;
import dev.smbhunt.jobs.lake.TableFormat;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.transforms.schema.MdeTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What version of each input table a chunk read, for the ledger and for late-data detection: a Delta
 * table's version, or for Parquet a hash of the file listing (path, size, modification time) of the
 * partitions the chunk read.
 */
public final class InputSnapshot {
  static final String DELTA = "delta:";
  static final String PARQUET = "parquet:";

  private InputSnapshot() {}

  /** @param ranges the range each table is read over */
  public static Map<String, String> of(Settings.Lake lake, Map<MdeTable, TimeRange> ranges) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (MdeTable table : MdeTable.values()) {
      versions.put(table.tableName(), of(lake, table, ranges.get(table)));
    }
    return versions;
  }

  public static String of(Settings.Lake lake, MdeTable table, TimeRange range) {
    Path path = lake.pathOf(table);
    if (!Files.isDirectory(path)) {
      return "absent";
    }
    if (LakeReader.resolveFormat(lake.tables().get(table).format(), path) == TableFormat.DELTA) {
      return DELTA + DeltaLog.latestVersion(path);
    }
    return PARQUET + parquetListingHash(path, lake.partitionColumn(), range);
  }

  /** The Delta version in an {@code of} value, or -1 when the table was not Delta. */
  public static long deltaVersion(String snapshot) {
    return snapshot != null && snapshot.startsWith(DELTA) ? Long.parseLong(snapshot.substring(DELTA.length())) : -1;
  }

  private static String parquetListingHash(Path path, String partitionColumn, TimeRange range) {
    String first = partitionColumn + "=" + range.firstDate();
    String last = partitionColumn + "=" + range.lastDate();
    try (Stream<Path> files = Files.walk(path)) {
      List<Path> data =
          files.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .filter(p -> inPartitions(path.relativize(p), partitionColumn, first, last))
              .sorted()
              .toList();
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path p : data) {
        String line = path.relativize(p) + "\t" + Files.size(p) + "\t" + Files.getLastModifiedTime(p).toMillis() + "\n";
        digest.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return data.size() + ":" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new LakeException("cannot list " + path + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unpartitioned files belong to every range; partitioned ones to their date's. */
  private static boolean inPartitions(Path relative, String partitionColumn, String first, String last) {
    String top = relative.getName(0).toString();
    if (relative.getNameCount() == 1 || !top.startsWith(partitionColumn + "=")) {
      return true;
    }
    try {
      LocalDate.parse(top.substring(partitionColumn.length() + 1));
    } catch (RuntimeException e) {
      return true;
    }
    return top.compareTo(first) >= 0 && top.compareTo(last) <= 0;
  }
}
