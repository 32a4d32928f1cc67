package dev.smbhunt.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.smbhunt.jobs.config.SettingsLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session's configuration, without starting one: Spark reads a page size once, when its memory
 * manager starts, so a shared test session could not show it.
 */
class SparkSessionsTest {
  private static Map<String, String> options(String master, String... overrides) {
    return SparkSessions.options(SettingsLoader.load(null, List.of(overrides)).spark(), master);
  }

  @Test
  void aLocalSessionTakesSmallMemoryPages() {
    // At Spark's own sizing a 6 GB driver on two cores takes 64 MB pages, one at least for every
    // hash join and aggregate of a run.
    assertEquals("4m", options("local[2]").get("spark.buffer.pageSize"));
    assertEquals("4m", options("local[*]").get("spark.buffer.pageSize"));
  }

  @Test
  void aClusterKeepsSparksOwnPageSizing() {
    assertFalse(options("yarn").containsKey("spark.buffer.pageSize"));
    assertFalse(options("spark://127.0.0.1:7077").containsKey("spark.buffer.pageSize"));
  }

  @Test
  void sparkConfWinsOverSmbHuntsOwnEntries() {
    Map<String, String> options =
        options(
            "local[2]",
            "spark.conf.\"spark.buffer.pageSize\"=16m",
            "spark.conf.\"spark.databricks.delta.allFilesInCrc.enabled\"=true");
    assertEquals("16m", options.get("spark.buffer.pageSize"));
    assertEquals("true", options.get("spark.databricks.delta.allFilesInCrc.enabled"));
  }
}
