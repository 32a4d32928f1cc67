package dev.smbhunt.transforms.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.transforms.reference.KnownCases.KnownCase;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.testing.TemplateRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The reference against answers worked out by hand from docs/semantics.md: no Spark involved. */
class KqlReferenceTest {
  private static final RuleParams PARAMS = TemplateRule.params();
  private static final Instant BASE = Instant.parse("2031-01-01T00:00:00Z");

  @TestFactory
  Stream<DynamicTest> knownCasesHaveTheirHandWorkedRowCounts() {
    return KnownCases.all(BASE).stream()
        .map(
            k ->
                DynamicTest.dynamicTest(
                    k.name(),
                    () ->
                        assertEquals(
                            k.expectedRows(),
                            k.diffCase().referenceResults(PARAMS).size(),
                            k.name())));
  }

  @Test
  void resultRowCarriesBothSidesUnderTheirKqlNames() {
    KnownCase sameSecond = KnownCases.all(BASE).get(0);
    List<Object> row = sameSecond.diffCase().referenceResults(PARAMS).get(0);
    Instant hour = sameSecond.diffCase().rangeStart().plusSeconds(3600);
    assertEquals(hour.plusMillis(800), value(row, "TimestampNetworkAct"));
    assertEquals(hour.plusMillis(100), value(row, "TimestampChild"));
    assertEquals(hour.plusMillis(800).minusSeconds(7_200), value(row, "TimestampServicesExe"));
    // The network table's own copy keeps its name and value; the rule does not read it.
    assertEquals(hour.plusMillis(800).minusSeconds(5), value(row, "InitiatingProcessCreationTime"));
    assertEquals(KnownCases.DEVICE, value(row, "DeviceId"));
    assertEquals(KnownCases.DEVICE, value(row, "DeviceId1"));
    assertEquals("C:\\Windows\\system32\\services.exe", value(row, "InitiatingProcessCommandLine"));
    assertEquals(
        "C:\\Windows\\system32\\services.exe", value(row, "InitiatingProcessCommandLine1"));
    assertEquals("scm-sha1", value(row, "InitiatingProcessSHA11"));
    assertEquals(640L, value(row, "InitiatingProcessId1"));
    assertEquals("Cmd.exe", value(row, "FileName"));
    // Columns the input lacks stay null, as the lake contract leaves them.
    assertEquals(null, value(row, "LocalIP"));
    assertEquals(null, value(row, "RemotePort"));
    assertEquals(55, KqlReference.RESULT_COLUMNS.size());
  }

  @Test
  void nullStringsReachTheResultAsEmptyStrings() {
    KnownCase nullCommandLine =
        KnownCases.all(BASE).stream()
            .filter(k -> k.name().startsWith("null command line"))
            .findFirst()
            .orElseThrow();
    List<Object> row = nullCommandLine.diffCase().referenceResults(PARAMS).get(0);
    assertEquals("", value(row, "ProcessCommandLine"));
  }

  @Test
  void datetimeDiffCountsSecondBoundaries() {
    // datetime_diff: a documented example and a worked one (docs/semantics.md).
    assertEquals(
        10L,
        KqlReference.datetimeDiffSeconds(
            Instant.parse("2017-10-30T23:00:10.100Z"), Instant.parse("2017-10-30T23:00:00.900Z")));
    assertEquals(
        1L,
        KqlReference.datetimeDiffSeconds(
            Instant.parse("2024-01-01T10:00:01.100Z"), Instant.parse("2024-01-01T10:00:00.900Z")));
    assertEquals(
        -1L,
        KqlReference.datetimeDiffSeconds(
            Instant.parse("2024-01-01T10:00:00.900Z"), Instant.parse("2024-01-01T10:00:01.100Z")));
    assertEquals(
        0L,
        KqlReference.datetimeDiffSeconds(
            Instant.parse("2024-01-01T10:00:00.900Z"), Instant.parse("2024-01-01T10:00:00.100Z")));
    // Before 1970 a floor is not a truncation: -0.1 s lies in second -1.
    assertEquals(
        1L,
        KqlReference.datetimeDiffSeconds(
            Instant.parse("1970-01-01T00:00:00.100Z"), Instant.parse("1969-12-31T23:59:59.900Z")));
    assertEquals(null, KqlReference.datetimeDiffSeconds(null, Instant.EPOCH));
  }

  @Test
  void caseInsensitiveOperatorsFoldAsciiLettersOnly() {
    assertTrue(KqlReference.equalsIgnoreCase("SERVICES.EXE", "services.exe"));
    assertTrue(KqlReference.inIgnoreCase("CMD.EXE", PARAMS.lolbins()));
    // Java's equalsIgnoreCase would say yes to each of these.
    assertFalse(KqlReference.equalsIgnoreCase("Ma\u212Aecab.exe", "Makecab.exe"));
    assertFalse(KqlReference.equalsIgnoreCase("\u0130nstallutil.exe", "Installutil.exe"));
    assertFalse(KqlReference.equalsIgnoreCase("\u017Fervices.exe", "services.exe"));
    assertTrue("Ma\u212Aecab.exe".equalsIgnoreCase("Makecab.exe"));
  }

  @Test
  void lolbinsAreTheTemplatesList() {
    List<String> lolbins = TemplateRule.lolbins();
    assertEquals("At.exe", lolbins.get(0));
    assertEquals("Wsl.exe", lolbins.get(lolbins.size() - 1));
    assertTrue(
        lolbins.containsAll(
            List.of("Cmd.exe", "Msiexec.exe", "Makecab.exe", "Sc.exe", "Rundll32.exe")));
    assertEquals(lolbins.size(), new ArrayList<>(new java.util.HashSet<>(lolbins)).size());
  }

  private static Object value(List<Object> row, String column) {
    int i = KqlReference.RESULT_COLUMNS.indexOf(column);
    assertTrue(i >= 0, column);
    return row.get(i);
  }
}
