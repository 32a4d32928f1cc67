package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.Volume;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import java.io.PrintWriter;
import dev.smbhunt.jobs.storage.Location;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a deterministic synthetic lake: the three tables, partitioned by date, with benign background",
      "and planted cases for every semantic trap of the rule, plus ground-truth labels in _ground_truth/."
    })
final class GenerateCommand extends SparkCommand {
  @Option(names = "--out", required = true, paramLabel = "URI", description = "Lake root to write, a path or URI (replaced if present).")
  String out;

  @Option(names = "--devices", paramLabel = "N", description = "Devices (default: smb-hunt.generate.devices).")
  Integer devices;

  @Option(names = "--days", paramLabel = "D", description = "Days of telemetry (default: smb-hunt.generate.days).")
  Integer days;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed; the same seed gives the same lake (default: smb-hunt.generate.seed).")
  Long seed;

  @Option(names = "--format", paramLabel = "FORMAT", description = "parquet or delta (default: smb-hunt.generate.format).")
  String format;

  @Option(names = "--start", paramLabel = "DATE", description = "First UTC day, yyyy-MM-dd (default: smb-hunt.generate.start-date).")
  LocalDate start;

  @Option(names = "--scale", paramLabel = "SF", description = "Background volume factor per device (default: smb-hunt.generate.scale).")
  private Double scale;

  @Option(names = "--hot-servers", paramLabel = "N", description = "Servers with services.exe traffic all day under one PID, the skew case (default: smb-hunt.generate.hot-servers).")
  private Integer hotServers;

  private GeneratorOptions options;

  @Override
  Settings configure(Settings settings) {
    Settings.Generate g = settings.generate();
    options =
        new GeneratorOptions(
            devices != null ? devices : g.devices(),
            days != null ? days : g.days(),
            seed != null ? seed : g.seed(),
            LakeFormat.parse(format != null ? format : g.format()),
            start != null ? start : g.startDate(),
            volume(g));
    return settings;
  }

  private Volume volume(Settings.Generate g) {
    Volume v = GeneratorOptions.volume(g);
    v = scale != null ? v.withScale(scale) : v;
    return hotServers != null ? v.withHotServers(hotServers) : v;
  }

  @Override
  void run(SparkSession spark, Settings settings, PrintWriter out) {
    GenerationReport report = LakeGenerator.generate(spark, Location.of(this.out), options);
    out.print(report.render());
  }
}
