package dev.smbhunt.transforms.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.Events;
import dev.smbhunt.transforms.testing.Fixtures;
import dev.smbhunt.transforms.testing.TemplateRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Stage 3, {@code serviceNetworkEvents}: the {@code kind=inner} join on DeviceId,
 * InitiatingProcessId and InitiatingProcessFileName (case-sensitive, per hour window), then both
 * {@code datetime_diff} predicates.
 */
class CorrelationTest {
  private static final String DIR = "correlation/";
  private static final String TIME_CASES = "/fixtures/" + DIR + "time-filter-cases.csv";

  private static Dataset<Row> joined(Dataset<Row> network, Dataset<Row> process) {
    Dataset<Row> networkEvents = ServiceNetworkEvents.select(network, TemplateRule.params());
    Dataset<Row> serviceStarts =
        ServiceStarts.select(process, networkEvents, TemplateRule.params());
    return Correlation.join(networkEvents, serviceStarts);
  }

  private static Dataset<Row> fixtureJoin() {
    return joined(
        Fixtures.table(MdeTable.DEVICE_NETWORK_EVENTS, DIR + "network.jsonl"),
        Fixtures.table(MdeTable.DEVICE_PROCESS_EVENTS, DIR + "process.jsonl"));
  }

  @Test
  void innerJoinKeepsEveryPairOnExactKeysWithinTheWindow() {
    Fixtures.assertRows(
        DIR + "expected-join.jsonl",
        "DeviceId STRING, ReportId BIGINT, DeviceId1 STRING, ProcessReportId BIGINT, "
            + "InitiatingProcessFileName1 STRING, InitiatingProcessId1 BIGINT",
        fixtureJoin());
  }

  @Test
  void timeFiltersKeepChildrenSoonAfterConnectionsLongAfterBoot() {
    Fixtures.assertRows(
        DIR + "expected-pairs.jsonl",
        "DeviceId STRING, ReportId BIGINT, ProcessReportId BIGINT",
        Correlation.filter(fixtureJoin(), TemplateRule.params()));
  }

  @Test
  void bucketedJoinKeepsExactlyTheLiteralPairsOnceEachForAnyCorrelationBounds() {
    Dataset<Row> network = Fixtures.table(MdeTable.DEVICE_NETWORK_EVENTS, DIR + "network.jsonl");
    Dataset<Row> process = Fixtures.table(MdeTable.DEVICE_PROCESS_EVENTS, DIR + "process.jsonl");
    for (long[] bounds : new long[][] {{0, 10}, {0, 0}, {-3, 25}, {5, 7}}) {
      RuleParams params = TemplateRule.params().withCorrelation(bounds[0], bounds[1]);
      Dataset<Row> networkEvents = ServiceNetworkEvents.select(network, params);
      Dataset<Row> serviceStarts = ServiceStarts.select(process, networkEvents, params);
      Dataset<Row> literal =
          Correlation.filter(Correlation.join(networkEvents, serviceStarts), params);
      Dataset<Row> bucketed =
          Correlation.filter(Correlation.join(networkEvents, serviceStarts, params), params);
      // exceptAll is a multiset difference: a pair produced twice by neighbouring buckets would
      // remain.
      assertEquals(
          0,
          bucketed.exceptAll(literal).count(),
          "extra pairs for bounds " + Arrays.toString(bounds));
      assertEquals(
          0,
          literal.exceptAll(bucketed).count(),
          "missing pairs for bounds " + Arrays.toString(bounds));
    }
  }

