package dev.smbhunt.transforms.smb;

import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.Fixtures;
import dev.smbhunt.transforms.testing.TemplateRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KQL strings are never null: a lake null is {@code ""} (docs/semantics.md: string comparison and
 * nulls, leftanti, summarize count). The fixtures in {@code fixtures/string-nulls/} hold real nulls
 * (absent keys); they go through the input contract and the whole hunt, and each stage must treat
 * them as {@code ""}.
 */
class StringNullsTest {
  private static final String DIR = "string-nulls/";
  private static final String COUNTS = "WindowStart TIMESTAMP, SHA1 STRING, count_ BIGINT";

  private static HuntStages hunt;

  // Defining the hunt (plan analysis) costs about a second; each test then runs its own stage.
  @BeforeAll
  static void defineHunt() {
    hunt =
        SmbAdminSharesHunt.stages(
            Fixtures.table(MdeTable.DEVICE_NETWORK_EVENTS, DIR + "network.jsonl"),
            Fixtures.table(MdeTable.DEVICE_PROCESS_EVENTS, DIR + "process.jsonl"),
            Fixtures.table(MdeTable.DEVICE_FILE_CERTIFICATE_INFO, DIR + "certificates.jsonl"),
            TemplateRule.params(),
            TemplateRule.metadata());
  }

  @Test
  void nullSha1FormsTheEmptyGroupNotANullGroup() {
    Fixtures.assertRows(DIR + "expected-counts.jsonl", COUNTS, hunt.sha1Counts());
  }

  @Test
  void nullCertificateSha1ExcludesTheEmptyGroupOnlyInItsHour() {
    Fixtures.assertRows(DIR + "expected-rare.jsonl", COUNTS, hunt.rareSha1s());
  }

  /**
   * One expectation for three points: a null command line passes {@code !~}; a null SHA1 passes
   * {@code SHA1 in (rare)} through the {@code ""} group; null DeviceIds pair with each other.
   */
  @Test
  void nullStringsPassNotEqualsInAndJoinAsEmpty() {
    Fixtures.assertRows(
        DIR + "expected-results.jsonl",
        "DeviceId STRING, ReportId BIGINT, ProcessReportId BIGINT, SHA1 STRING, ProcessCommandLine STRING",
        hunt.results());
  }
}
