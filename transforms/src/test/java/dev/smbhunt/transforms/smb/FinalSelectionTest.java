package dev.smbhunt.transforms.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smbhunt.transforms.testing.Fixtures;
import dev.smbhunt.transforms.testing.Stages;
import dev.smbhunt.transforms.testing.TemplateRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stage 5, the result: {@code where SHA1 in ((rare)) or FileName in~ (lolbins)}, then {@code where
 * ProcessCommandLine !~ "msiexec.exe /V"}. Cases are in {@code fixtures/final-selection/}.
 */
class FinalSelectionTest {
  private static final String DIR = "final-selection/";
  private static final String COUNTS = "WindowStart TIMESTAMP, SHA1 STRING, count_ BIGINT";

  private static Dataset<Row> select(Dataset<Row> pairs) {
    return FinalSelection.select(
        pairs,
        Fixtures.rows(DIR + "counts.jsonl", COUNTS),
        Fixtures.rows(DIR + "rare.jsonl", COUNTS),
        TemplateRule.params());
  }

  private static StructType pairsSchema() {
    return Stages.schemaOf(HuntStages::pairs);
  }

  @Test
  void keepsRareOrLolbinPairsExceptTheMsiexecCommandLine() {
    Fixtures.assertRows(
        DIR + "expected.jsonl",
        "DeviceId STRING, ReportId BIGINT, ProcessReportId BIGINT, IsLolbin BOOLEAN, "
            + "IsRareUncertifiedSha1 BOOLEAN, Sha1PairCount BIGINT",
        select(Fixtures.rows(DIR + "pairs.jsonl", pairsSchema())));
  }

  @Test
  void outputIsThePairColumnsThenTheEvidence() {
    List<String> expected = new ArrayList<>(Arrays.asList(pairsSchema().fieldNames()));
    expected.addAll(List.of("IsLolbin", "IsRareUncertifiedSha1", "Sha1PairCount"));
    assertEquals(
        expected,
        Arrays.asList(select(Fixtures.rows(DIR + "pairs.jsonl", pairsSchema())).columns()));
  }

  @Test
  void theWidePairsAreNeitherShuffledNorSorted() {
    // Only the explicit hint may broadcast here: size-based broadcasting is off, as for large
    // inputs.
    org.apache.spark.sql.SparkSession spark = dev.smbhunt.transforms.testing.TestSpark.session();
    String key = "spark.sql.autoBroadcastJoinThreshold";
    String before = spark.conf().get(key);
    spark.conf().set(key, "-1");
    try {
      Dataset<Row> result = select(Fixtures.rows(DIR + "pairs.jsonl", pairsSchema()));
      String plan = result.queryExecution().executedPlan().toString();
      assertTrue(plan.contains("BroadcastHashJoin"), plan);
      assertFalse(plan.contains("SortMergeJoin"), plan);
      Fixtures.assertRows(
          DIR + "expected.jsonl",
          "DeviceId STRING, ReportId BIGINT, ProcessReportId BIGINT, IsLolbin BOOLEAN, "
              + "IsRareUncertifiedSha1 BOOLEAN, Sha1PairCount BIGINT",
          result);
    } finally {
      spark.conf().set(key, before);
    }
  }

  @Test
  void templateLolbinListIsTheOneCompared() {
    // Guards the fixture's assumptions: the list was read from the template and holds these names.
    List<String> lolbins = TemplateRule.lolbins();
    assertTrue(
        lolbins.containsAll(
            List.of(
                "Cmd.exe",
                "MpCmdRun.exe",
                "Makecab.exe",
                "Rundll32.exe",
                "Msiexec.exe",
                "At.exe",
                "Wsl.exe")),
        lolbins.toString());
    assertFalse(lolbins.contains("notepad.exe"));
  }

  // ---- !~ "msiexec.exe /V", one named case per fixture row, evaluated in one Spark run ----

  private static Set<String> keptCommandLineCases;

  static Stream<Arguments> commandLineCases() {
    return commandLineRows().stream()
        .map(
            n ->
                Arguments.of(
                    n.get("case").asText(),
                    n.get("ProcessCommandLine").asText(),
                    n.get("kept").asBoolean()));
  }

  @ParameterizedTest(name = "[{index}] {0}: \"{1}\" kept={2}")
  @MethodSource("commandLineCases")
  void msiexecExclusionIsWholeStringAndAsciiCaseInsensitive(
      String name, String commandLine, boolean kept) {
    assertEquals(kept, keptCommandLineCases().contains(name));
  }

  private static synchronized Set<String> keptCommandLineCases() {
    if (keptCommandLineCases == null) {
      List<Map<String, Object>> pairs = new ArrayList<>();
      long id = 0;
      for (JsonNode c : commandLineRows()) {
        // A rare, non-LOLBIN pair: only the command line decides.
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("DeviceId", c.get("case").asText());
        pair.put("ReportId", ++id);
        pair.put("WindowStart", "2024-03-05T10:00:00Z");
        pair.put("SHA1", "sha-rare");
        pair.put("FileName", "evil.exe");
        pair.put("ProcessCommandLine", c.get("ProcessCommandLine").asText());
        pairs.add(pair);
      }
      keptCommandLineCases =
          select(Fixtures.rows(pairs, pairsSchema()))
              .select("DeviceId")
              .as(Encoders.STRING())
              .collectAsList()
              .stream()
              .collect(Collectors.toSet());
    }
    return keptCommandLineCases;
  }

  private static List<JsonNode> commandLineRows() {
    ObjectMapper json = new ObjectMapper();
    try (InputStream in =
        FinalSelectionTest.class.getResourceAsStream(
            "/fixtures/" + DIR + "command-line-cases.jsonl")) {
      List<JsonNode> rows = new ArrayList<>();
      for (String line :
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank())
              .toList()) {
        rows.add(json.readTree(line));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
