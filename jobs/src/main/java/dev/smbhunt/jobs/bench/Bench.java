package dev.smbhunt.jobs.bench;

import dev.smbhunt.jobs.config.Settings;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** {@code bin/hunt bench}: the sweep, the multiset check and the report. */
public final class Bench {
  private Bench() {}

  /** @return the Markdown table */
  public static String run(SparkSession spark, Settings settings, String command) {
    List<Contestant> contestants = new java.util.ArrayList<>(SparkContestants.all());
    contestants.addAll(2, DuckDbContestant.all());
    try {
      List<BenchRunner.Measurement> results = BenchRunner.run(spark, settings, contestants);
      return BenchReport.write(settings.bench().results(), contestants, results, command, environment(spark));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("bench failed: " + e.getMessage(), e);
    }
  }

  /** What the numbers depend on, recorded next to them. */
  private static java.util.Map<String, Object> environment(SparkSession spark) {
    java.util.Map<String, Object> env = new java.util.LinkedHashMap<>();
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    env.put("sparkMaster", spark.sparkContext().master());
    env.put("sparkVersion", spark.version());
    env.put("java", System.getProperty("java.version"));
    env.put("finishedAt", java.time.Instant.now().toString());
    return env;
  }
}
