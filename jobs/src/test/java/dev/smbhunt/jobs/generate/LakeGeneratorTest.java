package dev.smbhunt.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.rule.RuleTemplate;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.transforms.schema.InputContract;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.AlertColumns;
import dev.smbhunt.transforms.smb.HuntColumns;
import dev.smbhunt.transforms.smb.HuntStages;
import dev.smbhunt.transforms.smb.RuleMetadata;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.smb.SmbAdminSharesHunt;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The golden test: the rule, run on a generated lake read back from disk, reports exactly the
 * ground truth's expected alerts, for Parquet and Delta.
 */
// A slow suite: mvn test -DexcludedGroups=slow runs the others alone (README, set-up).
@Tag("slow")
class LakeGeneratorTest {

  private static final Settings SETTINGS = SettingsLoader.load(null, List.of());
  private static final GeneratorOptions DEFAULTS =
      GeneratorOptions.from(GenerateSettings.from(SETTINGS));
  private static final RuleMetadata RULE = RuleTemplate.load(SETTINGS.rule().template()).metadata();

  @TempDir static Path dir;
  private static SparkSession spark;
  private static RuleParams params;
  private static final Map<LakeFormat, GenerationReport> LAKES = new EnumMap<>(LakeFormat.class);
  private static final Map<LakeFormat, Outcome> OUTCOMES = new EnumMap<>(LakeFormat.class);

  /**
   * What the rule did on one lake and what its ground truth says, keyed by (DeviceId, ReportId,
   * ProcessReportId[, reason]).
   */
  private record Outcome(
      Map<List<Object>, Long> alerts,
      Set<List<Object>> pairs,
      Map<List<Object>, Long> expected,
      Set<List<Object>> negatives,
      Set<List<Object>> labelled,
      Map<List<Object>, String> caseOf) {}

