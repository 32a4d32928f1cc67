package dev.smbhunt.jobs.detect;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.ledger.InputSnapshot;
import dev.smbhunt.jobs.ledger.LedgerEntry;
import dev.smbhunt.jobs.ledger.RunLedger;
import dev.smbhunt.jobs.sink.OutputCheck;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * {@code detect} over a long range: {@link DetectJob} chunk by chunk, each chunk merged and
 * recorded in the {@link RunLedger} on its own, so a killed run loses at most the chunk in flight;
 * with {@code resume}, the chunks the ledger holds as committed (same range, mode and parameters)
 * are skipped.
 */
public final class ChunkedDetect {

  /**
   * @param trigger recorded in the ledger: {@code backfill}, {@code scheduled} or {@code late}
   * @param progress one line per chunk, or null for none (schedulers)
   * @param afterChunk called with the 1-based index of each committed chunk (tests inject failures
   *     here)
   */
  public record Options(
      boolean resume, String trigger, PrintWriter progress, Clock clock, ChunkHook afterChunk) {
    public static Options backfill(boolean resume, PrintWriter progress) {
      return new Options(resume, "backfill", progress, Clock.systemUTC(), i -> {});
    }

    public Options withTrigger(String newTrigger) {
      return new Options(resume, newTrigger, progress, clock, afterChunk);
    }
  }

  @FunctionalInterface
  public interface ChunkHook {
    void committed(int chunkIndex);
  }

  /** What a chunked run did. */
  public record Summary(
      int chunks,
      int skipped,
      long rowsRead,
      long alertsNew,
      long alertsTotal,
      Duration elapsed,
      DetectSummary last,
      List<String> warnings,
      int incomplete) {
    /** A one-chunk run reads like a plain detect; a chunked one adds the totals. */
    public String render() {
      if (chunks == 1 && skipped == 0) {
        return last.render();
      }
      return (last == null ? "" : "last chunk\n" + last.render().replaceAll("(?m)^", "  "))
          + String.format(
              "chunks           %d (%d skipped as already committed)%nrows read        %,d%n"
                  + "alerts           %,d new, %,d in table%nelapsed          %.1f s%n",
              chunks, skipped, rowsRead, alertsNew, alertsTotal, elapsed.toMillis() / 1000.0)
          + (incomplete > 0
              ? String.format(
                  "INCOMPLETE       %d chunk(s) with unreadable files skipped: --resume "
                      + "runs them again%n",
                  incomplete)
              : "")
          + warnings.stream().map(w -> "WARNING          " + w + "\n").reduce("", String::concat);
    }
  }

  private ChunkedDetect() {}

  public static Summary run(
      SparkSession spark, Settings settings, TimeRange range, Options options) {
    return run(spark, settings, List.of(range), options);
  }

