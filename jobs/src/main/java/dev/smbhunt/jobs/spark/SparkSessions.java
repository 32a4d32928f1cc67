package dev.smbhunt.jobs.spark;

import dev.smbhunt.jobs.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the session of a run from settings: UTC, Delta enabled, and nothing listening beyond the
 * driver host (loopback by default; "" leaves it to Spark, as a cluster needs); the UI is off
 * unless configured on.
 */
public final class SparkSessions {
  private static final String DELTA_SNAPSHOT_PARTITIONS =
      "spark.databricks.delta.snapshotPartitions";

  private static final String PAGE_SIZE = "spark.buffer.pageSize";

  /** The memory page of hash joins and aggregates on a laptop: see {@link #options}. */
  private static final String LOCAL_PAGE_SIZE = "4m";

  private static final String DELTA_FILES_IN_CHECKSUM =
      "spark.databricks.delta.allFilesInCrc.enabled";

  private SparkSessions() {}

  public static SparkSession create(Settings.Spark s) {
    SparkSession.Builder builder = SparkSession.builder().appName(s.appName());
    // spark-submit hands its --master over as the spark.master system property: the cluster it
    // names wins over the laptop default, so one jar and one config run both ways.
    if (System.getProperty("spark.master") == null && !s.master().isEmpty()) {
      builder.master(s.master());
    }
    options(s, System.getProperty("spark.master", s.master())).forEach(builder::config);
    // Spark's setLogLevel would also silence smb-hunt's own progress lines: set only the root
    // level.
    org.apache.logging.log4j.core.config.Configurator.setRootLevel(
        org.apache.logging.log4j.Level.toLevel(s.logLevel()));
    return builder.getOrCreate();
  }

  /**
   * The session's configuration for {@code master}, in the order applied: smb-hunt's own entries,
   * then {@code spark.conf}, which wins over any of them.
   */
  static Map<String, String> options(Settings.Spark s, String master) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("spark.sql.session.timeZone", "UTC");
    // InputContract turns failed casts into errors naming table, column and value.
    options.put("spark.sql.ansi.enabled", "false");
    // A Parquet timestamp written without a zone (isAdjustedToUTC = false, as DuckDB and pandas
    // write them) is UTC by the lake contract: read it as a timestamp of the same micros, not as
    // TIMESTAMP_NTZ, which would be converted through text row by row and never reach the reader's
    // filters. On DuckDB's layout this made the hunt 13x slower (docs/benchmark.md).
    options.put("spark.sql.parquet.inferTimestampNTZ.enabled", "false");
    options.put("spark.sql.shuffle.partitions", String.valueOf(s.shufflePartitions()));
    options.put("spark.ui.enabled", String.valueOf(s.uiEnabled()));
    options.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    options.put(
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    if (!s.driverHost().isEmpty()) {
      options.put("spark.driver.host", s.driverHost());
      options.put("spark.driver.bindAddress", s.driverHost());
    }
    if (master.startsWith("local")) {
      // Delta replays a table's log in 50 tasks by default, sized for clusters: on a laptop's cores
      // that cost 1.5 to 2 s per table snapshot of our small alerts and ledger logs
      // (docs/benchmark.md).
      options.put(
          DELTA_SNAPSHOT_PARTITIONS,
          String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
      // Spark sizes a memory page from the heap over the cores, 64 MB at the launcher's 6 GB on two
      // cores, and every hash join, aggregate and broadcast relation takes at least one page: a
      // one-hour run of a few hundred rows allocated and zeroed gigabytes of them, half its
      // collection pauses and half its RSS (docs/benchmark.md). Larger inputs take more pages. A
      // cluster's executors keep Spark's own sizing.
      options.put(PAGE_SIZE, LOCAL_PAGE_SIZE);
    }
    // Delta 3.3 lists every file of a table into each commit's checksum, and to do so on a table's
    // first commit it plans a log replay of the empty table: about 1 s of cold planning per new
    // alerts table or ledger, which a one-hour run pays in full (docs/benchmark.md). Readers never
    // use that list; the checksum's counts and sizes are still written.
    options.put(DELTA_FILES_IN_CHECKSUM, "false");
    options.putAll(s.conf());
    return options;
  }
}
