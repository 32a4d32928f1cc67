package dev.smbhunt.tools.bench;

import dev.smbhunt.jobs.config.Settings;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** One way of running the hunt over a lake, timed by {@link BenchRunner}. */
interface Contestant {
  String name();

  /**
   * What part of the lake it hunts: contestants of one scope return the same alerts, which the
   * bench checks; {@link #LAKE_SCOPE} unless it says otherwise.
   */
  default String scope() {
    return LAKE_SCOPE;
  }

  /** The default {@link #scope}. */
  String LAKE_SCOPE = "the lake's range";

  /** What exactly is timed, for the report. */
  String description();

  /**
   * Runs once over {@code lake}. Returns the sorted alert keys ({@code
   * DeviceId|ReportId|ProcessReportId| WindowStart}, one per result row, so a multiset), or {@code
   * null} for a contestant that produces no alerts (the floor).
   */
  List<String> run(SparkSession spark, Settings settings, BenchLake lake) throws Exception;

  /**
   * Stops a run going on in another thread, for {@link BenchRunner}'s timeout; Spark jobs are
   * cancelled through their job group, so only a contestant with work outside Spark needs this.
   */
  default void cancel() {}

  /**
   * The last run's time as the contestant measured it (a child process's lifetime, without reading
   * its keys back), or {@code null} to be timed around {@link #run}.
   */
  default Long lastRunMillis() {
    return null;
  }

  /**
   * The last run's peak resident set as the contestant measured it (a child process's), or {@code
   * null}.
   */
  default Long lastPeakRssBytes() {
    return null;
  }

  /**
   * The executed plan of the last run with its SQL metrics, or {@code null} where there is none.
   */
  default String lastProfile() {
    return null;
  }
}
