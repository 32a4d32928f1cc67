package dev.smbhunt.transforms.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.ContinuousScope.CertificateScope;
import dev.smbhunt.transforms.smb.ContinuousScope.PrevalenceScope;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.testing.TemplateRule;
import dev.smbhunt.transforms.testing.TestSpark;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backfill must rate each pair with what was known at its connection: a SHA1 that becomes common,
 * or certified, only after an alert does not suppress that alert.
 */
class PointInTimeLookbackTest {
  private static final Instant HOUR = Instant.parse("2032-03-01T10:00:00Z");
  private static final String SHA1 = "becomes-common-later";

  /**
   * One rare pair at 10:01:40, then 150 pairs of the same hash from 10:05 on, and a certificate at
   * 10:50.
   */
  private static DiffCase laterCommonHash() {
    KnownCases.Tables t = new KnownCases.Tables();
    t.connection(HOUR.plusSeconds(100), 640L, "services.exe");
    t.child(HOUR.plusSeconds(101), 640L, "services.exe", "evil.exe", SHA1, "x", t.scmStart(HOUR));
    for (int i = 0; i < 150; i++) {
      Instant at = HOUR.plusSeconds(300 + 20L * i);
      t.connection(at, 640L, "services.exe");
      t.child(at.plusSeconds(1), 640L, "services.exe", "evil.exe", SHA1, "x", t.scmStart(HOUR));
    }
    t.certificates.add(new CertificateInfo(HOUR.plusSeconds(3000), SHA1));
    return new DiffCase(
        "becomes common later",
        HOUR,
        HOUR.plusSeconds(3 * 3600),
        t.network,
        t.process,
        t.certificates);
  }

  private static List<List<Object>> results(
      PrevalenceScope prevalence, CertificateScope certificates) {
    DiffCase c = laterCommonHash();
    RuleParams params = TemplateRule.params();
    ContinuousScope scope =
        new ContinuousScope(
            c.rangeStart(), c.rangeEnd(), prevalence, Duration.ofDays(30), certificates);
    List<List<Object>> spark =
        SparkHunt.collect(
            SparkHunt.continuousStages(TestSpark.session(), List.of(c), params, scope).kqlResult());
    assertEquals(
        RowDiff.of(
                ContinuousReference.results(
                    c.network(), c.process(), c.certificates(), params, scope),
                spark)
            .isEmpty(),
        true,
        "Spark and the reference disagree");
    return spark;
  }

  private static Instant connection(List<Object> row) {
    return (Instant) row.get(KqlReference.RESULT_COLUMNS.indexOf("TimestampNetworkAct"));
  }

  @Test
  void aHashThatBecomesCommonOnlyAfterTheAlertDoesNotSuppressIt() {
    List<List<Object>> rows = results(PrevalenceScope.LOOKBACK, CertificateScope.HISTORY);
    // Pairs 1..99 were rare when they happened (count 1..99): the first alert stands although 150
    // more pairs and a certificate row follow it. From the 100th pair on, the hash is common (and
    // from 10:50 on, certified).
    assertEquals(99, rows.size());
    assertEquals(
        HOUR.plusSeconds(100),
        rows.stream()
            .map(PointInTimeLookbackTest::connection)
            .min(Instant::compareTo)
            .orElseThrow());
    assertEquals(
        HOUR.plusSeconds(2240),
        rows.stream()
            .map(PointInTimeLookbackTest::connection)
            .max(Instant::compareTo)
            .orElseThrow());
  }

  @Test
  void theWindowScopeSeesTheWholeHourAndSoSuppressesIt() {
    // 151 pairs and a certificate row in the hour: the rule's per-hour rating suppresses every
    // pair.
    assertEquals(0, results(PrevalenceScope.WINDOW, CertificateScope.WINDOW).size());
    // The whole hour's certificate row excludes even with a point-in-time count.
    assertEquals(0, results(PrevalenceScope.LOOKBACK, CertificateScope.WINDOW).size());
  }
}
