package dev.smbhunt.jobs.generate;

import static dev.smbhunt.jobs.generate.GroundTruth.BACKGROUND_PREFIX;
import static dev.smbhunt.jobs.generate.GroundTruth.CASE_ID;
import static dev.smbhunt.jobs.generate.GroundTruth.DESCRIPTION;
import static dev.smbhunt.jobs.generate.GroundTruth.DEVICE_NAME;
import static dev.smbhunt.jobs.generate.GroundTruth.EXPECTED_ALERT;
import static dev.smbhunt.jobs.generate.GroundTruth.EXPECTED_REASON;
import static dev.smbhunt.jobs.generate.GroundTruth.TIMESTAMP_NETWORK_ACT;
import static dev.smbhunt.jobs.generate.GroundTruth.TRAP;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Per-case and per-trap counts of a ground-truth table, and their Markdown rendering. */
final class GroundTruthSummary {
  private static final String PAIRS = "Pairs";
  private static final String ALERTS = "Alerts";
  private static final String FIRST = "FirstConnection";

  record CaseLine(
      String caseId,
      String trap,
      String deviceName,
      String firstConnection,
      long pairs,
      long alerts,
      String reason,
      String description) {}

  record BackgroundLine(String trap, boolean expectedAlert, String reason, long pairs) {}

  private final List<CaseLine> planted;
  private final List<BackgroundLine> background;

  private GroundTruthSummary(List<CaseLine> planted, List<BackgroundLine> background) {
    this.planted = planted;
    this.background = background;
  }

  static GroundTruthSummary of(Dataset<Row> truth) {
    Column isBackground = col(CASE_ID).startsWith(BACKGROUND_PREFIX);
    Column alerts = sum(when(col(EXPECTED_ALERT), lit(1L)).otherwise(lit(0L))).as(ALERTS);
    List<CaseLine> planted = new ArrayList<>();
    for (Row r :
        truth
            .filter(not(isBackground))
            .groupBy(col(CASE_ID), col(TRAP), col(DESCRIPTION), col(DEVICE_NAME))
            .agg(
                count(lit(1)).as(PAIRS),
                alerts,
                max(col(EXPECTED_REASON)).as(EXPECTED_REASON),
                unix_micros(min(col(TIMESTAMP_NETWORK_ACT))).as(FIRST))
            .orderBy(col(FIRST), col(CASE_ID))
            .collectAsList()) {
      planted.add(
          new CaseLine(
              r.getAs(CASE_ID),
              r.getAs(TRAP),
              r.getAs(DEVICE_NAME),
              Instant.EPOCH.plus(r.<Long>getAs(FIRST), ChronoUnit.MICROS).toString(),
              r.<Long>getAs(PAIRS),
              r.<Long>getAs(ALERTS),
              r.getAs(EXPECTED_REASON),
              r.getAs(DESCRIPTION)));
    }
    List<BackgroundLine> background = new ArrayList<>();
    for (Row r :
        truth
            .filter(isBackground)
            .groupBy(col(TRAP), col(EXPECTED_ALERT), col(EXPECTED_REASON))
            .agg(count(lit(1)).as(PAIRS))
            .orderBy(col(TRAP), col(EXPECTED_ALERT))
            .collectAsList()) {
      background.add(
          new BackgroundLine(
              r.getAs(TRAP),
              r.<Boolean>getAs(EXPECTED_ALERT),
              r.getAs(EXPECTED_REASON),
              r.<Long>getAs(PAIRS)));
    }
    return new GroundTruthSummary(planted, background);
  }

  int plantedCases() {
    return planted.size();
  }

  long plantedPositivePairs() {
    return planted.stream().mapToLong(CaseLine::alerts).sum();
  }

  long plantedNegativePairs() {
    return planted.stream().mapToLong(c -> c.pairs() - c.alerts()).sum();
  }

  long backgroundPositivePairs() {
    return background.stream()
        .filter(BackgroundLine::expectedAlert)
        .mapToLong(BackgroundLine::pairs)
        .sum();
  }

  long backgroundNegativePairs() {
    return background.stream()
        .filter(b -> !b.expectedAlert())
        .mapToLong(BackgroundLine::pairs)
        .sum();
  }

  void writeMarkdown(Storage storage, Location file, GeneratorOptions options) {
    try (OutputStream out = storage.create(file)) {
      out.write(markdown(options).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.display(), e);
    }
  }

  String markdown(GeneratorOptions options) {
    StringBuilder md = new StringBuilder();
    md.append("# Ground truth of a generated lake\n\n");
    md.append(
        String.format(
            "Options: devices=%d, days=%d, seed=%d, format=%s, startDate=%s.%n%n",
            options.devices(),
            options.days(),
            options.seed(),
            options.format(),
            options.startDate()));
    md.append("`")
        .append(GroundTruth.DIRECTORY)
        .append(
            "/` (Parquet) has one row per labelled (connection, child) "
                + "pair, identified by (DeviceId, NetworkReportId, ProcessReportId). The rows with ExpectedAlert = true "
                + "are exactly the rule's result rows on this lake (a pair can be one row per connection); the others "
                + "are pairs the rule must not report.\n\n");
    md.append(
        String.format(
            "## Planted cases: %d cases, %d pairs, %d expected alerts%n%n",
            plantedCases(),
            plantedPositivePairs() + plantedNegativePairs(),
            plantedPositivePairs()));
    md.append(
        "| CaseId | Trap | Device | First connection (UTC) | Pairs | Expected alerts | Reason |"
            + " What it exercises |\n");
    md.append("|---|---|---|---|---:|---:|---|---|\n");
    for (CaseLine c : planted) {
      md.append(
          String.format(
              "| %s | %s | %s | %s | %d | %d | %s | %s |%n",
              c.caseId(),
              c.trap(),
              c.deviceName(),
              c.firstConnection(),
              c.pairs(),
              c.alerts(),
              c.reason() == null ? "-" : c.reason(),
              cell(c.description())));
    }
    md.append(
        String.format(
            "%n## Background pairs: %d, %d expected alerts%n%n",
            backgroundPositivePairs() + backgroundNegativePairs(), backgroundPositivePairs()));
    md.append(
        "Benign activity that the rule's join does pair. Case ids are"
            + " `background-<kind>-<device index>-<n>`.\n\n");
    md.append("| Trap | Expected alert | Reason | Pairs |\n|---|---|---|---:|\n");
    for (BackgroundLine b : background) {
      md.append(
          String.format(
              "| %s | %s | %s | %d |%n",
              b.trap(), b.expectedAlert(), b.reason() == null ? "-" : b.reason(), b.pairs()));
    }
    return md.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
