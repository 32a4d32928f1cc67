package dev.smbhunt.transforms.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smbhunt.transforms.smb.HuntColumns;
import dev.smbhunt.transforms.smb.HuntStages;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.testing.TemplateRule;
import dev.smbhunt.transforms.testing.TestSpark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Spark stages against {@link KqlReference} on hundreds of random cases plus the hand-written
 * ones, all in one Spark job: cases occupy disjoint time ranges, and every Sentinel run is per
 * window, so batching them cannot mix their answers.
 *
 * <p>Reproduce or shrink a failure with {@code -Dsmbhunt.diff.seed=S} (default {@value
 * #DEFAULT_SEED}), {@code -Dsmbhunt.diff.cases=N}, or {@code -Dsmbhunt.diff.only=I} for random case
 * {@code I} alone.
 */
// A slow suite: mvn test -DexcludedGroups=slow runs the others alone (README, set-up).
@Tag("slow")
class DifferentialTest {
  static final long DEFAULT_SEED = 20240331L;
  private static final int DEFAULT_CASES = 300;
  private static final Instant KNOWN_CASES_BASE = Instant.parse("2031-01-01T00:00:00Z");

  @Test
  void sparkReturnsExactlyTheLiteralKqlRowsOnEveryCase() {
    long seed = Long.getLong("smbhunt.diff.seed", DEFAULT_SEED);
    String only = System.getProperty("smbhunt.diff.only");
    List<DiffCase> random =
        only != null
            ? List.of(RandomCases.one(seed, Integer.parseInt(only)))
            : RandomCases.generate(seed, Integer.getInteger("smbhunt.diff.cases", DEFAULT_CASES));
    List<DiffCase> cases = new ArrayList<>(random);
    KnownCases.all(KNOWN_CASES_BASE).forEach(k -> cases.add(k.diffCase()));
    RuleParams params = TemplateRule.params();

    long started = System.nanoTime();
    HuntStages stages = SparkHunt.stages(TestSpark.session(), cases, params);
    assertEquals(
        KqlReference.RESULT_COLUMNS,
        Arrays.asList(stages.kqlResult().columns()),
        "kqlResult() columns must be the query's, in the query's order");
    assertEquals(KqlReference.RESULT_COLUMNS, HuntColumns.resultColumns());
    List<List<Object>> sparkRows = SparkHunt.collect(stages.kqlResult());
    long sparkMillis = (System.nanoTime() - started) / 1_000_000;

    Coverage coverage = new Coverage(params);
    for (int i = 0; i < random.size(); i++) {
      coverage.add(random.get(i), random.get(i).referenceRuns(params));
    }
    CaseComparison comparison =
        new CaseComparison(cases, sparkRows, c -> c.referenceResults(params));
    List<String> failures = comparison.failures;
    int mismatched = comparison.mismatched;
    long expectedRows = comparison.expectedRows;
    long inputRows = comparison.inputRows;
    System.out.printf(
        "differential: seed %d, %d cases (%d random), %d input rows, %d result rows; Spark %d ms%n",
        seed, cases.size(), random.size(), inputRows, expectedRows, sparkMillis);
    coverage.counts().forEach((bucket, n) -> System.out.printf("  %6d  %s%n", n, bucket));

    if (!failures.isEmpty()) {
      fail(
          mismatched
              + " of "
              + cases.size()
              + " cases differ (seed "
              + seed
              + ", rerun one with "
              + "-Dsmbhunt.diff.seed="
              + seed
              + " -Dsmbhunt.diff.only=<index>)\n"
              + String.join("\n", failures));
    }

    if (only == null) {
      // Agreement on empty or edge-free data would prove nothing.
      assertTrue(expectedRows > 100, "too few result rows to compare: " + expectedRows);
      coverage
          .counts()
          .forEach(
              (bucket, n) ->
                  assertTrue(n > 0, "random cases never hit: " + bucket + "; adjust RandomCases"));
    }
  }
}