  @BeforeAll
  static void generateAndHunt() throws IOException {
    spark = TestSpark.session();
    params = SETTINGS.rule().params();
    // The lake formats; raw Streaming API files are covered by the ingest round trip
    // (IngestRoundTripTest).
    for (LakeFormat format : new LakeFormat[] {LakeFormat.PARQUET, LakeFormat.DELTA}) {
      GenerationReport report =
          LakeGenerator.generate(
              spark, Local.at(dir.resolve(format.name())), DEFAULTS.withFormat(format));
      LAKES.put(format, report);
      OUTCOMES.put(format, hunt(report));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = LakeFormat.class,
      names = {"PARQUET", "DELTA"})
  void alertsAreExactlyTheExpectedPairs(LakeFormat format) {
    Outcome o = OUTCOMES.get(format);
    assertEquals(o.expected(), o.alerts(), () -> differences(o));
    assertEquals(
        LAKES.get(format).expectedAlerts(),
        o.alerts().values().stream().mapToLong(Long::longValue).sum());
  }

  @ParameterizedTest
  @EnumSource(
      value = LakeFormat.class,
      names = {"PARQUET", "DELTA"})
  void noPairLabelledNegativeIsReported(LakeFormat format) {
    Outcome o = OUTCOMES.get(format);
    Set<List<Object>> reported = new HashSet<>();
    o.alerts().keySet().forEach(k -> reported.add(k.subList(0, 3)));
    reported.retainAll(o.negatives());
    assertTrue(
        reported.isEmpty(), () -> "reported but labelled negative: " + withCases(reported, o));
  }

  /**
   * The background never forms a pair by accident: every pair the rule's join keeps is labelled.
   */
  @ParameterizedTest
  @EnumSource(
      value = LakeFormat.class,
      names = {"PARQUET", "DELTA"})
  void everyPairTheRuleFormsIsLabelled(LakeFormat format) {
    Outcome o = OUTCOMES.get(format);
    Set<List<Object>> unlabelled = new HashSet<>(o.pairs());
    unlabelled.removeAll(o.labelled());
    assertTrue(unlabelled.isEmpty(), () -> "pairs nobody planted: " + unlabelled);
  }

  @Test
  void everyPlantedCaseIsLabelledAndBothDaysAreUsed() {
    Dataset<Row> truth = truth(LAKES.get(LakeFormat.PARQUET));
    Set<String> planted =
        truth
            .filter(not(col(GroundTruth.CASE_ID).startsWith(GroundTruth.BACKGROUND_PREFIX)))
            .select(GroundTruth.CASE_ID)
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    Set<String> catalog =
        PlantedCases.all().stream().map(PlantedCase::caseId).collect(Collectors.toSet());
    assertEquals(catalog, planted);
    assertEquals(catalog.size(), LAKES.get(LakeFormat.PARQUET).plantedCases());
    assertTrue(catalog.size() >= 17);

    Map<String, long[]> perCase = new HashMap<>();
    for (Row r : truth.collectAsList()) {
      long[] counts = perCase.computeIfAbsent(r.getAs(GroundTruth.CASE_ID), k -> new long[2]);
      counts[r.<Boolean>getAs(GroundTruth.EXPECTED_ALERT) ? 0 : 1]++;
    }
    assertEquals(99, perCase.get("prevalence-99-pairs")[0]);
    assertEquals(100, perCase.get("prevalence-100-pairs")[1]);
    assertEquals(2, perCase.get("pair-multiplication")[0]);

    Set<String> plantedDays =
        truth
            .filter(col(GroundTruth.CASE_ID).isin(catalog.toArray()))
            .select(col(GroundTruth.TIMESTAMP_CHILD).cast("date").cast("string"))
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    assertTrue(plantedDays.containsAll(Set.of("2025-05-05", "2025-05-06")), plantedDays::toString);

    GenerationReport report = LAKES.get(LakeFormat.PARQUET);
    assertTrue(report.plantedPositivePairs() > 0 && report.plantedNegativePairs() > 0);
    assertTrue(
        report.backgroundNegativePairs() > 0, "the background should pair benign children too");
    long plantedPairs = report.plantedPositivePairs() + report.plantedNegativePairs();
    long total = report.rowsPerTable().values().stream().mapToLong(Long::longValue).sum();
    assertTrue(plantedPairs < total / 10, "planted rows should be a small share of the lake");
    assertTrue(Files.isRegularFile(Local.path(report.groundTruthSummary())));
  }

  @ParameterizedTest
  @EnumSource(
      value = LakeFormat.class,
      names = {"PARQUET", "DELTA"})
  void tablesArePartitionedByDateWithTheDocumentedSchema(LakeFormat format) {
    GenerationReport report = LAKES.get(format);
    for (MdeTable table : MdeTable.values()) {
      Path tableDir = Local.path(report.tablePaths().get(table.tableName()));
      assertEquals(Local.path(report.out()).resolve(table.tableName()), tableDir);
      for (String day : List.of("2025-05-05", "2025-05-06")) {
        assertTrue(
            Files.isDirectory(tableDir.resolve("date=" + day)), tableDir + " lacks date=" + day);
      }
      assertEquals(format == LakeFormat.DELTA, Files.isDirectory(tableDir.resolve("_delta_log")));
      Dataset<Row> written = read(report, table);
      StructType withoutDate =
          new StructType(
              Arrays.stream(written.schema().fields())
                  .filter(f -> !f.name().equals(RowWriter.DATE_COLUMN))
                  .toArray(StructField[]::new));
      assertEquals(names(table.schema()), names(withoutDate));
      for (StructField f : table.schema().fields()) {
        assertEquals(f.dataType(), withoutDate.apply(f.name()).dataType(), table + "." + f.name());
      }
      long misfiled =
          written
              .filter(
                  col("Timestamp").cast("date").notEqual(col(RowWriter.DATE_COLUMN).cast("date")))
              .count();
      assertEquals(0, misfiled, table + ": rows in the wrong date partition");
      assertEquals(report.rowsPerTable().get(table.tableName()), written.count());
    }
  }

  @Test
  void reportIdsAreUniquePerDeviceAndTable() {
    GenerationReport report = LAKES.get(LakeFormat.PARQUET);
    for (MdeTable table : MdeTable.values()) {
      Dataset<Row> rows = read(report, table);
      long distinct = rows.select("DeviceId", "ReportId").distinct().count();
      assertEquals(rows.count(), distinct, table + ": duplicate (DeviceId, ReportId)");
    }
  }

  /**
   * Row content is a function of the options: generating twice gives the same rows, in the same
   * order.
   */
  @Test
  void sameSeedGivesTheSameRowsAndAnotherSeedOthers() {
    GeneratorOptions options = DEFAULTS;
    List<List<Row>> first = generateInMemory(options);
    assertEquals(first, generateInMemory(options));
    List<List<Row>> other = generateInMemory(options.withSeed(43));
    for (int table = 0; table < first.size(); table++) {
      assertTrue(
          !first.get(table).equals(other.get(table)),
          "another seed should give other rows, table " + table);
    }
  }

  /**
   * Regenerating into a used directory leaves exactly the new lake, even over another format: no
   * stale day partition, no stale Delta log. What lands on disk is what the generator made. The new
   * lake packs every planted case onto two devices in one day, and the rule still matches its
   * ground truth.
   */
  @Test
  void regeneratingTheSameDirectoryReplacesTheLake() throws IOException {
    // A copy of the two-day Delta lake stands in for an earlier run in the same directory.
    Path reused = dir.resolve("reused");
    copyTree(Local.path(LAKES.get(LakeFormat.DELTA).out()), reused);
    GeneratorOptions replacement =
        new GeneratorOptions(2, 1, 8, LakeFormat.PARQUET, DEFAULTS.startDate());
    GenerationReport parquet = LakeGenerator.generate(spark, Local.at(reused), replacement);
    List<List<Row>> generated = generateInMemory(replacement);
    MdeTable[] tables = MdeTable.values();
    for (int i = 0; i < tables.length; i++) {
      MdeTable table = tables[i];
      assertTrue(
          !Files.exists(reused.resolve(table.tableName()).resolve("date=2025-05-06")),
          "stale partition");
      assertTrue(
          !Files.exists(reused.resolve(table.tableName()).resolve("_delta_log")),
          "stale Delta log");
      StructType schema = RowWriter.lakeSchema(table);
      Dataset<Row> expected =
          RowWriter.withTimestamps(
              spark.createDataFrame(generated.get(i), RowWriter.rawSchema(schema)), schema);
      assertEquals(sortedRows(expected), sortedRows(read(parquet, table)), table.tableName());
    }
    Dataset<Row> expectedTruth =
        RowWriter.withTimestamps(
            spark.createDataFrame(generated.get(3), RowWriter.rawSchema(GroundTruth.schema())),
            GroundTruth.schema());
    assertEquals(sortedRows(expectedTruth), sortedRows(truth(parquet)));

    Outcome packed = hunt(parquet);
    assertEquals(packed.expected(), packed.alerts(), () -> differences(packed));
  }

  private static Outcome hunt(GenerationReport report) {
    HuntStages stages =
        SmbAdminSharesHunt.stages(
            InputContract.conform(
                MdeTable.DEVICE_NETWORK_EVENTS, read(report, MdeTable.DEVICE_NETWORK_EVENTS)),
            InputContract.conform(
                MdeTable.DEVICE_PROCESS_EVENTS, read(report, MdeTable.DEVICE_PROCESS_EVENTS)),
            InputContract.conform(
                MdeTable.DEVICE_FILE_CERTIFICATE_INFO,
                read(report, MdeTable.DEVICE_FILE_CERTIFICATE_INFO)),
            params,
            RULE);
    Map<List<Object>, Long> alerts =
        multiset(
            stages
                .alerts()
                .select(
                    col(HuntColumns.DEVICE_ID),
                    col(HuntColumns.REPORT_ID),
                    col(HuntColumns.PROCESS_REPORT_ID),
                    col(AlertColumns.DETECTION_REASON)));
    Set<List<Object>> pairs =
        multiset(
                stages
                    .pairs()
                    .select(
                        col(HuntColumns.DEVICE_ID),
                        col(HuntColumns.REPORT_ID),
                        col(HuntColumns.PROCESS_REPORT_ID)))
            .keySet();
    List<Row> truth = truth(report).collectAsList();
    Map<List<Object>, Long> expected = new HashMap<>();
    Set<List<Object>> negatives = new HashSet<>();
    Set<List<Object>> labelled = new HashSet<>();
    Map<List<Object>, String> caseOf = new HashMap<>();
    for (Row r : truth) {
      List<Object> pair =
          List.of(
              r.getAs(GroundTruth.DEVICE_ID),
              r.getAs(GroundTruth.NETWORK_REPORT_ID),
              r.getAs(GroundTruth.PROCESS_REPORT_ID));
      labelled.add(pair);
      caseOf.put(pair, r.getAs(GroundTruth.CASE_ID));
      if (r.<Boolean>getAs(GroundTruth.EXPECTED_ALERT)) {
        List<Object> key = new ArrayList<>(pair);
        key.add(r.getAs(GroundTruth.EXPECTED_REASON));
        expected.merge(key, 1L, Long::sum);
      } else {
        negatives.add(pair);
      }
    }
    return new Outcome(alerts, pairs, expected, negatives, labelled, caseOf);
  }

  private static Dataset<Row> read(GenerationReport report, MdeTable table) {
    return spark
        .read()
        .format(report.options().format().sparkFormat())
        .load(report.tablePaths().get(table.tableName()).toString());
  }

  private static Dataset<Row> truth(GenerationReport report) {
    return GroundTruth.read(spark, report.groundTruth());
  }

  private static Map<List<Object>, Long> multiset(Dataset<Row> rows) {
    Map<List<Object>, Long> counts = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      List<Object> key = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        key.add(r.get(i));
      }
      counts.merge(key, 1L, Long::sum);
    }
    return counts;
  }

  /** The rows in a fixed order, the partition column as text so both formats compare alike. */
  private static List<Row> sortedRows(Dataset<Row> rows) {
    Dataset<Row> normal = rows;
    if (Arrays.asList(rows.columns()).contains(RowWriter.DATE_COLUMN)) {
      normal = rows.withColumn(RowWriter.DATE_COLUMN, col(RowWriter.DATE_COLUMN).cast("string"));
    }
    String[] names = normal.columns();
    Column[] sorted = Arrays.stream(names).sorted().map(name -> col(name)).toArray(Column[]::new);
    return normal.select(sorted).orderBy(sorted).collectAsList();
  }

  /** Every device's rows, per table and ground truth, generated without Spark. */
  private static List<List<Row>> generateInMemory(GeneratorOptions options) {
    List<List<Row>> tables =
        List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (DevicePlan plan : CasePlacer.plan(options, Fleet.of(options), PlantedCases.all())) {
      DeviceRows rows = DeviceGenerator.generate(plan);
      tables.get(0).addAll(rows.network());
      tables.get(1).addAll(rows.process());
      tables.get(2).addAll(rows.certificates());
      tables.get(3).addAll(rows.groundTruth());
    }
    return tables;
  }

  private static String differences(Outcome o) {
    Set<List<Object>> missing = new HashSet<>(o.expected().keySet());
    missing.removeAll(o.alerts().keySet());
    Set<List<Object>> unexpected = new HashSet<>(o.alerts().keySet());
    unexpected.removeAll(o.expected().keySet());
    List<String> countMismatch = new ArrayList<>();
    for (List<Object> k : o.expected().keySet()) {
      if (o.alerts().containsKey(k) && !o.alerts().get(k).equals(o.expected().get(k))) {
        countMismatch.add(k + " expected " + o.expected().get(k) + " got " + o.alerts().get(k));
      }
    }
    return "missing alerts: "
        + withCases(missing, o)
        + "\nunexpected alerts: "
        + withCases(unexpected, o)
        + "\nmultiplicity: "
        + countMismatch;
  }

  private static String withCases(Set<List<Object>> keys, Outcome o) {
    Set<String> lines = new TreeSet<>();
    for (List<Object> k : keys) {
      lines.add(o.caseOf().getOrDefault(k.subList(0, 3), "<unlabelled>") + " " + k);
    }
    return lines.toString();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  private static List<String> names(StructType schema) {
    return Arrays.asList(schema.fieldNames());
  }

  /** The {@code lolbins} list, parsed from the template's query, not copied by hand. */
}
