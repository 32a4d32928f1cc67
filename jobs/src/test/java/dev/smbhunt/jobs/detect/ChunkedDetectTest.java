package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.ledger.LedgerEntry;
import dev.smbhunt.jobs.ledger.RunLedger;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.testing.GeneratedLake;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** detect over a range in chunks, with the run ledger, a failure after chunk k, and --resume. */
class ChunkedDetectTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  /** 12-hour chunks: the generated lake's two days are four chunks. */
  private Settings settings(String name) {
    Settings s =
        SettingsLoader.load(null, List.of("backfill.chunk=12h"))
            .withLakeRoot(GeneratedLake.shared(spark).toString())
            .withAlertsPath(dir.resolve(name + "-alerts").toString());
    return s.with("ledger.path", dir.resolve(name + "-ledger").toString());
  }

  private static ChunkedDetect.Options options(
      boolean resume, PrintWriter progress, ChunkedDetect.ChunkHook hook) {
    return new ChunkedDetect.Options(resume, "backfill", progress, Clock.systemUTC(), hook);
  }

  private TreeSet<String> alerts(Settings s) {
    TreeSet<String> rows = new TreeSet<>();
    AlertsTable.read(spark, s.alertsRef())
        .drop("DetectedAt")
        .collectAsList()
        .forEach(r -> assertTrue(rows.add(r.toString()), "duplicate alert " + r));
    return rows;
  }

  @Test
  void killedAfterChunkTwoAndResumedEqualsAnUninterruptedRun() {
    TimeRange all = GeneratedLake.range(spark);
    Settings straight = settings("straight");
    StringWriter progress = new StringWriter();
    ChunkedDetect.Summary uninterrupted =
        ChunkedDetect.run(spark, straight, all, options(false, new PrintWriter(progress), i -> {}));
    assertEquals(4, uninterrupted.chunks());
    // One progress line per chunk, with done/total, rows per second and ETA.
    List<String> lines = progress.toString().lines().toList();
    assertEquals(4, lines.size(), progress.toString());
    assertTrue(
        lines
            .get(0)
            .matches(
                "chunk 1/4 \\[.*\\): [\\d,]+ rows in [\\d.]+ s \\([\\d,]+ rows/s\\), \\d+ new alert\\(s\\); ETA \\d+m\\d\\ds"),
        lines.get(0));

    Settings killed = settings("killed");
    RuntimeException kill = new IllegalStateException("killed after chunk 2");
    assertThrows(
        IllegalStateException.class,
        () ->
            ChunkedDetect.run(
                spark,
                killed,
                all,
                options(
                    false,
                    null,
                    i -> {
                      if (i == 2) {
                        throw kill;
                      }
                    })));
    ChunkedDetect.Summary resumed =
        ChunkedDetect.run(spark, killed, all, options(true, null, i -> {}));

    assertEquals(2, resumed.skipped());
    assertEquals(alerts(straight), alerts(killed));
    // The ledger holds each chunk committed exactly once, in order, and its alert counts add up.
    List<LedgerEntry> ledger =
        ChunkedDetect.ledger(spark, killed)
            .committed(killed.rule().mode().configName(), RunLedger.identity(killed.rule()));
    ledger = ledger.stream().sorted(Comparator.comparing(e -> e.range().from())).toList();
    assertEquals(
        ChunkedDetect.chunks(all, killed.runs().chunk()),
        ledger.stream().map(LedgerEntry::range).toList());
    assertEquals(alerts(killed).size(), ledger.stream().mapToLong(LedgerEntry::alertsNew).sum());
    assertEquals(alerts(killed).size(), ledger.get(3).alertsTotal());
    ledger.forEach(
        e -> {
          assertTrue(
              e.inputVersions().get("DeviceNetworkEvents").startsWith("delta:"),
              e.inputVersions().toString());
          assertTrue(e.rowsPerStage().get("results") >= 0);
          assertTrue(!e.endedAt().isBefore(e.startedAt()));
        });
    // A third run with --resume has nothing left to do.
    assertEquals(4, ChunkedDetect.run(spark, killed, all, options(true, null, i -> {})).skipped());
    assertEquals(
        0,
        ChunkedDetect.ledger(spark, killed).read().filter(col("Status").equalTo("FAILED")).count());
  }

  @Test
  void aFailingChunkIsRecordedAsFailedAndNotSkippedOnResume() {
    Settings s = settings("failing");
    TimeRange all = GeneratedLake.range(spark);
    Settings broken = s.withLakeRoot(dir.resolve("no-such-lake").toString());
    assertThrows(
        RuntimeException.class,
        () -> ChunkedDetect.run(spark, broken, all, options(false, null, i -> {})));
    assertEquals(
        1,
        ChunkedDetect.ledger(spark, broken).read().filter(col("Status").equalTo("FAILED")).count());
    assertTrue(
        ChunkedDetect.ledger(spark, broken)
            .committed(s.rule().mode().configName(), RunLedger.identity(s.rule()))
            .isEmpty());
  }
}
