package dev.smbhunt.jobs.bench;

import dev.smbhunt.jobs.config.Settings;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** {@code bin/hunt bench}: the sweep, the multiset check and the report. */
public final class Bench {
  private Bench() {}

  /** @return the Markdown table */
  public static String run(SparkSession spark, Settings settings, String command) {
    List<Contestant> contestants = SparkContestants.all();
    try {
      List<BenchRunner.Measurement> results = BenchRunner.run(spark, settings, contestants);
      return BenchReport.write(settings.bench().results(), contestants, results, command);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("bench failed: " + e.getMessage(), e);
    }
  }
}
