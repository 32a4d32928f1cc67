package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.generate.Volume;
import dev.smbhunt.jobs.storage.Location;
import java.io.PrintWriter;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Write a deterministic synthetic lake with labelled planted cases.",
    description = {
      "Writes a deterministic synthetic lake: the three tables, partitioned by date, with benign background and "
          + "planted cases for every semantic trap of the rule, plus ground-truth labels in _ground_truth/."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/hunt generate --out /tmp/lake",
      "  bin/hunt generate --out /tmp/big --devices 250 --scale 66 --days 7"
    })
final class GenerateCommand extends SparkCommand {
  @Option(
      names = "--out",
      required = true,
      paramLabel = "URI",
      description = "Lake root to write, a path or URI (replaced if present).")
  String out;

  @Option(
      names = "--devices",
      paramLabel = "N",
      description = "Devices (default: ${bundle:default.generate.devices}; generate.devices).")
  Integer devices;

  @Option(
      names = "--days",
      paramLabel = "D",
      description = "Days of telemetry (default: ${bundle:default.generate.days}; generate.days).")
  Integer days;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Random seed; the same seed gives the same lake (default: ${bundle:default.generate.seed}; generate.seed).")
  Long seed;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      completionCandidates = Formats.class,
      description =
          "One of: ${COMPLETION-CANDIDATES}; streaming-api writes raw "
              + "Streaming API files, the input of ingest (default: ${bundle:default.generate.format}; generate.format).")
  String format;

  @Option(
      names = "--start",
      paramLabel = "DATE",
      description =
          "First UTC day, yyyy-MM-dd (default: ${bundle:default.generate.start-date}; generate.start-date).")
  LocalDate start;

  @Option(
      names = "--scale",
      paramLabel = "SF",
      description =
          "Background volume factor per device (default: ${bundle:default.generate.scale}; generate.scale).")
  private Double scale;

  @Option(
      names = "--hot-servers",
      paramLabel = "N",
      description =
          "Servers with services.exe traffic all day under one PID, the skew case (default: ${bundle:default.generate.hot-servers}; generate.hot-servers).")
  private Integer hotServers;

  private GeneratorOptions options;

  /** Every value {@link LakeFormat#parse} accepts, for the help. */
  static final class Formats implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(LakeFormat.values()).map(LakeFormat::sparkFormat).iterator();
    }
  }

  @Override
  protected Settings configure(Settings settings) {
    GenerateSettings g = GenerateSettings.from(settings);
    options =
        new GeneratorOptions(
            devices != null ? devices : g.devices(),
            days != null ? days : g.days(),
            seed != null ? seed : g.seed(),
            format != null ? LakeFormat.parse(format) : g.format(),
            start != null ? start : g.startDate(),
            volume(g));
    return settings;
  }

  private Volume volume(GenerateSettings g) {
    Volume v = GeneratorOptions.volume(g);
    v = scale != null ? v.withScale(scale) : v;
    return hotServers != null ? v.withHotServers(hotServers) : v;
  }

  @Override
  protected void run(SparkSession spark, Settings settings, PrintWriter out) {
    GenerationReport report = LakeGenerator.generate(spark, Location.of(this.out), options);
    out.print(report.render());
  }
}
