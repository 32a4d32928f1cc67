package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.ingest.IngestJob;
import dev.smbhunt.jobs.ingest.IngestSettings;
import dev.smbhunt.jobs.ingest.IngestSummary;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.schema.MdeTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Load raw Defender exports into the lake's Delta tables, exactly once.",
    description = {
      "Ingests raw Defender exports (Streaming API, Log Analytics data export, or advanced-hunting JSON) into the "
          + "lake's Delta tables, typed and partitioned by date.",
      "%nIt is exactly once: files already ingested are skipped and duplicate events are not written twice. Bad "
          + "records go to a quarantine table; none is dropped."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/hunt ingest --source abfss://insights-logs@acct.dfs.core.windows.net/ \\",
      "      --lake /data/lake",
      "  bin/hunt ingest --source /exports --format json --tables DeviceProcessEvents \\",
      "      --lake /data/lake"
    })
final class IngestCommand extends SparkCommand {
  @Option(
      names = "--source",
      required = true,
      paramLabel = "URI",
      description =
          "Folder of export files, a path or a URI such as abfss://insights-logs@account.dfs.core.windows.net/ "
              + "(searched recursively).")
  String source;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "streaming-api, la-export or json (default: ${bundle:default.ingest.format}; ingest.format).")
  String format;

  @Mixin LakeOptions lakeOptions;

  @Option(
      names = "--tables",
      paramLabel = "TABLE",
      split = ",",
      description =
          "Tables to ingest, comma-separated (default: ${bundle:default.ingest.tables}; ingest.tables).")
  List<String> tables;

  private IngestJob.Request request;

  @Override
  protected Settings configure(Settings settings) {
    Settings s = lakeOptions.apply(settings);
    IngestSettings defaults = IngestSettings.from(s);
    List<MdeTable> selected = new ArrayList<>();
    for (String name : tables != null ? tables : defaults.tables()) {
      selected.add(
          Arrays.stream(MdeTable.values())
              .filter(t -> t.tableName().equals(name.strip()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown table '"
                              + name
                              + "'; expected some of "
                              + Arrays.stream(MdeTable.values())
                                  .map(MdeTable::tableName)
                                  .toList())));
    }
    // Before Spark starts: a wrong --source costs seconds.
    if (!Storage.beforeSpark(s.spark().conf()).isDirectory(Location.of(source))) {
      throw new IllegalArgumentException(
          "--source: folder not found: " + Location.of(source).display());
    }
    request =
        new IngestJob.Request(
            Location.of(source),
            format != null ? ExportFormat.parse(format) : defaults.format(),
            List.copyOf(selected));
    return s;
  }

  @Override
  protected void run(SparkSession spark, Settings settings, PrintWriter out) {
    IngestSummary summary = IngestJob.run(spark, settings, request);
    out.print(summary.render());
  }
}
