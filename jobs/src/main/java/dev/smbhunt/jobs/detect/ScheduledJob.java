package dev.smbhunt.jobs.detect;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.ledger.LedgerEntry;
import dev.smbhunt.jobs.ledger.RunLedger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scheduled}: for cron or an orchestrator. First re-runs the processed windows that received
 * late rows (when enabled), then every complete window from the ledger's watermark up to "now"
 * minus the settlement delay. Run twice in a row, the second run finds nothing to do.
 */
public final class ScheduledJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledJob.class);

  /** What one scheduled run did. */
  public record Summary(
      List<TimeRange> lateRanges,
      Optional<TimeRange> newRange,
      ChunkedDetect.Summary late,
      ChunkedDetect.Summary fresh) {
    public String render() {
      StringBuilder s = new StringBuilder();
      s.append("late windows     ")
          .append(lateRanges.isEmpty() ? "none" : lateRanges.toString())
          .append('\n');
      s.append("new windows      ")
          .append(newRange.map(TimeRange::toString).orElse("none (up to date)"))
          .append('\n');
      long alertsNew =
          (late == null ? 0 : late.alertsNew()) + (fresh == null ? 0 : fresh.alertsNew());
      s.append(String.format("alerts           %,d new%n", alertsNew));
      return s.toString();
    }
  }

  private ScheduledJob() {}

  /**
   * @param firstFrom where to start when the ledger has no watermark yet (empty: refuse)
   * @param reprocessLate whether to look for and re-run late windows
   */
  public static Summary run(
      SparkSession spark,
      Settings settings,
      Optional<Instant> firstFrom,
      boolean reprocessLate,
      ChunkedDetect.Options options) {
    long step = settings.rule().window().getSeconds();
    Instant now = options.clock().instant();
    Instant settled = now.minus(settings.runs().settlementDelay());
    Instant end = Instant.ofEpochSecond(Math.floorDiv(settled.getEpochSecond(), step) * step);

    RunLedger ledger = ChunkedDetect.ledger(spark, settings);
    String mode = settings.rule().mode().configName();
    String hash = RunLedger.identity(settings.rule());
    List<LedgerEntry> committed = ledger.committed(mode, hash);
    Optional<Instant> watermark = RunLedger.watermark(committed);
    Instant from =
        watermark
            .or(() -> firstFrom)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the ledger at "
                            + ledger.table().display()
                            + " has no committed window for mode '"
                            + mode
                            + "' with these rule parameters: pass --from for the first scheduled run, or backfill with detect"));
    LOG.info("scheduled at {}: watermark {}, processing complete windows up to {}", now, from, end);

    List<TimeRange> late =
        reprocessLate
            ? LateWindows.find(spark, settings, settings.rule().params(), committed)
            : List.of();
    ChunkedDetect.Summary lateSummary =
        late.isEmpty()
            ? null
            : ChunkedDetect.run(spark, settings, late, options.withTrigger("late"));
    Optional<TimeRange> fresh =
        from.isBefore(end) ? Optional.of(new TimeRange(from, end)) : Optional.empty();
    ChunkedDetect.Summary freshSummary =
        fresh
            .map(r -> ChunkedDetect.run(spark, settings, r, options.withTrigger("scheduled")))
            .orElse(null);
    return new Summary(late, fresh, lateSummary, freshSummary);
  }
}
