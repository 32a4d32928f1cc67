package dev.smbhunt.transforms.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.ContinuousScope.CertificateScope;
import dev.smbhunt.transforms.smb.ContinuousScope.PrevalenceScope;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.testing.TemplateRule;
import dev.smbhunt.transforms.testing.TestSpark;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Continuous mode against {@link ContinuousReference} on the differential test's random and known
 * cases, under each rating scope. The known cases are laid out so that their boundary-straddling
 * scenario straddles midnight; the random cases straddle hours, and one of them the 1970-01-01 day
 * boundary.
 *
 * <p>All cases run in one Spark job, as in {@link DifferentialTest}. A 1-hour lookback cannot reach
 * a neighbouring case (cases are a full hour apart), and for {@code HISTORY} the reference sees
 * every case's certificate rows, as Spark does.
 */
class ContinuousDifferentialTest {
  private static final int CASES = 150;
  private static final Instant MIDNIGHT = Instant.parse("2031-01-01T00:00:00Z");
  private static final String STRADDLE =
      "connection and child in different hours: different runs, no pair";

  @ParameterizedTest(name = "prevalence {0}, certificates {1}")
  @CsvSource({"WINDOW, WINDOW", "LOOKBACK, HISTORY", "LOOKBACK, WINDOW"})
  void sparkReturnsExactlyTheLiteralContinuousRows(
      PrevalenceScope prevalence, CertificateScope certificates) {
    long seed = Long.getLong("smbhunt.diff.seed", DifferentialTest.DEFAULT_SEED);
    List<DiffCase> cases = new ArrayList<>(RandomCases.generate(seed, CASES));
    cases.addAll(knownCasesStraddlingMidnight());
    RuleParams params = TemplateRule.params();
    Instant from = cases.stream().map(DiffCase::rangeStart).min(Instant::compareTo).orElseThrow();
    Instant to = cases.stream().map(DiffCase::rangeEnd).max(Instant::compareTo).orElseThrow();
    ContinuousScope scope =
        new ContinuousScope(from, to, prevalence, Duration.ofHours(1), certificates);

    List<List<Object>> sparkRows =
        SparkHunt.collect(
            SparkHunt.continuousStages(TestSpark.session(), cases, params, scope).kqlResult());

    List<CertificateInfo> allCertificates = new ArrayList<>();
    cases.forEach(c -> allCertificates.addAll(c.certificates()));
    CaseComparison comparison =
        new CaseComparison(
            cases,
            sparkRows,
            c ->
                ContinuousReference.results(
                    c.network(),
                    c.process(),
                    certificates == CertificateScope.HISTORY ? allCertificates : c.certificates(),
                    params,
                    scope.withRange(c.rangeStart(), c.rangeEnd())));
    System.out.printf(
        "continuous differential (%s, %s): %d cases, %d input rows, %d result rows%n",
        prevalence, certificates, cases.size(), comparison.inputRows, comparison.expectedRows);
    if (!comparison.failures.isEmpty()) {
      fail(
          comparison.mismatched
              + " of "
              + cases.size()
              + " cases differ\n"
              + String.join("\n", comparison.failures));
    }

    int timeColumn = KqlReference.RESULT_COLUMNS.indexOf("TimestampNetworkAct");
    int childColumn = KqlReference.RESULT_COLUMNS.indexOf("TimestampChild");
    long acrossHours = 0;
    long acrossDays = 0;
    for (List<Object> row : sparkRows) {
      Instant connection = (Instant) row.get(timeColumn);
      Instant child = (Instant) row.get(childColumn);
      if (connection.getEpochSecond() / 3600 != Math.floorDiv(child.getEpochSecond(), 3600)) {
        acrossHours++;
      }
      if (!connection
          .atZone(ZoneOffset.UTC)
          .toLocalDate()
          .equals(child.atZone(ZoneOffset.UTC).toLocalDate())) {
        acrossDays++;
      }
    }
    // Agreement without boundary-straddling results would not test what continuous mode is for.
    assertTrue(comparison.expectedRows > 100, "too few result rows: " + comparison.expectedRows);
    assertTrue(acrossHours > 5, "too few results straddling an hour: " + acrossHours);
    assertTrue(acrossDays > 0, "no result straddling midnight");
  }

  /** The known cases, placed so that the straddling scenario's boundary is midnight. */
  private static List<DiffCase> knownCasesStraddlingMidnight() {
    List<KnownCases.KnownCase> probe = KnownCases.all(MIDNIGHT);
    int index = 0;
    while (!probe.get(index).name().equals(STRADDLE)) {
      index++;
    }
    // Case i's scenario hour is base + 4h * i + 1h.
    Instant base = MIDNIGHT.minusSeconds(index * 4L * 3600 + 3600);
    List<DiffCase> cases = new ArrayList<>();
    KnownCases.all(base).forEach(k -> cases.add(k.diffCase()));
    return cases;
  }
}
