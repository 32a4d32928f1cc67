package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.sink.AlertsTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "Show or export the alerts of a Delta alerts table, oldest connection first.")
final class AlertsCommand extends SparkCommand {
  @Option(names = "--alerts", paramLabel = "DIR",
      description = "Delta alerts table (default: <smb-hunt.lake.root>/ + smb-hunt.alerts.table-name).")
  Path alerts;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "table (readable), jsonl (every column) or csv (every column). Default: smb-hunt.alerts-command.format.")
  String format;

  @Option(names = "--limit", paramLabel = "N", description = "At most N alerts; 0 for all. Default: smb-hunt.alerts-command.limit.")
  Integer limit;

  private AlertPrinter.Format resolvedFormat;
  private int resolvedLimit;
  private Path resolvedPath;

  @Override
  Settings configure(Settings settings) {
    resolvedFormat = AlertPrinter.Format.parse(format != null ? format : settings.alertsCommand().format());
    resolvedLimit = limit != null ? limit : settings.alertsCommand().limit();
    if (resolvedLimit < 0) {
      throw new IllegalArgumentException("--limit must be >= 0, got " + resolvedLimit);
    }
    resolvedPath = alerts != null ? alerts : settings.alertsPath(settings.lake().root());
    if (!AlertsTable.exists(resolvedPath)) {
      throw new IllegalArgumentException("no alerts table at " + resolvedPath.toAbsolutePath() + " (no _delta_log/)");
    }
    return settings;
  }

  @Override
  void run(SparkSession spark, Settings settings, PrintWriter out) {
    AlertPrinter.print(AlertsTable.read(spark, resolvedPath), resolvedFormat, resolvedLimit, out);
  }
}
