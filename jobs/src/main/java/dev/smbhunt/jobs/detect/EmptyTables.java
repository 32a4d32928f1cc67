package dev.smbhunt.jobs.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An input table that read no rows while another read some: an export that failed or a folder
 * emptied by mistake. With no certificates every child binary looks uncertified (false "rare
 * uncertified" alerts); with no process or network events nothing can pair. Either way the alerts
 * would be silently different.
 */
final class EmptyTables {
  private EmptyTables() {}

  /**
   * One warning per empty table, naming it, the range and what the other tables read; none when all
   * or none are empty.
   */
  static List<String> warnings(Map<String, Long> rowsRead, String range) {
    long nonEmpty = rowsRead.values().stream().filter(n -> n > 0).count();
    List<String> warnings = new ArrayList<>();
    if (nonEmpty == 0) {
      return warnings; // nothing in the range at all: absent data, not a damaged lake
    }
    rowsRead.forEach(
        (table, rows) -> {
          if (rows == 0) {
            warnings.add(
                table
                    + " has no rows in "
                    + range
                    + " while "
                    + others(rowsRead, table)
                    + ": the alerts of this range may be wrong");
          }
        });
    return warnings;
  }

  private static String others(Map<String, Long> rowsRead, String empty) {
    List<String> parts = new ArrayList<>();
    rowsRead.forEach(
        (table, rows) -> {
          if (!table.equals(empty) && rows > 0) {
            parts.add(String.format("%s has %,d", table, rows));
          }
        });
    return String.join(" and ", parts);
  }
}
