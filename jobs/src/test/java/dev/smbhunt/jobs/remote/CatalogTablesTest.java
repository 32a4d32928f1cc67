package dev.smbhunt.jobs.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GenerationReport;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.testing.CliProcess;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables by name, on Spark's Hive catalog with an embedded Derby metastore in a temporary folder
 * ({@code conf/env/metastore.conf}). Each step is its own {@code bin/hunt} process, so the second
 * and third JVMs find the tables only because the metastore persisted them.
 */
class CatalogTablesTest {
  private static final Path OVERLAY = Path.of("../conf/env/metastore.conf").toAbsolutePath();
  @TempDir Path dir;

  private List<String> args(String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(
        List.of(
            "-c",
            OVERLAY.toString(),
            "--set",
            "metastore-folder=\"" + dir.resolve("metastore") + "\"",
            "--set",
            "spark.master=\"local[2]\"",
            "--set",
            "spark.shuffle-partitions=2"));
    return all;
  }

  @Test
  void ingestCreatesTheTablesDetectFindsTheAlertsAndASecondJvmSeesThem() throws Exception {
    GeneratorOptions options =
        GeneratorOptions.from(GenerateSettings.from(SettingsLoader.load(null, List.of())))
            .withDevices(4)
            .withDays(1)
            .withFormat(LakeFormat.STREAMING_API);
    GenerationReport raw =
        LakeGenerator.generate(TestSpark.session(), Local.at(dir.resolve("raw")), options);
    String day = options.startDate().toString();
    String next = options.startDate().plusDays(1).toString();
    Path work = Files.createDirectories(dir.resolve("work"));

    CliProcess.Result ingest =
        CliProcess.run(
            work,
            300,
            args("ingest", "--source", dir.resolve("raw").toString(), "--database", "mde"));
    assertEquals(0, ingest.code(), ingest.err());
    assertTrue(
        Files.isDirectory(dir.resolve("metastore/warehouse/mde.db/deviceprocessevents/_delta_log")),
        "the tables are Delta tables in the metastore's warehouse");

    List<String> detectDay =
        args(
            "detect",
            "--database",
            "mde",
            "--alerts-table",
            "mde.smb_admin_shares_alerts",
            "--output",
            dir.resolve("out").toString(),
            "--from",
            day,
            "--to",
            next);
    CliProcess.Result detect = CliProcess.run(work, 300, detectDay);
    assertEquals(0, detect.code(), detect.err());
    assertTrue(detect.out().contains(String.format("%,d new", raw.expectedAlerts())), detect.out());
    assertTrue(
        detect.out().contains("alerts table     table mde.smb_admin_shares_alerts"), detect.out());

    // A second run over the range finds the named table and its alerts there: nothing new.
    CliProcess.Result again = CliProcess.run(work, 300, detectDay);
    assertEquals(0, again.code(), again.err());
    assertTrue(
        again.out().contains(String.format("0 new, %,d in table", raw.expectedAlerts())),
        again.out());

    CliProcess.Result alerts =
        CliProcess.run(
            work,
            300,
            args(
                "alerts",
                "--alerts-table",
                "mde.smb_admin_shares_alerts",
                "--format",
                "jsonl",
                "--limit",
                "0"));
    assertEquals(0, alerts.code(), alerts.err());
    assertEquals(
        raw.expectedAlerts(),
        alerts.out().lines().count(),
        "a third JVM reads every alert back by name");

    CliProcess.Result missing =
        CliProcess.run(
            work,
            300,
            args(
                "detect",
                "--database",
                "nosuchdb",
                "--output",
                dir.resolve("out2").toString(),
                "--from",
                day,
                "--to",
                next));
    assertEquals(1, missing.code());
    assertTrue(
        missing
            .err()
            .contains(
                "error: DeviceNetworkEvents: table 'nosuchdb.DeviceNetworkEvents' not found in the catalog"),
        missing.err());
    assertTrue(
        missing.err().lines().noneMatch(l -> l.startsWith("\tat ")),
        "no stack trace: " + missing.err());
  }
}
