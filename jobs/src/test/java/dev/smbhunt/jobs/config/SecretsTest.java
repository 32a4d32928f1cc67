package dev.smbhunt.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Credentials reach Spark, and never the logged settings. */
class SecretsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spark.hadoop.fs.s3a.secret.key",
        "spark.hadoop.fs.s3a.access.key",
        "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net",
        "spark.hadoop.fs.azure.sas.logs.acct.blob.core.windows.net",
        "spark.hadoop.fs.azure.account.oauth2.client.secret",
        "spark.hadoop.fs.s3a.session.token",
        "db.PASSWORD",
        "spark.hadoop.fs.gs.auth.service.account.private.key.credential"
      })
  void secretKeysAreRecognised(String key) {
    assertTrue(Secrets.isSecretKey(key), key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spark.hadoop.fs.s3a.endpoint",
        "spark.hadoop.fs.s3a.path.style.access",
        "rule.lolbins",
        "spark.hadoop.fs.azure.account.auth.type",
        "spark.sql.shuffle.partitions"
      })
  void otherKeysAreShown(String key) {
    assertFalse(Secrets.isSecretKey(key), key);
  }

  @Test
  void secretsGivenBySetAndByFileAreMaskedInTheRenderedSettingsButReachSpark() throws IOException {
    Path file = dir.resolve("azure.conf");
    Files.writeString(
        file,
        "smb-hunt.spark.conf { \"spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net\" = \"file-secret-93jd\" }");
    Settings s =
        SettingsLoader.load(
            file,
            List.of(
                "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=set-secret-x81k",
                "spark.conf.\"spark.hadoop.fs.s3a.endpoint\"=\"http://127.0.0.1:9000\""));
    assertEquals("set-secret-x81k", s.spark().conf().get("spark.hadoop.fs.s3a.secret.key"));
    assertEquals(
        "file-secret-93jd",
        s.spark().conf().get("spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net"));
    assertFalse(s.rendered().contains("set-secret-x81k"), s.rendered());
    assertFalse(s.rendered().contains("file-secret-93jd"), s.rendered());
    assertTrue(s.rendered().contains(Secrets.MASK), s.rendered());
    assertTrue(
        s.rendered().contains("http://127.0.0.1:9000"),
        "the endpoint is no secret: " + s.rendered());
  }

  @Test
  void anAssignmentShownInAReportIsMasked() {
    assertEquals(
        "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=" + Secrets.MASK,
        Secrets.maskAssignment("spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=abc"));
    assertEquals(
        "rule.prevalence-threshold=5", Secrets.maskAssignment("rule.prevalence-threshold=5"));
  }
}
