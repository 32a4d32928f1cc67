package dev.smbhunt.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.detect.DetectJob;
import dev.smbhunt.jobs.detect.DetectSummary;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate --format streaming-api, then ingest, gives the lake that generate --format delta writes.
 */
class IngestRoundTripTest {
  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  @Test
  void ingestedRawFilesEqualTheLakeGeneratedDirectlyAndDetectFindsTheExpectedAlerts()
      throws IOException {
    Settings defaults = SettingsLoader.load(null, List.of());
    GeneratorOptions options =
        GeneratorOptions.from(GenerateSettings.from(defaults)).withDevices(4).withDays(1);
    GenerationReport direct =
        LakeGenerator.generate(
            spark, Local.at(dir.resolve("direct")), options.withFormat(LakeFormat.DELTA));
    GenerationReport raw =
        LakeGenerator.generate(
            spark, Local.at(dir.resolve("raw")), options.withFormat(LakeFormat.STREAMING_API));
    assertEquals(direct.rowsPerTable(), raw.rowsPerTable());

    Settings settings = defaults.withLakeRoot(dir.resolve("ingested").toString());
    IngestSummary summary =
        IngestJob.run(
            spark,
            settings,
            new IngestJob.Request(
                Local.at(dir.resolve("raw")),
                ExportFormat.STREAMING_API,
                List.of(MdeTable.values())));
    assertEquals(0, summary.quarantined(), summary.render());

    for (MdeTable t : MdeTable.values()) {
      Dataset<Row> expected =
          spark
              .read()
              .format("delta")
              .load(dir.resolve("direct").resolve(t.tableName()).toString());
      Dataset<Row> actual =
          spark
              .read()
              .format("delta")
              .load(dir.resolve("ingested").resolve(t.tableName()).toString())
              .select(
                  java.util.Arrays.stream(expected.columns())
                      .map(org.apache.spark.sql.functions::col)
                      .toArray(org.apache.spark.sql.Column[]::new));
      assertEquals(expected.count(), actual.count(), t.tableName());
      assertEquals(
          0, expected.exceptAll(actual).count(), t.tableName() + ": rows missing after ingest");
      assertEquals(0, actual.exceptAll(expected).count(), t.tableName() + ": rows added by ingest");
    }

    DetectSummary detected =
        DetectJob.run(
            spark,
            settings,
            TimeRange.parse(
                options.startDate().toString(),
                options.startDate().plusDays(options.days()).toString()));
    assertEquals(direct.expectedAlerts(), detected.alertsWritten(), detected.render());
  }

  @Test
  void rawFilesFollowTheStreamingApiLayout() throws IOException {
    Settings defaults = SettingsLoader.load(null, List.of());
    GeneratorOptions options =
        GeneratorOptions.from(GenerateSettings.from(defaults))
            .withDevices(2)
            .withDays(1)
            .withFormat(LakeFormat.STREAMING_API);
    LakeGenerator.generate(spark, Local.at(dir), options);
    List<Path> files;
    try (Stream<Path> paths =
        Files.walk(dir.resolve("insights-logs-advancedhunting-devicenetworkevents"))) {
      files = paths.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.size() >= 20, "one blob per arrival hour: " + files.size());
    for (Path f : files) {
      String relative = dir.relativize(f).toString();
      assertTrue(
          relative.matches(
              "insights-logs-advancedhunting-devicenetworkevents/tenantId=[0-9a-f-]{36}/"
                  + "y=\\d{4}/m=\\d\\d/d=\\d\\d/h=\\d\\d/m=00/PT1H\\.json"),
          relative);
    }
    String text = Files.readString(files.get(0), StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\r\n"));
    String first = text.lines().findFirst().orElseThrow();
    assertTrue(
        first.matches(
            "\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{5,7}Z\",\"tenantId\":\"[0-9a-f-]{36}\","
                + "\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":\\{"
                + "\"Timestamp\":\"[^\"]+\\.\\d{5,7}Z\",.*\\}\\}"),
        first);
    // Missing values are JSON null, not left out and not "".
    assertTrue(
        first.contains("\"AppGuardContainerId\":null") || first.contains("\"RemoteUrl\":null"),
        first);
  }
}
