package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.LakeException;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.MdeTable;
import picocli.CommandLine.Option;

/** Where the three tables are: folders under a root, or a namespace of Spark's catalog. */
final class LakeOptions {
  @Option(
      names = "--lake",
      paramLabel = "URI",
      description =
          "Lake root holding the three table folders: a path or a URI such as s3a://bucket/lake, "
              + "abfss://container@account.dfs.core.windows.net/lake, hdfs://host:port/lake (default: ${bundle:default.lake.root}; lake.root).")
  String lake;

  @Option(
      names = "--database",
      paramLabel = "NS",
      description =
          "Use the tables NS.DeviceNetworkEvents, NS.DeviceProcessEvents and NS.DeviceFileCertificateInfo "
              + "of the Spark catalog instead of folders; NS may have two parts (main.mde).")
  String database;

  Settings apply(Settings settings) {
    if (lake != null && database != null) {
      throw new IllegalArgumentException("--lake and --database exclude each other: give one");
    }
    Settings s = lake == null ? settings : settings.withLakeRoot(lake);
    return database == null ? s : s.withDatabase(requireName("--database", database));
  }

  /**
   * Fails before Spark starts when a table folder of the lake is missing (a typo in --lake costs
   * seconds, not a session start). Catalog tables are looked up once the session, and its catalog,
   * exist.
   */
  static void requireLakeFolders(Settings settings) {
    Storage storage = Storage.beforeSpark(settings.spark().conf());
    for (MdeTable table : MdeTable.values()) {
      if (settings.lake().ref(table) instanceof TableRef.At at
          && !storage.isDirectory(at.location())) {
        throw new LakeException(
            table.tableName() + ": table folder not found at " + at.location().display());
      }
    }
  }

  /** A catalog name: dot-separated identifiers, each plain or in backquotes. */
  static String requireName(String option, String name) {
    if (!name.matches(
        "(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)(\\.(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)){0,2}")) {
      throw new IllegalArgumentException(
          option
              + " '"
              + name
              + "' is not a table or namespace name (up to three "
              + "dot-separated identifiers, e.g. main.mde)");
    }
    return name;
  }
}
