package dev.smbhunt.jobs.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.smbhunt.jobs.config.SettingsLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger files chunks under what decides their alerts, so its history survives everything else.
 */
class RunIdentityTest {
  private static String identity(String... overrides) {
    return RunLedger.identity(SettingsLoader.load(null, List.of(overrides)).rule());
  }

  /**
   * Pinned: a change of this value orphans every user's ledger (--resume and scheduled runs start
   * over), so it must be deliberate.
   */
  @Test
  void theDefaultRulesIdentityIsPinned() {
    assertEquals("eade000bd3a8ccc0", identity());
  }

  @Test
  void movingTheTemplateOrChangingAnotherSettingKeepsTheIdentity(@TempDir Path dir)
      throws Exception {
    Path moved = dir.resolve("elsewhere/SMBWindowsAdminShares.yaml");
    Files.createDirectories(moved.getParent());
    try (InputStream in =
        RunIdentityTest.class
            .getClassLoader()
            .getResourceAsStream("rules/SMBWindowsAdminShares.yaml")) {
      Files.copy(in, moved);
    }
    String base = identity();
    assertEquals(base, identity("rule.template=\"" + moved + "\""));
    assertEquals(
        base, identity("backfill.chunk=7d", "lake.root=/elsewhere", "alerts.merge-retries=3"));
    // Continuous mode's scopes decide nothing in rule mode.
    assertEquals(base, identity("rule.continuous.lookback=7d"));
  }

  @Test
  void whatDecidesTheAlertsChangesTheIdentity() {
    String base = identity();
    List<String> changed = new ArrayList<>();
    for (String override :
        List.of(
            "rule.prevalence-threshold=50",
            "rule.correlation.max-seconds=20",
            "rule.boot-grace-seconds=30",
            "rule.lolbins=[Cmd.exe]",
            "rule.excluded-command-line=\"\"",
            "rule.mode=continuous")) {
      changed.add(identity(override));
      assertNotEquals(base, identity(override), override);
    }
    assertEquals(
        changed.size(), changed.stream().distinct().count(), "each change has its own identity");
    assertNotEquals(
        identity("rule.mode=continuous"),
        identity("rule.mode=continuous", "rule.continuous.lookback=7d"),
        "continuous mode's lookback");
  }
}
