package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.detect.ChunkedDetect;
import dev.smbhunt.jobs.detect.DetectSummary;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.storage.Location;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Generate a small synthetic lake, hunt it and show the alerts.",
    description = {
      "Generates a small synthetic lake under ./lake (the demo.* settings), runs detect over all of it, and prints the alerts with the path of the Delta alerts "
          + "table. It needs no arguments and no data of your own."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  bin/hunt demo", "  bin/hunt demo --set demo.devices=50 --set demo.days=3"})
final class DemoCommand extends SparkCommand {
  @Override
  protected void run(SparkSession spark, Settings settings, PrintWriter out) {
    DemoSettings demo = DemoSettings.from(settings);
    GeneratorOptions options =
        new GeneratorOptions(
            demo.devices(),
            demo.days(),
            demo.seed(),
            demo.format(),
            GenerateSettings.from(settings).startDate());
    Location lake = Location.of(demo.lake());
    out.println("[1/3] generating a synthetic lake in " + lake.display());
    out.flush();
    GenerationReport report = LakeGenerator.generate(spark, lake, options);
    out.print(report.render());

    Settings lakeSettings = settings.withLakeRoot(demo.lake()).withOutput(demo.output());
    TimeRange range =
        new TimeRange(
            options.startDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
            options.startDate().plusDays(options.days()).atStartOfDay(ZoneOffset.UTC).toInstant());
    out.println("[2/3] detect over " + range);
    out.flush();
    // The same runner as detect: chunks, the run ledger beside the lake, the same summary.
    ChunkedDetect.Summary chunked =
        ChunkedDetect.run(
            spark,
            lakeSettings,
            range,
            ChunkedDetect.Options.backfill(false, new PrintWriter(System.err, true)));
    out.print(chunked.render());
    DetectSummary summary = chunked.last();

    out.println("[3/3] alerts by device and binary");
    AlertPrinter.digest(AlertsTable.read(spark, summary.alertsTable()), out);
    out.println();
    out.println("first " + demo.show() + " alerts:");
    AlertPrinter.print(
        AlertsTable.read(spark, summary.alertsTable()),
        AlertPrinter.Format.TABLE,
        demo.show(),
        out);
    out.println();
    out.println("Delta alerts table: " + summary.alertsTable().display());
    out.println("Ground truth:       " + lake.child("_ground_truth").display());
    out.println(
        "More: bin/hunt alerts --alerts " + summary.alertsTable().display() + " --format jsonl");
  }
}
