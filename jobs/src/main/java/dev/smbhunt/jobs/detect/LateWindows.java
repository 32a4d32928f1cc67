package dev.smbhunt.jobs.detect;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.StoredTable;
import dev.smbhunt.jobs.lake.TableFormat;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.ledger.DeltaLog;
import dev.smbhunt.jobs.ledger.InputSnapshot;
import dev.smbhunt.jobs.ledger.LedgerEntry;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.RuleParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;

/**
 * The already processed windows whose input rows changed after they were processed. A window is
 * late when a table it reads (over the range its mode reads for that one window) received rows it
 * has not seen:
 *
 * <ul>
 *   <li>Delta: a file added in a table version later than every version the window was processed
 *       at, whose {@code Timestamp} span (file statistics, else its date partition) overlaps what
 *       the window reads;
 *   <li>Parquet: the file listing of the partitions read differs from the one recorded by the
 *       window's latest ledger row.
 * </ul>
 */
public final class LateWindows {
  private LateWindows() {}

  /** Late windows, merged into contiguous ranges, in time order. */
  public static List<TimeRange> find(
      SparkSession spark, Settings settings, RuleParams params, List<LedgerEntry> committed) {
    long step = settings.rule().window().getSeconds();
    // Per window: the ledger rows covering it, in commit order.
    TreeMap<Instant, List<LedgerEntry>> byWindow = new TreeMap<>();
    for (LedgerEntry e : committed) {
      for (Instant w = e.range().from(); w.isBefore(e.range().to()); w = w.plusSeconds(step)) {
        byWindow.computeIfAbsent(w, k -> new ArrayList<>()).add(e);
      }
    }
    TreeSet<Instant> late = new TreeSet<>();
    for (MdeTable table : MdeTable.values()) {
      Optional<StoredTable> stored = StoredTable.of(spark, settings.lake(), table);
      if (stored.isEmpty()) {
        continue;
      }
      if (stored.get().format() == TableFormat.DELTA) {
        late.addAll(
            lateInDelta(Storage.of(spark), settings, params, table, stored.get(), byWindow, step));
      } else {
        late.addAll(lateInParquet(spark, settings, params, table, byWindow, step));
      }
    }
    return merge(late, step);
  }

  private static List<Instant> lateInDelta(
      Storage storage,
      Settings settings,
      RuleParams params,
      MdeTable table,
      StoredTable stored,
      TreeMap<Instant, List<LedgerEntry>> byWindow,
      long step) {
    Map<Instant, Long> seen = new HashMap<>();
    long oldest = Long.MAX_VALUE;
    for (Map.Entry<Instant, List<LedgerEntry>> w : byWindow.entrySet()) {
      long v =
          w.getValue().stream()
              .mapToLong(e -> InputSnapshot.deltaVersion(e.inputVersions().get(table.tableName())))
              .max()
              .orElse(-1);
      seen.put(w.getKey(), v);
      oldest = Math.min(oldest, v);
    }
    List<Instant> late = new ArrayList<>();
    if (seen.isEmpty()) {
      return late;
    }
    List<DeltaLog.AddedSpan> added =
        DeltaLog.addedAfter(storage, stored.location(), oldest, settings.lake().partitionColumn());
    if (added.isEmpty()) {
      return late;
    }
    for (Instant w : byWindow.keySet()) {
      TimeRange reads =
          HuntInputs.ranges(settings.rule(), new TimeRange(w, w.plusSeconds(step)), params)
              .get(table);
      long v = seen.get(w);
      for (DeltaLog.AddedSpan s : added) {
        if (s.version() > v && s.overlaps(reads.from(), reads.to())) {
          late.add(w);
          break;
        }
      }
    }
    return late;
  }

  private static List<Instant> lateInParquet(
      SparkSession spark,
      Settings settings,
      RuleParams params,
      MdeTable table,
      TreeMap<Instant, List<LedgerEntry>> byWindow,
      long step) {
    // The latest ledger row of each window says what it saw; compare each such row's listing once.
    Map<LedgerEntry, List<Instant>> windowsByLatest = new HashMap<>();
    byWindow.forEach(
        (w, entries) -> {
          LedgerEntry latest =
              entries.stream().max((a, b) -> a.endedAt().compareTo(b.endedAt())).orElseThrow();
          windowsByLatest.computeIfAbsent(latest, k -> new ArrayList<>()).add(w);
        });
    List<Instant> late = new ArrayList<>();
    windowsByLatest.forEach(
        (entry, windows) -> {
          TimeRange reads = HuntInputs.ranges(settings.rule(), entry.range(), params).get(table);
          String now = InputSnapshot.of(spark, settings.lake(), table, reads);
          if (!now.equals(entry.inputVersions().get(table.tableName()))) {
            late.addAll(windows);
          }
        });
    return late;
  }

  private static List<TimeRange> merge(TreeSet<Instant> windows, long step) {
    List<TimeRange> ranges = new ArrayList<>();
    Instant start = null;
    Instant end = null;
    for (Instant w : windows) {
      if (end != null && w.equals(end)) {
        end = w.plusSeconds(step);
        continue;
      }
      if (start != null) {
        ranges.add(new TimeRange(start, end));
      }
      start = w;
      end = w.plusSeconds(step);
    }
    if (start != null) {
      ranges.add(new TimeRange(start, end));
    }
    return ranges;
  }
}
