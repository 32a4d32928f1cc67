package dev.smbhunt.jobs.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one ingest run did.
 *
 * @param tables per table, in table order
 * @param unattributed records quarantined before a table could be named (malformed JSON, unknown
 *     table)
 * @param undocumentedColumns per table, each field that is not a documented column, with its record
 *     count
 */
public record IngestSummary(
    int filesListed,
    int filesNew,
    List<TableCounts> tables,
    long unattributed,
    Map<String, Map<String, Long>> undocumentedColumns,
    Map<String, Long> quarantinedByReason,
    String quarantinePath,
    Duration elapsed) {

  /**
   * @param read records of the table in the new files
   * @param written rows added to the lake table
   * @param deduplicated good records not written: already in the table, or repeated in the batch
   * @param quarantined records of the table that went to the quarantine table
   */
  public record TableCounts(
      String table, long read, long written, long deduplicated, long quarantined) {}

  public long read() {
    return tables.stream().mapToLong(TableCounts::read).sum() + unattributed;
  }

  public long quarantined() {
    return tables.stream().mapToLong(TableCounts::quarantined).sum() + unattributed;
  }

  public long written() {
    return tables.stream().mapToLong(TableCounts::written).sum();
  }

  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("ingest: %d files listed, %d new%n", filesListed, filesNew));
    b.append(
        String.format(
            "%-26s %10s %10s %13s %12s%n",
            "table", "read", "written", "deduplicated", "quarantined"));
    for (TableCounts t : tables) {
      b.append(
          String.format(
              "%-26s %10d %10d %13d %12d%n",
              t.table(), t.read(), t.written(), t.deduplicated(), t.quarantined()));
    }
    b.append(
        String.format(
            "%-26s %10d %10s %13s %12d%n", "(no table)", unattributed, "-", "-", unattributed));
    if (!quarantinedByReason.isEmpty()) {
      b.append("quarantined by reason: ")
          .append(quarantinedByReason)
          .append(" -> ")
          .append(quarantinePath)
          .append('\n');
    }
    undocumentedColumns.forEach(
        (table, columns) -> {
          if (!columns.isEmpty()) {
            b.append(table)
                .append(": undocumented columns ignored (records): ")
                .append(columns)
                .append('\n');
          }
        });
    b.append(String.format("elapsed: %.1f s%n", elapsed.toMillis() / 1000.0));
    return b.toString();
  }
}
