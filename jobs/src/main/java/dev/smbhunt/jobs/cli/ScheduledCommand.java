package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.detect.ChunkedDetect;
import dev.smbhunt.jobs.detect.ScheduledJob;
import dev.smbhunt.jobs.lake.TimeRange;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "scheduled",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header =
        "Run every complete window since the last run, and re-run windows that received late rows.",
    description = {
      "Meant for cron or an orchestrator. It first re-runs processed windows whose inputs received late rows, then "
          + "runs every complete window from the run ledger's watermark up to now minus scheduled.settlement-delay "
          + "(default ${bundle:default.scheduled.settlement-delay}).",
      "%nIt is idempotent: a second run in a row does nothing."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/hunt scheduled --lake /data/lake --output /data/hunt -q",
      "  bin/hunt scheduled --lake /data/lake --output /data/hunt --from 2026-01-01 \\",
      "      --no-reprocess-late"
    })
final class ScheduledCommand extends SparkCommand {
  @Mixin LakeOptions lakeOptions;
  @Mixin OutputOptions outputOptions;

  @Option(names = "--mode", paramLabel = "MODE", description = "rule (default) or continuous.")
  String mode;

  @Option(
      names = "--from",
      paramLabel = "INSTANT",
      description =
          "Where the first run starts when the ledger has no watermark for this mode yet.")
  String from;

  @Option(
      names = "--reprocess-late",
      negatable = true,
      description =
          "Re-run windows whose inputs changed after they were processed (default: ${bundle:default.scheduled.reprocess-late}; scheduled.reprocess-late).")
  Boolean reprocessLate;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress lines.")
  boolean quiet;

  private Optional<Instant> firstFrom = Optional.empty();

  @Override
  protected Settings configure(Settings settings) {
    Settings s = outputOptions.apply(lakeOptions.apply(settings));
    s = mode == null ? s : s.withMode(Settings.RuleMode.parse("--mode", mode));
    if (from != null) {
      firstFrom = Optional.of(TimeRange.parseInstant("--from", from));
    }
    LakeOptions.requireLakeFolders(s);
    return s;
  }

  @Override
  protected void run(SparkSession spark, Settings settings, PrintWriter out) {
    boolean late = reprocessLate == null ? settings.runs().reprocessLate() : reprocessLate;
    PrintWriter progress = quiet ? null : new PrintWriter(System.err, true);
    ChunkedDetect.Options options =
        new ChunkedDetect.Options(false, "scheduled", progress, Clock.systemUTC(), i -> {});
    out.print(ScheduledJob.run(spark, settings, firstFrom, late, options).render());
  }
}
