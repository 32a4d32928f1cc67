package dev.smbhunt.tools.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench parses its own section: layouts become enums, and a bad value fails when the bench
 * reads it, naming the key and the choices, while a run that never reads it loads.
 */
class BenchSettingsTest {
  @Test
  void theDefaultLayoutsAreAllThree() {
    assertEquals(
        List.of(
            BenchSettings.Layout.GENERATED,
            BenchSettings.Layout.DUCKDB,
            BenchSettings.Layout.HOURLY_FILES),
        BenchSettings.from(SettingsLoader.load(null, List.of())).layouts());
  }

  @Test
  void aBadLayoutFailsInTheBenchNamingTheKeyAndTheChoices() {
    assertBad(
        "bench.layouts=[generated, parquet]",
        "bench.layouts: expected some of 'generated', 'duckdb' or 'hourly-files', got 'parquet'");
    assertBad(
        "bench.layouts=[duckdb, duckdb]", "bench.layouts: must name each layout at most once");
    assertBad("bench.runs=0", "bench.runs: must be at least 1, got 0");
  }

  private static void assertBad(String override, String message) {
    Settings s = assertDoesNotThrow(() -> SettingsLoader.load(null, List.of(override)), override);
    ConfigException e = assertThrows(ConfigException.class, () -> BenchSettings.from(s), override);
    assertTrue(e.getMessage().startsWith(message), override + " gave: " + e.getMessage());
  }
}