  /** Runs each of {@code ranges} in chunks; the ranges must not overlap. */
  public static Summary run(
      SparkSession spark, Settings settings, List<TimeRange> ranges, Options options) {
    Instant started = options.clock().instant();
    long wallStart = System.nanoTime();
    List<TimeRange> chunks = new ArrayList<>();
    for (TimeRange r : ranges) {
      // The runner's alignment check, for every caller (detect, scheduled, demo, notebooks);
      // DetectJob then takes aligned chunks without checking again.
      r.requireAligned(settings.rule().window());
      chunks.addAll(chunks(r, settings.runs().chunk()));
    }
    OutputCheck.require(spark, settings);
    RunLedger ledger = ledger(spark, settings);
    String mode = settings.rule().mode().configName();
    String hash = RunLedger.identity(settings.rule());
    Set<TimeRange> done = new HashSet<>();
    if (options.resume()) {
      ledger.committed(mode, hash).forEach(e -> done.add(e.range()));
    }
    String runId = UUID.randomUUID().toString();
    int skipped = 0;
    long rowsRead = 0;
    long alertsNew = 0;
    long alertsTotal = 0;
    long processedNanos = 0;
    DetectSummary last = null;
    int processed = 0;
    List<String> warnings = new ArrayList<>();
    int incomplete = 0;
    for (int i = 0; i < chunks.size(); i++) {
      TimeRange chunk = chunks.get(i);
      if (done.contains(chunk)) {
        skipped++;
        progress(
            options,
            String.format(
                "chunk %d/%d %s: already committed, skipped", i + 1, chunks.size(), chunk));
        continue;
      }
      Instant chunkStart = options.clock().instant();
      long t0 = System.nanoTime();
      Map<String, String> versions =
          InputSnapshot.of(
              spark,
              settings.lake(),
              HuntInputs.ranges(settings.rule(), chunk, settings.rule().params()));
      DetectSummary s;
      try {
        s = DetectJob.run(spark, settings, chunk);
      } catch (RuntimeException e) {
        ledger.append(
            new LedgerEntry(
                runId,
                options.trigger(),
                mode,
                hash,
                chunk,
                LedgerEntry.FAILED,
                chunkStart,
                options.clock().instant(),
                Map.of(),
                Map.of(),
                0,
                0,
                versions,
                String.valueOf(e.getMessage()),
                List.of()));
        throw e;
      }
      String status = s.incomplete() ? LedgerEntry.INCOMPLETE : LedgerEntry.COMMITTED;
      incomplete += s.incomplete() ? 1 : 0;
      ledger.append(
          new LedgerEntry(
              runId,
              options.trigger(),
              mode,
              hash,
              chunk,
              status,
              chunkStart,
              options.clock().instant(),
              s.rowsRead(),
              s.rowsPerStage(),
              s.alertsNew(),
              s.alertsTotal(),
              versions,
              null,
              s.warnings()));
      s.warnings().forEach(w -> progress(options, "WARNING: " + w));
      warnings.addAll(s.warnings());
      last = s;
      long chunkNanos = System.nanoTime() - t0;
      long chunkRows =
          s.rowsRead().values().stream().mapToLong(Long::longValue).filter(n -> n > 0).sum();
      rowsRead += chunkRows;
      alertsNew += s.alertsNew();
      alertsTotal = s.alertsTotal();
      processedNanos += chunkNanos;
      processed++;
      long remaining = chunks.size() - i - 1;
      Duration eta = Duration.ofNanos(processedNanos / processed * remaining);
      progress(
          options,
          String.format(
              "chunk %d/%d %s: %,d rows in %.1f s (%,.0f rows/s), %d new alert(s)%s; ETA %s",
              i + 1,
              chunks.size(),
              chunk,
              chunkRows,
              chunkNanos / 1e9,
              chunkRows / Math.max(chunkNanos / 1e9, 1e-3),
              s.alertsNew(),
              s.incomplete()
                  ? ", INCOMPLETE (" + s.skippedFiles() + " unreadable file(s) skipped)"
                  : "",
              human(eta)));
      options.afterChunk().committed(i + 1);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - wallStart);
    return new Summary(
        chunks.size(),
        skipped,
        rowsRead,
        alertsNew,
        alertsTotal,
        elapsed,
        last,
        List.copyOf(warnings),
        incomplete);
  }

  /** {@code range} cut into consecutive chunks of {@code chunk}; the last may be shorter. */
  public static List<TimeRange> chunks(TimeRange range, Duration chunk) {
    List<TimeRange> chunks = new ArrayList<>();
    for (Instant from = range.from(); from.isBefore(range.to()); from = from.plus(chunk)) {
      Instant to = from.plus(chunk).isAfter(range.to()) ? range.to() : from.plus(chunk);
      chunks.add(new TimeRange(from, to));
    }
    return chunks;
  }

  public static RunLedger ledger(SparkSession spark, Settings settings) {
    return new RunLedger(spark, settings.ledgerRef());
  }

  private static void progress(Options options, String line) {
    if (options.progress() != null) {
      options.progress().println(line);
      options.progress().flush();
    }
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
