package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.transforms.smb.StageObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * Counts rows per stage with Dataset observations: the counts are gathered during the run's one
 * real execution, so the summary costs no extra scan.
 */
final class StageCounter implements StageObserver {
  private final Map<String, Observation> observations = new LinkedHashMap<>();

  @Override
  public Dataset<Row> observe(String name, Dataset<Row> stage) {
    Observation observation = new Observation(name);
    observations.put(name, observation);
    return stage.observe(observation, count(lit(1)).as("rows"));
  }

  /**
   * Row counts by stage, in pipeline order. A stage Spark never executed (its branch optimised
   * away) is reported as -1 rather than waited for.
   */
  Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    observations.forEach(
        (name, observation) -> {
          try {
            Map<String, Object> metrics =
                CompletableFuture.supplyAsync(() -> awaitMetrics(observation))
                    .get(5, TimeUnit.SECONDS);
            counts.put(name, ((Number) metrics.get("rows")).longValue());
          } catch (Exception e) {
            counts.put(name, -1L);
          }
        });
    return counts;
  }

  private static Map<String, Object> awaitMetrics(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