  @Test
  void outputIsTheKqlResultColumnsThenEvidenceWithSourceTypes() {
    Dataset<Row> joined = fixtureJoin();
    List<String> expected = new ArrayList<>(HuntColumnsTest.resultColumns());
    expected.add("WindowStart");
    expected.add("ProcessReportId");
    assertEquals(expected, Arrays.asList(joined.columns()));
    // Right-side columns keep the process table's types under their new names.
    assertEquals(
        type(MdeTable.DEVICE_PROCESS_EVENTS, "InitiatingProcessId"),
        joined.schema().apply("InitiatingProcessId1").dataType());
    assertEquals(
        type(MdeTable.DEVICE_PROCESS_EVENTS, "Timestamp"),
        joined.schema().apply("TimestampChild").dataType());
    assertEquals(
        type(MdeTable.DEVICE_PROCESS_EVENTS, "InitiatingProcessCreationTime"),
        joined.schema().apply("TimestampServicesExe").dataType());
    assertEquals(
        type(MdeTable.DEVICE_NETWORK_EVENTS, "RemotePort"),
        joined.schema().apply("RemotePort").dataType());
  }

  // ---- the time predicates, one named case per CSV row, all evaluated in one Spark run ----

  private static Map<String, Long> timeCaseResults;

  @ParameterizedTest(name = "[{index}] {0}: kept={5}")
  @CsvFileSource(resources = TIME_CASES, numLinesToSkip = 1, nullValues = "null")
  void timePredicates(
      String name,
      String net,
      String child,
      String scmFromProcess,
      String scmFromNetwork,
      boolean kept) {
    Map<String, Long> results = timeCaseResults();
    // Exactly one joined pair per case, so the filters alone decide.
    assertEquals(kept ? 1L : 0L, results.getOrDefault(name, 0L));
    assertEquals(1L, results.get("joined:" + name));
    assertEquals(kept ? 1L : 0L, results.getOrDefault("bucketed:" + name, 0L), "bucketed join");
  }

  private static synchronized Map<String, Long> timeCaseResults() {
    if (timeCaseResults == null) {
      List<Map<String, Object>> network = new ArrayList<>();
      List<Map<String, Object>> process = new ArrayList<>();
      long id = 0;
      for (String[] c : readTimeCases()) {
        // The case name is the device, so every case is its own pair.
        Map<String, Object> connection = Events.inbound(c[0], ++id, c[1], 700);
        connection.put("InitiatingProcessCreationTime", c[4]);
        network.add(connection);
        process.add(Events.serviceStart(c[0], ++id, c[2], 700, c[3], "svc.exe", "sha"));
      }
      Dataset<Row> joined =
          joined(
              Fixtures.table(MdeTable.DEVICE_NETWORK_EVENTS, network),
              Fixtures.table(MdeTable.DEVICE_PROCESS_EVENTS, process));
      Map<String, Long> results = new HashMap<>();
      for (Row r : joined.groupBy("DeviceId").count().collectAsList()) {
        results.put("joined:" + r.getString(0), r.getLong(1));
      }
      for (Row r :
          Correlation.filter(joined, TemplateRule.params())
              .groupBy("DeviceId")
              .count()
              .collectAsList()) {
        results.put(r.getString(0), r.getLong(1));
      }
      Dataset<Row> networkEvents =
          ServiceNetworkEvents.select(
              Fixtures.table(MdeTable.DEVICE_NETWORK_EVENTS, network), TemplateRule.params());
      Dataset<Row> serviceStarts =
          ServiceStarts.select(
              Fixtures.table(MdeTable.DEVICE_PROCESS_EVENTS, process),
              networkEvents,
              TemplateRule.params());
      Dataset<Row> bucketed =
          Correlation.filter(
              Correlation.join(networkEvents, serviceStarts, TemplateRule.params()),
              TemplateRule.params());
      for (Row r : bucketed.groupBy("DeviceId").count().collectAsList()) {
        results.put("bucketed:" + r.getString(0), r.getLong(1));
      }
      timeCaseResults = results;
    }
    return timeCaseResults;
  }

  private static List<String[]> readTimeCases() {
    try (InputStream in = CorrelationTest.class.getResourceAsStream(TIME_CASES)) {
      List<String> lines =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .skip(1)
              .filter(l -> !l.isBlank())
              .toList();
      List<String[]> cases = new ArrayList<>();
      for (String line : lines) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim().equals("null") ? null : cells[i].trim();
        }
        cases.add(cells);
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataType type(MdeTable table, String column) {
    return table.typeOf(column);
  }
}
