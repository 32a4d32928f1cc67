package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.detect.ChunkedDetect;
import dev.smbhunt.jobs.lake.TimeRange;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Run the rule over [from, to) of the lake and merge new alerts into the Delta alerts table.",
      "The lake is only read: the alerts table and the run ledger go to --output (smb-hunt.output).",
      "Rule mode emulates Sentinel's hourly schedule exactly: every hour window of the range is evaluated,",
      "in one Spark job, seeing only its own hour of all three tables. Continuous mode (--mode continuous)",
      "also finds pairs across window boundaries. A long range runs in chunks (smb-hunt.backfill.chunk),",
      "each committed and recorded in the run ledger on its own; --resume skips committed chunks."
    })
final class DetectCommand extends SparkCommand {
  @Mixin LakeOptions lakeOptions;
  @Mixin OutputOptions outputOptions;

  @Option(names = "--from", required = true, paramLabel = "INSTANT",
      description = "Range start, inclusive: ISO-8601 UTC (2026-01-05T10:00:00Z) or a date (midnight UTC).")
  String from;

  @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "Range end, exclusive; same forms as --from.")
  String to;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "rule (default: Sentinel's hourly runs, exactly) or continuous (pairs across window boundaries; "
          + "rated per smb-hunt.rule.continuous.*).")
  String mode;

  @Option(names = "--resume", description = "Skip the chunks the run ledger holds as committed for this mode and rule parameters.")
  boolean resume;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines (for schedulers); the summary is still printed.")
  boolean quiet;

  private TimeRange range;

  @Override
  Settings configure(Settings settings) {
    Settings s = outputOptions.apply(lakeOptions.apply(settings));
    s = mode == null ? s : s.withRule(s.rule().withMode(mode));
    range = TimeRange.parse(from, to);
    range.requireAligned(s.rule().window());
    LakeOptions.requireLakeFolders(s);
    return s;
  }

  @Override
  void run(SparkSession spark, Settings settings, PrintWriter out) {
    PrintWriter progress = quiet ? null : new PrintWriter(System.err, true);
    ChunkedDetect.Summary summary = ChunkedDetect.run(spark, settings, range, ChunkedDetect.Options.backfill(resume, progress));
    out.print(summary.render());
  }
}
