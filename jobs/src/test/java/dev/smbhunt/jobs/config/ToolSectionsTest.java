package dev.smbhunt.jobs.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import dev.smbhunt.jobs.cli.DemoSettings;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.ingest.IngestSettings;
import dev.smbhunt.transforms.ingest.ExportFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each tool parses its own section: the defaults type into enums, and a bad value fails when the
 * tool reads it, naming the full key and the accepted values, while a run that never reads it
 * loads.
 */
class ToolSectionsTest {
  private static Settings load(String... overrides) {
    return SettingsLoader.load(null, List.of(overrides));
  }

  @Test
  void defaultsTypeIntoEnums() {
    Settings s = load();
    assertEquals(LakeFormat.PARQUET, GenerateSettings.from(s).format());
    assertEquals(LakeFormat.DELTA, DemoSettings.from(s).format());
    assertEquals(ExportFormat.STREAMING_API, IngestSettings.from(s).format());
  }

  @Test
  void aBadToolValueFailsInItsToolNamingTheKeyAndTheChoices() {
    assertBad(
        "generate.format=orc",
        GenerateSettings::from,
        "generate.format: expected 'parquet', 'delta' or 'streaming-api', got 'orc'");
    assertBad(
        "demo.format=csv",
        DemoSettings::from,
        "demo.format: expected 'parquet', 'delta' or 'streaming-api', got 'csv'");
    assertBad(
        "ingest.format=xml",
        IngestSettings::from,
        "ingest.format: expected 'streaming-api', 'la-export' or 'json', got 'xml'");
  }

  @Test
  void coreEnumsFailAtLoad() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> load("lake.tables.network.format=orc"));
    assertEquals(
        "lake.tables.network.format: expected 'auto', 'delta' or 'parquet', got 'orc'"
            + " (--set lake.tables.network.format)",
        e.getMessage());
    assertThrows(ConfigException.class, () -> load("lake.empty-table=ignore"));
  }

  private static void assertBad(String override, Function<Settings, ?> parse, String message) {
    Settings s = assertDoesNotThrow(() -> load(override), override);
    ConfigException e = assertThrows(ConfigException.class, () -> parse.apply(s), override);
    assertTrue(e.getMessage().startsWith(message), override + " gave: " + e.getMessage());
  }
}
