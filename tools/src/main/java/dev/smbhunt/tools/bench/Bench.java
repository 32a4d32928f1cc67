package dev.smbhunt.tools.bench;

import dev.smbhunt.jobs.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** {@code bin/hunt bench}: the sweep, the multiset check and the report. */
public final class Bench {
  private Bench() {}

  /** Every contestant there is, in the report's default order. */
  static List<Contestant> available() {
    List<Contestant> all = new ArrayList<>(SparkContestants.all());
    all.addAll(2, DuckDbContestant.all());
    all.addAll(ProcessContestants.all());
    return all;
  }

  /** The contestants {@code bench.contestants} names, in its order. */
  static List<Contestant> selected(BenchSettings bench) {
    Map<String, Contestant> byName = new LinkedHashMap<>();
    available().forEach(c -> byName.put(c.name(), c));
    List<Contestant> selected = new ArrayList<>();
    for (String name : bench.contestants()) {
      Contestant c = byName.get(name);
      if (c == null) {
        throw new IllegalArgumentException(
            "smb-hunt.bench.contestants: unknown contestant '"
                + name
                + "'; expected some of "
                + byName.keySet());
      }
      if (selected.contains(c)) {
        throw new IllegalArgumentException(
            "smb-hunt.bench.contestants: '" + name + "' is named twice");
      }
      selected.add(c);
    }
    return selected;
  }

  /**
   * Writes the report after each lake (marked incomplete until the sweep ends), so a sweep stopped
   * part way still leaves its measurements.
   *
   * @return the Markdown report
   */
  public static String run(SparkSession spark, Settings settings, String command) {
    BenchSettings bench = BenchSettings.from(settings);
    List<Contestant> contestants = selected(bench);
    Path results = bench.results();
    try {
      List<BenchRunner.Measurement> measured =
          BenchRunner.run(
              spark,
              settings,
              contestants,
              soFar -> report(results, contestants, soFar, command, environment(spark, false)));
      return report(results, contestants, measured, command, environment(spark, true));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("bench failed: " + e.getMessage(), e);
    }
  }

  private static String report(
      Path results,
      List<Contestant> contestants,
      List<BenchRunner.Measurement> measured,
      String command,
      Map<String, Object> environment) {
    try {
      return BenchReport.write(results, contestants, measured, command, environment);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "bench: cannot write the report to " + results + ": " + e.getMessage(), e);
    }
  }

  /** What the numbers depend on, recorded next to them. */
  private static Map<String, Object> environment(SparkSession spark, boolean complete) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    env.put("sparkMaster", spark.sparkContext().master());
    env.put("sparkVersion", spark.version());
    env.put("java", System.getProperty("java.version"));
    env.put("writtenAt", java.time.Instant.now().toString());
    env.put("complete", complete);
    return env;
  }
}
