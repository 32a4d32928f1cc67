package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.jobs.storage.TableRef;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Show or export the alerts of an alerts table.",
    description = {
      "Shows or exports the alerts of a Delta alerts table, oldest connection first: as a readable table, or as "
          + "JSON Lines or CSV with every column."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/hunt alerts --output /data/hunt",
      "  bin/hunt alerts --output /data/hunt --format jsonl --limit 0 > alerts.jsonl"
    })
final class AlertsCommand extends SparkCommand {
  @Mixin OutputOptions outputOptions;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "table (readable; control characters and bidi overrides from the hosts shown as \\x1b, \\r, "
              + "\\u202e escapes), jsonl (every column, exact), csv (every column; a cell starting with =, +, -, @, tab or "
              + "CR gets a leading ' so a spreadsheet does not run it as a formula, as OWASP advises) or csv-exact (every "
              + "cell as stored, for machines). Default: ${bundle:default.alerts-command.format} (alerts-command.format).")
  String format;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description =
          "At most N alerts; 0 for all. Default: ${bundle:default.alerts-command.limit} (alerts-command.limit).")
  Integer limit;

  private AlertPrinter.Format resolvedFormat;
  private int resolvedLimit;
  private TableRef resolvedTable;

  @Override
  protected Settings configure(Settings settings) {
    AlertsCommandSettings defaults = AlertsCommandSettings.from(settings);
    resolvedFormat = format != null ? AlertPrinter.Format.parse(format) : defaults.format();
    resolvedLimit = limit != null ? limit : defaults.limit();
    if (resolvedLimit < 0) {
      throw new IllegalArgumentException("--limit must be >= 0, got " + resolvedLimit);
    }
    Settings s = outputOptions.apply(settings);
    resolvedTable = s.alertsRef();
    // A folder can be checked before Spark starts; a catalog table only once it has.
    if (resolvedTable instanceof TableRef.At at
        && !Storage.beforeSpark(s.spark().conf()).hasDeltaCommit(at.location())) {
      throw new IllegalArgumentException(
          "no alerts table at " + at.display() + " (no commit in _delta_log/)");
    }
    return s;
  }

  @Override
  protected void run(SparkSession spark, Settings settings, PrintWriter out) {
    AlertPrinter.print(AlertsTable.read(spark, resolvedTable), resolvedFormat, resolvedLimit, out);
  }
}
