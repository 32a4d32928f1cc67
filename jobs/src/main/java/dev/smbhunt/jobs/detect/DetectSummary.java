package dev.smbhunt.jobs.detect;

import dev.smbhunt.jobs.storage.TableRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What one {@code detect} run read, produced and wrote. */
public record DetectSummary(
    String range,
    long windows,
    Map<String, Long> rowsRead,
    Map<String, Long> rowsPerStage,
    long alertsWritten,
    long alertsNew,
    long alertsTotal,
    TableRef alertsTable,
    Duration elapsed,
    List<String> warnings,
    int skippedFiles) {

  /**
   * Rows were left out (unreadable files skipped): the chunk is not complete, and is recorded so.
   */
  public boolean incomplete() {
    return skippedFiles > 0;
  }

  /** The human-readable summary {@code detect} prints at the end. */
  public String render() {
    StringBuilder s = new StringBuilder();
    s.append("range            ").append(range).append('\n');
    s.append("windows          ").append(windows).append(" evaluated\n");
    s.append("rows read (every row of the range each table was read over)\n");
    rowsRead.forEach((t, n) -> s.append(String.format("  %-30s %,12d%n", t, n)));
    s.append("rows per stage\n");
    rowsPerStage.forEach(
        (t, n) ->
            s.append(String.format("  %-30s %12s%n", t, n < 0 ? "n/a" : String.format("%,d", n))));
    s.append(
        String.format(
            "alerts           %,d written, %,d new, %,d in table%n",
            alertsWritten, alertsNew, alertsTotal));
    s.append("alerts table     ").append(alertsTable.display()).append('\n');
    s.append(String.format("elapsed          %.1f s%n", elapsed.toMillis() / 1000.0));
    if (incomplete()) {
      s.append(
          String.format(
              "INCOMPLETE       %d unreadable file(s) skipped (lake.unreadable-files = skip)%n",
              skippedFiles));
    }
    warnings.forEach(w -> s.append("WARNING          ").append(w).append('\n'));
    return s.toString();
  }
}
