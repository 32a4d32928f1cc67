package dev.smbhunt.transforms.smb;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.transforms.testing.Fixtures;
import dev.smbhunt.transforms.testing.Stages;
import dev.smbhunt.transforms.testing.TemplateRule;
import dev.smbhunt.transforms.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Stage 6: one alert per result row with the rule's identity, the reason it fired, and the
 * template's entity mappings. Cases are in {@code fixtures/alert-builder/}.
 */
class AlertBuilderTest {
  private static final String DIR = "alert-builder/";
  private static final String EXPECTED =
      "DeviceId STRING, ReportId BIGINT, ProcessReportId BIGINT, RuleId STRING, RuleName STRING, "
          + "RuleVersion STRING, Severity STRING, Tactics ARRAY<STRING>, Techniques ARRAY<STRING>, "
          + "WindowStart TIMESTAMP, WindowEnd TIMESTAMP, DetectionReason STRING, Sha1PairCount BIGINT, "
          + "AlertDate DATE, Entities ARRAY<STRUCT<EntityType: STRING, Fields: MAP<STRING, STRING>>>";

  /**
   * FinalSelection's output as the stage receives it: strings are never null after the input
   * contract.
   */
  private static Dataset<Row> results() {
    Dataset<Row> raw = Fixtures.rows(DIR + "results.jsonl", Stages.schemaOf(HuntStages::results));
    List<Column> columns = new ArrayList<>();
    for (StructField f : raw.schema().fields()) {
      Column c = col(f.name());
      columns.add(f.dataType() instanceof StringType ? coalesce(c, lit("")).as(f.name()) : c);
    }
    return raw.select(columns.toArray(Column[]::new));
  }

  private static Dataset<Row> alerts(Dataset<Row> results, RuleMetadata rule) {
    return AlertBuilder.build(results, rule, TemplateRule.params());
  }

  @Test
  void alertCarriesRuleIdentityReasonWindowEntitiesAndDate() {
    StructType schema = StructType.fromDDL(EXPECTED);
    Column[] names = Arrays.stream(schema.fieldNames()).map(n -> col(n)).toArray(Column[]::new);
    // Maps cannot be grouped, so the comparison sees entities as JSON text, entry order included.
    Dataset<Row> expected =
        Fixtures.rows(DIR + "expected.jsonl", schema)
            .withColumn("Entities", to_json(col("Entities")));
    Dataset<Row> actual =
        alerts(results(), TemplateRule.metadata())
            .select(names)
            .withColumn("Entities", to_json(col("Entities")));
    Fixtures.assertSameRows(expected, actual);
  }

  @Test
  void alertIdIsDeterministic() {
    Dataset<Row> first =
        alerts(results(), TemplateRule.metadata()).select("ReportId", "ProcessReportId", "AlertId");
    // Another plan and partitioning over the same rows.
    Dataset<Row> again =
        alerts(
                results().repartition(3).orderBy(col("ProcessReportId").desc()),
                TemplateRule.metadata())
            .select("ReportId", "ProcessReportId", "AlertId");
    Fixtures.assertSameRows(first, again);
  }

  @Test
  void alertIdIsDistinctForDistinctPairsIncludingPairsSharingOneSide() {
    Dataset<Row> alerts = alerts(results(), TemplateRule.metadata());
    long rows = alerts.count();
    assertEquals(9, rows);
    assertEquals(rows, alerts.agg(countDistinct("AlertId")).first().getLong(0));
    for (Row r : alerts.select("AlertId").collectAsList()) {
      assertTrue(r.getString(0).matches("[0-9a-f]{64}"), r.getString(0));
    }
  }

  @Test
  void anotherRuleVersionGivesOtherAlertIds() {
    RuleMetadata t = TemplateRule.metadata();
    RuleMetadata next =
        new RuleMetadata(
            t.id(),
            t.name(),
            "1.0.1",
            t.severity(),
            t.tactics(),
            t.techniques(),
            t.entityMappings());
    Dataset<Row> ids = alerts(results(), t).select("AlertId");
    assertEquals(0L, ids.intersect(alerts(results(), next).select("AlertId")).count());
  }

  @Test
  void alertDateIsTheUtcDateWhateverTheSessionTimeZone() {
    SparkSession spark = TestSpark.session();
    String previous = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "America/Los_Angeles");
    try {
      // 23:00Z on 2024-03-05 is 15:00 on the same day in Los Angeles; 10:00Z is 02:00. Both are
      // 2024-03-05 in UTC.
      List<String> dates =
          alerts(results(), TemplateRule.metadata())
              .selectExpr("CAST(AlertDate AS STRING)")
              .distinct()
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      assertEquals(List.of("2024-03-05"), dates);
      Dataset<Row> early =
          results()
              .withColumn(
                  "WindowStart",
                  lit(java.sql.Timestamp.from(java.time.Instant.parse("2024-03-05T02:00:00Z"))));
      assertEquals(
          "2024-03-05",
          alerts(early, TemplateRule.metadata())
              .selectExpr("CAST(AlertDate AS STRING)")
              .first()
              .getString(0));
    } finally {
      spark.conf().set("spark.sql.session.timeZone", previous);
    }
  }

  @Test
  void alertKeepsEveryKqlResultColumnInKqlOrder() {
    List<String> columns = Arrays.asList(alerts(results(), TemplateRule.metadata()).columns());
    List<String> kql = HuntColumnsTest.resultColumns();
    int start = columns.indexOf(kql.get(0));
    assertTrue(start >= 0, columns.toString());
    assertEquals(kql, columns.subList(start, start + kql.size()));
    assertTrue(
        columns.containsAll(
            List.of(
                "AlertId",
                "RuleId",
                "RuleName",
                "RuleVersion",
                "Severity",
                "Tactics",
                "Techniques",
                "WindowStart",
                "WindowEnd",
                "DetectionReason",
                "Sha1PairCount",
                "ProcessReportId",
                "Entities",
                "AlertDate")),
        columns.toString());
    assertEquals(Collections.frequency(columns, "AlertId"), 1);
  }
}
