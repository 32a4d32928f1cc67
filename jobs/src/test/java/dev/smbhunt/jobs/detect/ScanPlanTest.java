package dev.smbhunt.jobs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.rule.RuleTemplate;
import dev.smbhunt.jobs.testing.TinyLake;
import dev.smbhunt.jobs.testing.TinyLake.Layout;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.HuntStages;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scala.collection.JavaConverters;

/**
 * The physical plan of {@code detect}'s hunt (with the stage counters it runs with, without the
 * reuse of {@code ReusedStages}): every scan of a table reads only columns the rule uses, its
 * widest scan exactly those, the certificate table is scanned once, every scan lists only the
 * range's date partition and gets the range's {@code Timestamp} bound, and each network scan gets
 * the {@code ActionType} equality. How often the network and process tables are scanned is {@code
 * ReusedStages}' concern, not checked here.
 */
class ScanPlanTest {
  private final SparkSession spark = TestSpark.session();

  @ParameterizedTest
  @CsvSource({
    "true, 2026-01-05, 2026-01-06",
    "true, 2026-01-05T12:00:00Z, 2026-01-05T13:00:00Z",
    "false, 2026-01-05, 2026-01-06"
  })
  void scansReadOnlyNeededColumnsOfTheRangesPartitionsWithThePushedActionType(
      boolean late, String from, String to) {
    TimeRange range = TimeRange.parse(from, to);
    // Over whole days of date folders the late read's narrow scan leaves Timestamp to the fetched
    // rows; over part of a day it reads Timestamp too, so Parquet statistics can skip row groups.
    boolean timestampInNarrowScan = !range.isWholeDays();
    Path lake = TinyLake.shared(spark, Layout.PARQUET_BY_DATE);
    Settings settings =
        SettingsLoader.load(null, List.of("lake.late-materialization=" + late))
            .withLakeRoot(lake.toString());
    RuleParams params = settings.rule().params();
    RuleTemplate template = RuleTemplate.load(settings.rule().template());
    HuntStages stages =
        DetectJob.hunt(spark, settings, range, params, template, new StageCounter());

    Map<String, List<FileSourceScanExec>> scans =
        scansByTable(stages.alerts().queryExecution().executedPlan());
    assertEquals(
        Set.of("DeviceNetworkEvents", "DeviceProcessEvents", "DeviceFileCertificateInfo"),
        scans.keySet());
    // The KQL result carries every DeviceNetworkEvents column. Read late, the network table is
    // scanned for the columns of networkEvents' filter and each row's place in its file only, and
    // its other columns are fetched for the kept rows (LateFetch); read whole, the widest network
    // scan reads them all (re-reads for the semi-join's device list and the stage counters take
    // only key columns). The other two tables are read only for the columns the rule projects or
    // compares.
    assertReads(
        scans.get("DeviceNetworkEvents"),
        late
            ? narrowNetworkScan(timestampInNarrowScan)
            : columnsOf(MdeTable.DEVICE_NETWORK_EVENTS));
    assertEquals(
        late, stages.alerts().queryExecution().executedPlan().toString().contains("MapPartitions"));
    assertReads(
        scans.get("DeviceProcessEvents"),
        new TreeSet<>(
            List.of(
                "Timestamp",
                "DeviceId",
                "DeviceName",
                "FileName",
                "ProcessCommandLine",
                "SHA1",
                "InitiatingProcessFileName",
                "InitiatingProcessCommandLine",
                "InitiatingProcessSHA1",
                "InitiatingProcessId",
                "InitiatingProcessCreationTime",
                "ReportId")));
    assertReads(
        scans.get("DeviceFileCertificateInfo"), new TreeSet<>(List.of("Timestamp", "SHA1")));
    assertEquals(1, scans.get("DeviceFileCertificateInfo").size());
    List<FileSourceScanExec> network = scans.get("DeviceNetworkEvents");

    for (FileSourceScanExec scan : scans.values().stream().flatMap(List::stream).toList()) {
      String partitionFilters = scan.partitionFilters().mkString(" AND ");
      assertTrue(
          partitionFilters.contains("date") && partitionFilters.contains("2026-01-05"),
          partitionFilters);
      // Only the range's one date partition is listed, not the lake's two.
      assertEquals(1, scan.selectedPartitions().length, "partitions of " + scan.tableIdentifier());
      boolean narrow = readSchema(scan).contains("_tmp_metadata_row_index");
      boolean rangePushed = !narrow || timestampInNarrowScan;
      assertEquals(
          rangePushed,
          pushedFilters(scan).contains("GreaterThanOrEqual(Timestamp,"),
          pushedFilters(scan));
    }
    for (FileSourceScanExec scan : network) {
      assertTrue(
          pushedFilters(scan).contains("EqualTo(ActionType,InboundConnectionAccepted)"),
          pushedFilters(scan));
    }
    assertFalse(pushedFilters(scans.get("DeviceProcessEvents").get(0)).contains("ActionType"));
  }

  private static TreeSet<String> narrowNetworkScan(boolean withTimestamp) {
    TreeSet<String> columns =
        new TreeSet<>(
            List.of("ActionType", "InitiatingProcessFileName", "_tmp_metadata_row_index"));
    if (withTimestamp) {
      columns.add("Timestamp");
    }
    return columns;
  }

  private static Map<String, List<FileSourceScanExec>> scansByTable(SparkPlan plan) {
    Map<String, List<FileSourceScanExec>> byTable = new HashMap<>();
    List<SparkPlan> nodes = new ArrayList<>();
    collect(plan, nodes);
    for (SparkPlan node : nodes) {
      if (node instanceof FileSourceScanExec scan) {
        String root = scan.relation().location().rootPaths().head().toString();
        for (MdeTable t : MdeTable.values()) {
          if (root.contains("/" + t.tableName())) {
            byTable.computeIfAbsent(t.tableName(), k -> new ArrayList<>()).add(scan);
          }
        }
      }
    }
    return byTable;
  }

  // Walks children and subqueries (broadcasts and reused exchanges are children too).
  private static void collect(SparkPlan node, List<SparkPlan> out) {
    out.add(node);
    for (SparkPlan child : JavaConverters.seqAsJavaList(node.children())) {
      collect(child, out);
    }
    for (SparkPlan sub : JavaConverters.seqAsJavaList(node.subqueries())) {
      collect(sub, out);
    }
  }

  /**
   * The widest scan reads exactly {@code needed}; every other scan of the table reads a subset of
   * it.
   */
  private static void assertReads(List<FileSourceScanExec> scans, TreeSet<String> needed) {
    TreeSet<String> widest = new TreeSet<>();
    for (FileSourceScanExec scan : scans) {
      assertTrue(needed.containsAll(readSchema(scan)), readSchema(scan) + " not within " + needed);
      if (readSchema(scan).size() > widest.size()) {
        widest = readSchema(scan);
      }
    }
    assertEquals(needed, widest);
  }

  private static TreeSet<String> readSchema(FileSourceScanExec scan) {
    return new TreeSet<>(Arrays.asList(scan.requiredSchema().fieldNames()));
  }

  private static TreeSet<String> columnsOf(MdeTable table) {
    return new TreeSet<>(Arrays.asList(table.schema().fieldNames()));
  }

  private static String pushedFilters(FileSourceScanExec scan) {
    return scan.metadata().get("PushedFilters").get();
  }
}
