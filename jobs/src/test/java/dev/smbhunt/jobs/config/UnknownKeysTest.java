package dev.smbhunt.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misspelt key used to run with the default, silently: {@code rule.prevalance-threshold=5} gave
 * 105 alerts where the intended threshold gives 6. Every unknown key under smb-hunt is refused,
 * wherever it came from.
 */
class UnknownKeysTest {
  @TempDir Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("smb-hunt.backfil.chunk");
  }

  private static String refused(Path file, String... overrides) {
    return assertThrows(
            IllegalArgumentException.class, () -> SettingsLoader.load(file, List.of(overrides)))
        .getMessage();
  }

  @Test
  void aMisspeltSetIsRefusedWithTheNearestKey() {
    assertEquals(
        "unknown setting 'rule.prevalance-threshold' (--set rule.prevalance-threshold): did you mean "
            + "'rule.prevalence-threshold'?",
        refused(null, "rule.prevalance-threshold=5"));
    assertEquals(
        "unknown setting 'backfill.chunks' (--set smb-hunt.backfill.chunks): did you mean 'backfill.chunk'?",
        refused(null, "smb-hunt.backfill.chunks=6h"));
  }

  @Test
  void aMisspeltKeyInAConfigFileIsRefusedWithItsLine() throws IOException {
    Path file = dir.resolve("site.conf");
    Files.writeString(file, "smb-hunt {\n  backfil.chunk = 6h\n}\n");
    assertEquals(
        "unknown setting 'backfil.chunk' (" + file + ", line 2): did you mean 'backfill.chunk'?",
        refused(file));
  }

  @Test
  void aMisspeltSystemPropertyIsRefused() {
    System.setProperty("smb-hunt.backfil.chunk", "6h");
    assertEquals(
        "unknown setting 'backfil.chunk' (system properties): did you mean 'backfill.chunk'?",
        refused(null));
  }

  @Test
  void aKeyFarFromAnyKnownOneGetsNoGuess() {
    assertEquals(
        "unknown setting 'colour' (--set colour); the settings are listed in conf/reference.conf",
        refused(null, "colour=blue"));
  }

  @Test
  void sparkConfIsFreeFormAndKnownKeysPass() {
    Settings s =
        SettingsLoader.load(
            null,
            List.of("spark.conf.\"spark.sql.anything.at.all\"=1", "rule.prevalence-threshold=5"));
    assertEquals("1", s.spark().conf().get("spark.sql.anything.at.all"));
    assertEquals(5, s.rule().prevalenceThreshold());
  }
}
