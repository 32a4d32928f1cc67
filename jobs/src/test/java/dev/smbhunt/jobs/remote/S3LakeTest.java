package dev.smbhunt.jobs.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.detect.ChunkedDetect;
import dev.smbhunt.jobs.detect.ScheduledJob;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.ingest.IngestJob;
import dev.smbhunt.jobs.ingest.IngestSummary;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.testing.CliProcess;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.jobs.testing.S3Server;
import dev.smbhunt.transforms.ingest.ExportFormat;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on {@code s3a://}, against an S3-compatible server on 127.0.0.1: raw Streaming API
 * files generated to S3, ingested from S3 into an S3 lake, then detect (rule and continuous),
 * scheduled and alerts with all their state on S3; each must equal a local run on the same
 * telemetry, and a second ingest and detect add nothing. The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3LakeTest {
  // A fake credential: the server accepts it, and it must appear in no output of ours.
  private static final String SECRET = "fake-S3-secret-4f1c9e2b7a";
  private static final String BUCKET = "security-lake";
  private static final String RAW = "s3a://" + BUCKET + "/raw";
  private static final String LAKE = "s3a://" + BUCKET + "/mde";
  private static final SparkSession spark = TestSpark.session();

  @TempDir static Path dir;
  private static S3Server server;
  private static GeneratorOptions options;
  private static TimeRange range;
  private static GenerationReport local;

  @BeforeAll
  static void start() throws IOException {
    server = S3Server.start(dir, SECRET, BUCKET);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    server.hadoopSettings().forEach(conf::set);
    options = GeneratorOptions.from(GenerateSettings.from(settings())).withDevices(4).withDays(1);
    range =
        new TimeRange(
            options.startDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
            options.startDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    // The reference: the same telemetry, generated straight into a local Delta lake.
    local =
        LakeGenerator.generate(
            spark, Local.at(dir.resolve("local")), options.withFormat(LakeFormat.DELTA));
  }

  @AfterAll
  static void stop() {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    server.hadoopSettings().keySet().forEach(conf::unset);
    server.close();
  }

  private static Settings settings(String... overrides) {
    return SettingsLoader.load(null, List.of(overrides));
  }

  private static List<String> rows(Dataset<Row> alerts) {
    return alerts.drop("DetectedAt").orderBy("AlertId").collectAsList().stream()
        .map(Row::toString)
        .toList();
  }

  private static List<String> localAlerts(String mode) {
    Settings s =
        settings("rule.mode=" + mode)
            .withLakeRoot(Local.path(local.out()).toString())
            .withOutput(dir.resolve("local-out-" + mode).toString());
    ChunkedDetect.run(spark, s, range, ChunkedDetect.Options.backfill(false, null));
    return rows(AlertsTable.read(spark, s.alertsRef()));
  }

  @Test
  @Order(1)
  void generateAndIngestOnS3() {
    GenerationReport raw =
        LakeGenerator.generate(
            spark, Location.of(RAW), options.withFormat(LakeFormat.STREAMING_API));
    assertEquals(local.rowsPerTable(), raw.rowsPerTable());

    IngestSummary first =
        IngestJob.run(
            spark,
            settings().withLakeRoot(LAKE),
            new IngestJob.Request(
                Location.of(RAW), ExportFormat.STREAMING_API, List.of(MdeTable.values())));
    assertEquals(0, first.quarantined(), first.render());
    long written = first.tables().stream().mapToLong(IngestSummary.TableCounts::written).sum();
    assertEquals(
        local.rowsPerTable().values().stream().mapToLong(Long::longValue).sum(),
        written,
        first.render());

    IngestSummary second =
        IngestJob.run(
            spark,
            settings().withLakeRoot(LAKE),
            new IngestJob.Request(
                Location.of(RAW), ExportFormat.STREAMING_API, List.of(MdeTable.values())));
    assertEquals(0, second.filesNew(), second.render());
    assertEquals(
        0,
        second.tables().stream().mapToLong(IngestSummary.TableCounts::written).sum(),
        second.render());
  }

  @Test
  @Order(2)
  void detectInBothModesEqualsALocalRunAndASecondRunAddsNothing() {
    for (String mode : List.of("rule", "continuous")) {
      Settings s =
          settings("rule.mode=" + mode)
              .withLakeRoot(LAKE)
              .withOutput("s3a://" + BUCKET + "/out-" + mode);
      ChunkedDetect.Summary first =
          ChunkedDetect.run(spark, s, range, ChunkedDetect.Options.backfill(false, null));
      assertTrue(first.alertsNew() > 0, mode);
      assertEquals(
          localAlerts(mode),
          rows(AlertsTable.read(spark, s.alertsRef())),
          mode + ": S3 alerts = local alerts");
      ChunkedDetect.Summary second =
          ChunkedDetect.run(spark, s, range, ChunkedDetect.Options.backfill(false, null));
      assertEquals(0, second.alertsNew(), mode + ": a second detect adds nothing");
      assertEquals(first.alertsTotal(), second.alertsTotal());
    }
    assertEquals(
        local.expectedAlerts(),
        localAlerts("rule").size(),
        "the reference itself meets the ground truth");
  }

  @Test
  @Order(3)
  void scheduledKeepsItsLedgerOnS3() {
    Settings s = settings().withLakeRoot(LAKE).withOutput("s3a://" + BUCKET + "/out-scheduled");
    Instant now = range.to().plus(Duration.ofMinutes(10));
    ChunkedDetect.Options at =
        new ChunkedDetect.Options(
            false, "scheduled", null, Clock.fixed(now, ZoneOffset.UTC), i -> {});
    ScheduledJob.Summary first = ScheduledJob.run(spark, s, Optional.of(range.from()), true, at);
    assertEquals(Optional.of(range), first.newRange());
    assertEquals(localAlerts("rule"), rows(AlertsTable.read(spark, s.alertsRef())));
    ScheduledJob.Summary second = ScheduledJob.run(spark, s, Optional.empty(), true, at);
    assertEquals(
        Optional.empty(), second.newRange(), "up to date: the watermark was read back from S3");
    assertEquals(List.of(), second.lateRanges());
  }

  /**
   * The CLI as a user runs it, in its own JVM, with the credential given by {@code --set} in one
   * run and by a {@code -c} file in the other: it never appears in what the processes print, in any
   * file they leave in their folder, or in the alerts and ledger they write.
   */
  @Test
  @Order(4)
  void theCommandLineOnS3NeverShowsTheSecret() throws IOException, InterruptedException {
    Path work = Files.createDirectories(dir.resolve("cli"));
    String output = "s3a://" + BUCKET + "/out-cli";
    List<String> detect =
        new ArrayList<>(
            List.of(
                "detect",
                "--lake",
                LAKE,
                "--output",
                output,
                "--from",
                range.from().toString(),
                "--to",
                range.to().toString()));
    detect.addAll(server.setArguments());
    CliProcess.Result run = CliProcess.run(work, 300, detect);
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out().contains("alerts table     " + output + "/SmbAdminSharesAlerts"), run.out());
    assertTrue(run.log().contains("resolved settings"), "the settings are logged: " + run.log());
    assertTrue(run.log().contains("*****"), "masked, not left out: " + run.log());

    Path conf = work.resolve("s3.conf");
    StringBuilder hocon = new StringBuilder("smb-hunt.spark.conf {\n");
    server
        .hadoopSettings()
        .forEach(
            (k, v) ->
                hocon
                    .append("  \"spark.hadoop.")
                    .append(k)
                    .append("\" = \"")
                    .append(v)
                    .append("\"\n"));
    Files.writeString(conf, hocon.append("}\n").toString());
    CliProcess.Result alerts =
        CliProcess.run(
            work,
            300,
            List.of(
                "alerts",
                "-c",
                conf.toString(),
                "--output",
                output,
                "--format",
                "jsonl",
                "--limit",
                "0"));
    assertEquals(0, alerts.code(), alerts.err());
    assertEquals(
        localAlerts("rule").size(),
        alerts.out().lines().count(),
        "every alert, one JSON line each");

    for (CliProcess.Result r : List.of(run, alerts)) {
      assertFalse(r.out().contains(SECRET), "stdout shows the secret");
      assertFalse(r.err().contains(SECRET), "stderr shows the secret");
      assertFalse(r.log().contains(SECRET), "the run log shows the secret");
    }
    try (Stream<Path> files = Files.walk(work)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(conf)).toList()) {
        assertFalse(
            Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(SECRET),
            f + " holds the secret");
      }
    }
    // Everything the runs wrote to S3: alerts, ledger, their Delta logs.
    var client = server.client();
    for (var object : client.listObjects(BUCKET, "out-cli/").getObjectSummaries()) {
      String content = client.getObjectAsString(BUCKET, object.getKey());
      assertFalse(content.contains(SECRET), object.getKey() + " holds the secret");
    }
    client.shutdown();
  }

  /**
   * One line naming the URI and the cause, for a missing bucket, refused credentials and a dead
   * endpoint; the dead one, with reference.conf's S3A timeouts and retries, fails in about a
   * minute, not many.
   */
  @Test
  @Order(5)
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void storageFailuresAreOneLineNamingTheUriAndTheCause() throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    // reference.conf's S3A bounds, for the buckets of this test only (the shared session predates
    // them).
    Map<String, String> bounds = settings().spark().conf();
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int deadPort = closed.getLocalPort();
      closed.close();
      for (String bucket : List.of("no-such-bucket", "refused", "dead")) {
        bounds.forEach(
            (k, v) -> {
              if (k.startsWith("spark.hadoop.fs.s3a.")) {
                conf.set(
                    "fs.s3a.bucket." + bucket + "." + k.substring("spark.hadoop.fs.s3a.".length()),
                    v);
              }
            });
      }
      conf.set("fs.s3a.bucket.refused.secret.key", "not-the-secret");
      conf.set("fs.s3a.bucket.dead.endpoint", "http://127.0.0.1:" + deadPort);
      Map<String, String> causes =
          Map.of(
              "no-such-bucket", "the bucket or container does not exist",
              "refused", "access denied",
              "dead", "cannot reach the endpoint");
      for (Map.Entry<String, String> c : causes.entrySet()) {
        Settings s =
            settings()
                .withLakeRoot("s3a://" + c.getKey() + "/mde")
                .withOutput(dir.resolve("out-" + c.getKey()).toString());
        RuntimeException e =
            assertThrows(
                RuntimeException.class,
                () ->
                    ChunkedDetect.run(
                        spark, s, range, ChunkedDetect.Options.backfill(false, null)));
        assertTrue(
            e.getMessage()
                .startsWith(
                    "cannot check s3a://"
                        + c.getKey()
                        + "/mde/DeviceNetworkEvents: "
                        + c.getValue()),
            e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
      }
    } finally {
      for (String bucket : List.of("no-such-bucket", "refused", "dead")) {
        conf.getPropsWithPrefix("fs.s3a.bucket." + bucket + ".")
            .keySet()
            .forEach(k -> conf.unset("fs.s3a.bucket." + bucket + "." + k));
      }
    }
  }
}
