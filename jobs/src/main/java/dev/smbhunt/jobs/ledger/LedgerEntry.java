package dev.smbhunt.jobs.ledger;

import dev.smbhunt.jobs.lake.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of the run ledger: one chunk of one run.
 *
 * @param trigger {@code backfill} (detect), {@code scheduled} (new windows) or {@code late} (re-run
 *     windows whose inputs received rows after they were processed)
 * @param inputVersions per table, what was read: {@code delta:<version>} or {@code parquet:<listing
 *     hash>}
 * @param warnings what looked wrong in the chunk's inputs (an empty table); empty when nothing did
 */
public record LedgerEntry(
    String runId,
    String trigger,
    String mode,
    String paramHash,
    TimeRange range,
    String status,
    Instant startedAt,
    Instant endedAt,
    Map<String, Long> rowsRead,
    Map<String, Long> rowsPerStage,
    long alertsNew,
    long alertsTotal,
    Map<String, String> inputVersions,
    String error,
    List<String> warnings) {

  public static final String COMMITTED = "COMMITTED";
  public static final String FAILED = "FAILED";

  /**
   * Written, but from fewer rows than the lake holds (unreadable files skipped): resume and
   * scheduled redo it.
   */
  public static final String INCOMPLETE = "INCOMPLETE";

  public boolean committed() {
    return COMMITTED.equals(status);
  }
}
