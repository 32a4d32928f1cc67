package dev.smbhunt.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.lake.TableFormat;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.MdeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsComeFromReferenceConf() {
    Settings s = SettingsLoader.load(null, List.of());
    assertEquals("lake", s.lake().root());
    assertEquals("date", s.lake().partitionColumn());
    assertEquals(
        TableRef.at(
            Location.of(Path.of("lake", "DeviceNetworkEvents").toAbsolutePath().toString())),
        s.lake().ref(MdeTable.DEVICE_NETWORK_EVENTS));
    assertEquals(TableFormat.AUTO, s.lake().tables().get(MdeTable.DEVICE_PROCESS_EVENTS).format());
    assertEquals(Duration.ofHours(1), s.rule().window());
    assertEquals(0, s.rule().minChildDelaySeconds());
    assertEquals(10, s.rule().maxChildDelaySeconds());
    assertEquals(60, s.rule().bootGraceSeconds());
    assertEquals(100, s.rule().prevalenceThreshold());
    assertEquals("msiexec.exe /V", s.rule().excludedCommandLine());
    assertEquals(
        TableRef.at(
            Location.of(
                Path.of("smb-hunt-output", "SmbAdminSharesAlerts").toAbsolutePath().toString())),
        s.alertsRef(),
        "outputs are not under the lake");
    assertTrue(s.rendered().contains("prevalence-threshold"));
  }

  @Test
  void fileOverridesDefaultsAndSetOverridesFile() throws IOException {
    Path file = dir.resolve("site.conf");
    Files.writeString(
        file,
        "smb-hunt { rule { prevalence-threshold = 50, boot-grace-seconds = 30 }, lake.root = /data/lake }");
    Settings fileOnly = SettingsLoader.load(file, List.of());
    assertEquals(50, fileOnly.rule().prevalenceThreshold());
    assertEquals(30, fileOnly.rule().bootGraceSeconds());
    assertEquals("/data/lake", fileOnly.lake().root());

    Settings both =
        SettingsLoader.load(
            file,
            List.of("rule.prevalence-threshold=7", "smb-hunt.rule.correlation.max-seconds=5"));
    assertEquals(7, both.rule().prevalenceThreshold(), "--set wins over -c");
    assertEquals(30, both.rule().bootGraceSeconds(), "-c still wins over defaults");
    assertEquals(5, both.rule().maxChildDelaySeconds());
  }

  /**
   * How spark-submit's --files hands a config to a driver: -Dconfig.file, under -c, -D and --set.
   */
  @Test
  void configFileAndSystemPropertiesAreLayeredUnderCAndSet() throws IOException {
    Path app = dir.resolve("cluster.conf");
    Files.writeString(
        app,
        "smb-hunt { rule.prevalence-threshold = 7, spark.shuffle-partitions = 11, generate.days = 5 }");
    Path c = dir.resolve("c.conf");
    Files.writeString(c, "smb-hunt.spark.shuffle-partitions = 12");
    System.setProperty("config.file", app.toString());
    System.setProperty("smb-hunt.generate.days", "6");
    try {
      Settings fromFile = SettingsLoader.load(null, List.of());
      assertEquals(7, fromFile.rule().prevalenceThreshold());
      assertEquals(11, fromFile.spark().shufflePartitions());
      assertEquals(6, GenerateSettings.from(fromFile).days());
      Settings layered = SettingsLoader.load(c, List.of("generate.days=8"));
      assertEquals(7, layered.rule().prevalenceThreshold());
      assertEquals(12, layered.spark().shufflePartitions());
      assertEquals(8, GenerateSettings.from(layered).days());
    } finally {
      System.clearProperty("config.file");
      System.clearProperty("smb-hunt.generate.days");
    }
    assertEquals(100, SettingsLoader.load(null, List.of()).rule().prevalenceThreshold());
  }

  @Test
  void laterSetWinsAndListsParse() {
    Settings s =
        SettingsLoader.load(
            null,
            List.of(
                "rule.lolbins=[\"a.exe\",\"B.exe\"]",
                "spark.shuffle-partitions=3",
                "spark.shuffle-partitions=4"));
    assertEquals(List.of("a.exe", "B.exe"), s.rule().lolbins());
    assertEquals(4, s.spark().shufflePartitions());
  }

  @Test
  void pathValuesNeedNoQuoting() {
    Settings s = SettingsLoader.load(null, List.of("lake.root=C:\\data\\lake"));
    assertEquals("C:\\data\\lake", s.lake().root());
  }

  @Test
  void badValuesNameTheKey() {
    ConfigException bad =
        assertThrows(
            ConfigException.class,
            () -> SettingsLoader.load(null, List.of("rule.prevalence-threshold=many")));
    assertTrue(bad.getMessage().contains("prevalence-threshold"), bad.getMessage());

    ConfigException format =
        assertThrows(
            ConfigException.class,
            () -> SettingsLoader.load(null, List.of("lake.tables.network.format=orc")));
    assertTrue(format.getMessage().contains("orc"), format.getMessage());

    assertThrows(ConfigException.class, () -> SettingsLoader.load(null, List.of("no-equals-sign")));
    assertThrows(
        ConfigException.class, () -> SettingsLoader.load(dir.resolve("missing.conf"), List.of()));
  }

  /**
   * Issue 12: the error leads with the full key, what was expected and the value, then where it was
   * set.
   */
  @Test
  void badValuesAreOneLineNamingTheFullKeyTheValueAndItsOrigin() throws IOException {
    assertEquals(
        "rule.mode: expected 'rule' or 'continuous', got 'foo' (--set rule.mode)",
        refused("rule.mode=foo"));
    assertEquals(
        "rule.window: expected a duration such as 1h or 30m, got 'soon' (--set rule.window)",
        refused("rule.window=soon"));
    assertEquals(
        "rule.prevalence-threshold: expected a whole number, got 'many' (--set rule.prevalence-threshold)",
        refused("rule.prevalence-threshold=many"));
    assertEquals(
        "rule.continuous.history-start: expected a yyyy-MM-dd date, got '2025-13-01'"
            + " (--set rule.continuous.history-start)",
        refused("rule.continuous.history-start=2025-13-01"));
    assertEquals(
        "lake.tables.network.format: expected 'auto', 'delta' or 'parquet', got 'orc'"
            + " (--set lake.tables.network.format)",
        refused("lake.tables.network.format=orc"));
    Path file = dir.resolve("site.conf");
    Files.writeString(file, "smb-hunt {\n  scheduled.reprocess-late = sometimes\n}\n");
    ConfigException fromFile =
        assertThrows(ConfigException.class, () -> SettingsLoader.load(file, List.of()));
    assertEquals(
        "scheduled.reprocess-late: expected true or false, got 'sometimes' (" + file + ", line 2)",
        fromFile.getMessage());
  }

  private static String refused(String override) {
    return assertThrows(
            ConfigException.class, () -> SettingsLoader.load(null, List.of(override)), override)
        .getMessage();
  }

  @Test
  void aValueCannotSmuggleInAnotherKey() {
    assertThrows(
        ConfigException.class,
        () -> SettingsLoader.load(null, List.of("rule.prevalence-threshold=1, lake.root=x")));
  }

  @Test
  void modesScopesAndRunSettingsAreValidated() {
    Settings s =
        SettingsLoader.load(
            null,
            List.of(
                "rule.mode=continuous",
                "rule.continuous.prevalence-scope=lookback",
                "rule.continuous.lookback=7d",
                "rule.continuous.certificate-scope=history",
                "backfill.chunk=6h"));
    assertTrue(s.rule().continuousMode());
    assertEquals(
        dev.smbhunt.transforms.smb.ContinuousScope.PrevalenceScope.LOOKBACK,
        s.rule().continuous().prevalenceScope());
    assertEquals(java.time.Duration.ofDays(7), s.rule().continuous().lookback());
    assertEquals(java.time.Duration.ofHours(6), s.runs().chunk());
    assertEquals(
        java.time.Duration.ofMinutes(5),
        SettingsLoader.load(null, List.of()).runs().settlementDelay());
    for (String bad :
        List.of(
            "rule.mode=hourly",
            "rule.continuous.prevalence-scope=forever",
            "rule.continuous.certificate-scope=never",
            "rule.continuous.lookback=0s",
            "backfill.chunk=90m")) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> SettingsLoader.load(null, List.of(bad)), bad);
      String key = bad.substring(0, bad.indexOf('='));
      assertTrue(e.getMessage().contains(key.substring(key.lastIndexOf('.') + 1)), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Settings.RuleMode.parse("--mode", "hourly"));
    // A changed copy is parsed again: it refuses what loading refuses, and keys that do not exist.
    assertThrows(ConfigException.class, () -> s.with("rule.mode", "hourly"));
    assertThrows(IllegalArgumentException.class, () -> s.with("rule.modes", "rule"));
  }
}
