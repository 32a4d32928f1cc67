package dev.smbhunt.tools.bench;

import dev.smbhunt.jobs.lake.TimeRange;
import java.nio.file.Path;

/**
 * One generated Parquet lake of the sweep.
 *
 * @param label e.g. {@code SF2-hot}, or {@code SF2-hot@duckdb} in another writer's layout
 * @param inputRows rows in the three tables (all inside {@code range})
 */
record BenchLake(
    String label, int scaleFactor, boolean hot, Path root, TimeRange range, long inputRows) {
  /** What a hot-server lake's label ends with. */
  static final String HOT = "-hot";

  static String label(int scaleFactor, boolean hot) {
    return "SF" + scaleFactor + (hot ? HOT : "");
  }

  static boolean isHot(String label) {
    return label.contains(HOT);
  }

  /**
   * {@code "@duckdb"} for a lake in another writer's layout, {@code ""} for the generator's own.
   */
  static String layoutSuffix(String label) {
    int at = label.indexOf('@');
    return at < 0 ? "" : label.substring(at);
  }
}
