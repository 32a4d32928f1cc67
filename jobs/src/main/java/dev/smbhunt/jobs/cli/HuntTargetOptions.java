package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import picocli.CommandLine.Option;

/** Where {@code detect} and {@code scheduled} read and write: the lake, by path or by catalog, and the outputs. */
final class HuntTargetOptions {
  @Option(names = "--lake", paramLabel = "URI",
      description = "Lake root holding the three table folders: a path or a URI such as s3a://bucket/lake, "
          + "abfss://container@account.dfs.core.windows.net/lake, hdfs://host:port/lake (default: smb-hunt.lake.root).")
  String lake;

  @Option(names = "--database", paramLabel = "NS",
      description = "Read the tables NS.DeviceNetworkEvents, NS.DeviceProcessEvents and NS.DeviceFileCertificateInfo "
          + "from the Spark catalog instead of folders; NS may have two parts (main.mde).")
  String database;

  @Option(names = "--output", paramLabel = "URI",
      description = "Where the alerts table and the run ledger go, never under the lake (default: smb-hunt.output).")
  String output;

  @Option(names = "--alerts", paramLabel = "URI", description = "Delta alerts table folder (default: <output>/SmbAdminSharesAlerts).")
  String alerts;

  @Option(names = "--alerts-table", paramLabel = "NAME",
      description = "Write the alerts to this catalog table instead, created as Delta if absent.")
  String alertsTable;

  Settings apply(Settings settings) {
    if (lake != null && database != null) {
      throw new IllegalArgumentException("--lake and --database exclude each other: give one");
    }
    if (alerts != null && alertsTable != null) {
      throw new IllegalArgumentException("--alerts and --alerts-table exclude each other: give one");
    }
    Settings s = lake == null ? settings : settings.withLakeRoot(lake);
    s = database == null ? s : s.withDatabase(requireName("--database", database));
    s = output == null ? s : s.withOutput(output);
    s = alerts == null ? s : s.withAlertsPath(alerts);
    return alertsTable == null ? s : s.withAlertsTable(requireName("--alerts-table", alertsTable));
  }

  /** A catalog name: dot-separated identifiers, each plain or in backquotes. */
  static String requireName(String option, String name) {
    if (!name.matches("(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)(\\.(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)){0,2}")) {
      throw new IllegalArgumentException(option + " '" + name + "' is not a table or namespace name (up to three "
          + "dot-separated identifiers, e.g. main.mde)");
    }
    return name;
  }
}
