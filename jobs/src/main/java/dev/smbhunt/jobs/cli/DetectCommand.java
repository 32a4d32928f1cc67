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
    usageHelpAutoWidth = true,
    header = "Run the rule over a range of the lake and merge new alerts.",
    description = {
      "Runs the rule over [from, to) of the lake and merges the new alerts into the Delta alerts table. The lake "
          + "is only read: the alerts table and the run ledger go to --output.",
      "%nRule mode emulates Sentinel's hourly schedule exactly: every hour window of the range is evaluated, in one "
          + "Spark job, seeing only its own hour of all three tables. Continuous mode (--mode continuous) also "
          + "finds pairs across window boundaries.",
      "%nA long range runs in chunks (backfill.chunk, default ${bundle:default.backfill.chunk}), each committed and "
          + "recorded in the run ledger on its own; --resume skips the chunks already committed."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/hunt detect --lake /data/lake --output /data/hunt --from 2026-01-05 \\",
      "      --to 2026-01-06",
      "  bin/hunt detect --lake s3a://b/lake --output s3a://b/hunt --from 2025-10-01 \\",
      "      --to 2026-01-01 --resume",
      "  bin/hunt detect --database main.mde --alerts-table main.hunt.smb_alerts \\",
      "      --from 2026-01-05T10:00:00Z --to 2026-01-05T11:00:00Z"
    })
final class DetectCommand extends SparkCommand {
  @Mixin LakeOptions lakeOptions;
  @Mixin OutputOptions outputOptions;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "INSTANT",
      description =
          "Range start, inclusive: ISO-8601 UTC (2026-01-05T10:00:00Z) or a date (midnight UTC).")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "INSTANT",
      description = "Range end, exclusive; same forms as --from.")
  String to;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "rule (default: Sentinel's hourly runs, exactly) or continuous (pairs across window boundaries; "
              + "rated per the rule.continuous.* settings).")
  String mode;

  @Option(
      names = "--resume",
      description =
          "Skip the chunks the run ledger holds as committed for this mode and rule parameters.")
  boolean resume;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress lines (for schedulers); the summary is still printed.")
  boolean quiet;

  private TimeRange range;

  @Override
  protected Settings configure(Settings settings) {
    Settings s = outputOptions.apply(lakeOptions.apply(settings));
    s = mode == null ? s : s.withMode(Settings.RuleMode.parse("--mode", mode));
    range = TimeRange.parse(from, to);
    // The same check ChunkedDetect makes, here before Spark starts and before the lake is looked
    // at.
    range.requireAligned(s.rule().window());
    LakeOptions.requireLakeFolders(s);
    return s;
  }

  @Override
  protected void run(SparkSession spark, Settings settings, PrintWriter out) {
    PrintWriter progress = quiet ? null : new PrintWriter(System.err, true);
    ChunkedDetect.Summary summary =
        ChunkedDetect.run(spark, settings, range, ChunkedDetect.Options.backfill(resume, progress));
    out.print(summary.render());
  }
}
