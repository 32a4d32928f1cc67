package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import picocli.CommandLine.Option;

/**
 * Where the alerts table (and the run ledger) are: the output location, or one table's own place.
 */
final class OutputOptions {
  @Option(
      names = "--output",
      paramLabel = "URI",
      description =
          "Where the alerts table and the run ledger are, never under the lake (default: ${bundle:default.output}; output).")
  String output;

  @Option(
      names = "--alerts",
      paramLabel = "URI",
      description = "Delta alerts table folder (default: <output>/SmbAdminSharesAlerts).")
  String alerts;

  @Option(
      names = "--alerts-table",
      paramLabel = "NAME",
      description = "The alerts as a catalog table instead, created as Delta if absent.")
  String alertsTable;

  Settings apply(Settings settings) {
    if (alerts != null && alertsTable != null) {
      throw new IllegalArgumentException(
          "--alerts and --alerts-table exclude each other: give one");
    }
    Settings s = output == null ? settings : settings.withOutput(output);
    s = alerts == null ? s : s.withAlertsPath(alerts);
    return alertsTable == null
        ? s
        : s.withAlertsTable(LakeOptions.requireName("--alerts-table", alertsTable));
  }
}
