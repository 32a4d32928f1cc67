package dev.smbhunt.jobs.testing;

import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.lake.TimeRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A small generated Delta lake (6 devices, 2 days, every planted case), written once per JVM. Tests
 * that only read share it; tests that change it take a {@link #copy}.
 */
public final class GeneratedLake {
  private static Path shared;
  private static GenerationReport report;
  private static GeneratorOptions options;

  private GeneratedLake() {}

  public static synchronized Path shared(SparkSession spark) {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("generated-lake");
        dir.toFile().deleteOnExit();
        options =
            GeneratorOptions.from(GenerateSettings.from(SettingsLoader.load(null, List.of())))
                .withDevices(6)
                .withDays(2)
                .withFormat(LakeFormat.DELTA);
        report = LakeGenerator.generate(spark, Local.at(dir.resolve("lake")), options);
        shared = dir.resolve("lake");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  public static GenerationReport report(SparkSession spark) {
    shared(spark);
    return report;
  }

  /** The whole generated range, {@code [start, start + days)}. */
  public static TimeRange range(SparkSession spark) {
    shared(spark);
    return new TimeRange(
        options.startDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
        options.startDate().plusDays(options.days()).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** A private copy of the shared lake under {@code target}, to modify. */
  public static Path copy(SparkSession spark, Path target) {
    Path source = shared(spark);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
