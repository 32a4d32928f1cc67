package dev.smbhunt.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's contract: help everywhere, exit 2 on usage errors, exit 1 with a one-line
 * reason on bad input. Only failures that happen before Spark starts are exercised here (a command
 * stops its session when it ends, and tests share one); runs themselves are tested through
 * DetectJob.run.
 */
class HuntCliTest {
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = HuntCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "detect", "scheduled", "generate", "ingest", "alerts"})
  void everyCommandHasHelp(String command) {
    Result r = command.isEmpty() ? run("--help") : run(command, "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Usage: hunt"), r.out());
    assertTrue(r.out().contains("--help"), r.out());
  }

  @Test
  void topLevelHelpListsTheCommands() {
    String out = run("--help").out();
    for (String c : new String[] {"demo", "detect", "scheduled", "generate", "ingest", "alerts"}) {
      assertTrue(out.contains(c), out);
    }
    // This module alone is what the cluster jar holds: the bench (tools/) is not offered there.
    assertFalse(out.contains("bench"), out);
    assertEquals(2, run("bench").code());
  }

  @Test
  void anUnknownModeIsAUsageErrorBeforeSparkStarts() {
    Result r =
        run(
            "detect",
            "--lake",
            "x",
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-06",
            "--mode",
            "hourly");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--mode must be 'rule' or 'continuous', got 'hourly'"), r.err());
  }

  @Test
  void detectNeedsItsRange() {
    Result r = run("detect", "--lake", "x");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Missing required options"), r.err());
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertEquals(2, run("detect", "--frm", "2026-01-05").code());
  }

  @Test
  void badInputExitsOneWithOneLine() {
    Result offHour =
        run(
            "detect",
            "--lake",
            "x",
            "--from",
            "2026-01-05T10:30:00Z",
            "--to",
            "2026-01-05T12:00:00Z");
    assertEquals(1, offHour.code());
    assertEquals(1, offHour.err().strip().lines().count(), offHour.err());
    assertTrue(
        offHour
            .err()
            .startsWith(
                "error: in rule mode --from and --to must fall on a 60-minute window boundary"),
        offHour.err());

    Result reversed = run("detect", "--from", "2026-01-06", "--to", "2026-01-05");
    assertEquals(1, reversed.code());
    assertTrue(reversed.err().contains("must be before"), reversed.err());

    Result badSet =
        run(
            "detect",
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-06",
            "--set",
            "rule.prevalence-threshold=lots");
    assertEquals(1, badSet.code());
    assertTrue(badSet.err().contains("prevalence-threshold"), badSet.err());

    Result noAlerts = run("alerts", "--alerts", "/nonexistent/alerts");
    assertEquals(1, noAlerts.code());
    assertTrue(noAlerts.err().contains("no alerts table at /nonexistent/alerts"), noAlerts.err());

    Result badFormat = run("alerts", "--format", "xml");
    assertEquals(1, badFormat.code());
    assertTrue(
        badFormat.err().contains("--format must be table, jsonl, csv or csv-exact"),
        badFormat.err());
  }

  @Test
  void csvQuotingFollowsRfc4180() {
    assertEquals("plain", AlertPrinter.quote("plain"));
    assertEquals("\"a,b\"", AlertPrinter.quote("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", AlertPrinter.quote("say \"hi\""));
  }

  @Test
  void aMissingLakeOrAnUnknownSchemeFailsBeforeSparkStarts() {
    Result missing =
        run("detect", "--lake", "/nonexistent/lake", "--from", "2026-01-05", "--to", "2026-01-06");
    assertEquals(1, missing.code());
    assertEquals(
        "error: DeviceNetworkEvents: table folder not found at /nonexistent/lake/DeviceNetworkEvents",
        missing.err().strip());
    Result gs = run("scheduled", "--lake", "gs://bucket/mde");
    assertEquals(1, gs.code());
    assertEquals(
        "error: no FileSystem for scheme 'gs': put gcs-connector on the classpath",
        gs.err().strip());
    Result source = run("ingest", "--source", "/nonexistent/raw", "--lake", "/tmp/x");
    assertEquals(1, source.code());
    assertEquals("error: --source: folder not found: /nonexistent/raw", source.err().strip());
  }

  @Test
  void aLakeIsAFolderOrADatabaseNotBoth() {
    Result both =
        run(
            "detect",
            "--lake",
            "x",
            "--database",
            "mde",
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-06");
    assertEquals(1, both.code());
    assertTrue(both.err().contains("--lake and --database exclude each other"), both.err());
    Result badName =
        run("detect", "--database", "mde; drop", "--from", "2026-01-05", "--to", "2026-01-06");
    assertEquals(1, badName.code());
    assertTrue(
        badName.err().contains("--database 'mde; drop' is not a table or namespace name"),
        badName.err());
  }

  /**
   * What bin/hunt bench records as its command line (bench.md, bench.json) never carries a secret.
   */
  @Test
  void theRecordedCommandLineMasksSecrets() {
    ConfigOptions options = new ConfigOptions();
    options.overrides.add("spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=fake-secret-in-a-report");
    options.overrides.add("bench.runs=1");
    String recorded = String.join(" ", options.arguments());
    assertTrue(
        recorded.contains("--set spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=*****"), recorded);
    assertTrue(recorded.contains("--set bench.runs=1"), recorded);
    assertTrue(!recorded.contains("fake-secret-in-a-report"), recorded);
  }
}
