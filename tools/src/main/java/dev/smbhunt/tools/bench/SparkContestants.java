package dev.smbhunt.tools.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.detect.DetectJob;
import dev.smbhunt.jobs.detect.EarlyJobs;
import dev.smbhunt.jobs.detect.ReusedStages;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.rule.RuleTemplate;
import dev.smbhunt.transforms.kql.Kql;
import dev.smbhunt.transforms.schema.InputContract;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.Correlation;
import dev.smbhunt.transforms.smb.FinalSelection;
import dev.smbhunt.transforms.smb.HuntColumns;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.smb.ServiceNetworkEvents;
import dev.smbhunt.transforms.smb.ServiceStarts;
import dev.smbhunt.transforms.smb.Sha1Prevalence;
import dev.smbhunt.transforms.smb.StageObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark contestants: smb-hunt itself, a naive literal translation, and the scan-and-filter
 * floor.
 */
final class SparkContestants {
  private SparkContestants() {}

  static List<Contestant> all() {
    return List.of(new SmbHunt(), new Naive(), new Floor());
  }

  /** Keeps the plan of the last run, with its metrics, for {@link #lastProfile}. */
  abstract static class Profiled implements Contestant {
    private final StringBuilder profile = new StringBuilder();

    /** Collects the result keys of {@code results} and records its executed plan. */
    List<String> keysProfiled(Dataset<Row> results) {
      Dataset<Row> executed = keyed(results);
      List<String> keys = keys(executed);
      profile.setLength(0);
      profile.append(PlanProfile.of(name(), executed));
      return keys;
    }

    long checksumProfiled(String table, Dataset<Row> rows, boolean first) {
      Dataset<Row> executed = rows.agg(sum(xxhash64(allColumns(rows))));
      Row r = executed.first();
      if (first) {
        profile.setLength(0);
      }
      profile.append(PlanProfile.of(name() + " " + table, executed));
      return r.isNullAt(0) ? 0 : r.getLong(0);
    }

    @Override
    public String lastProfile() {
      return profile.length() == 0 ? null : profile.toString();
    }
  }

  /** (a) detect's hunt: the same reader and stages as {@code detect}, up to the result rows. */
  static final class SmbHunt extends Profiled {
    @Override
    public String name() {
      return "a-smb-hunt";
    }

    @Override
    public String description() {
      return "detect's hunt (DetectJob.hunt: pruned, pushed-down reads, bucketed join, networkEvents and "
          + "serviceStarts persisted for the run, broadcast SHA1 verdicts) up to the KQL result rows, every "
          + "column hashed, keys collected; without AlertBuilder and the Delta MERGE";
    }

    @Override
    public List<String> run(SparkSession spark, Settings settings, BenchLake lake) {
      Settings s = settings.withLakeRoot(lake.root().toString());
      RuleParams params = s.rule().params();
      RuleTemplate template = RuleTemplate.load(s.rule().template());
      // As detect runs it: the stages whose inputs would be scanned twice are persisted for the
      // run, and computed ahead while the rest of the hunt is planned.
      try (EarlyJobs early = new EarlyJobs(spark);
          ReusedStages reused = new ReusedStages(StageObserver.NONE, early)) {
        return keysProfiled(
            DetectJob.hunt(spark, s, lake.range(), params, template, reused).results());
      }
    }
  }

  /**
   * (b) the KQL read literally: whole tables, conformed, then cut to the range (no partition
   * pruning, no pushed filters), and the literal equi-join of every connection with every child of
   * its services.exe.
   */
  static final class Naive extends Profiled {
    @Override
    public String name() {
      return "b-naive-spark";
    }

    @Override
    public String description() {
      return "literal Spark translation: full-table reads, no pruning or pushdown, equi-join on "
          + "(DeviceId, PID, file name, window) then the time filters; result rows collected as keys";
    }

    @Override
    public List<String> run(SparkSession spark, Settings settings, BenchLake lake) {
      Settings s = settings.withLakeRoot(lake.root().toString());
      RuleParams params = s.rule().params();
      Dataset<Row> network = whole(spark, s, MdeTable.DEVICE_NETWORK_EVENTS, lake.range());
      Dataset<Row> process = whole(spark, s, MdeTable.DEVICE_PROCESS_EVENTS, lake.range());
      Dataset<Row> certificates =
          whole(spark, s, MdeTable.DEVICE_FILE_CERTIFICATE_INFO, lake.range());
      Dataset<Row> networkEvents = ServiceNetworkEvents.select(network, params);
      Dataset<Row> serviceStarts = ServiceStarts.select(process, networkEvents, params);
      Dataset<Row> pairs =
          Correlation.filter(Correlation.join(networkEvents, serviceStarts), params);
      Dataset<Row> counts = Sha1Prevalence.counts(pairs);
      Dataset<Row> rare =
          Sha1Prevalence.rare(counts, Sha1Prevalence.certified(certificates, params), params);
      return keysProfiled(FinalSelection.select(pairs, counts, rare, params));
    }

    private static Dataset<Row> whole(
        SparkSession spark, Settings s, MdeTable table, TimeRange range) {
      Dataset<Row> raw =
          spark
              .read()
              .parquet(s.lake().rootLocation().child(s.lake().tables().get(table).name()).uri());
      // The KQL's time range, applied after conforming: nothing here can reach the Parquet reader.
      Column inRange = range.contains(col(HuntColumns.TIMESTAMP));
      return InputContract.conform(table, raw).filter(inRange);
    }
  }

  /**
   * (d) the floor: detect's own reads (same columns, partitions and pushed filters) and the rule's
   * row filters, reduced to one checksum per table so that every needed column is decoded, but no
   * join.
   */
  static final class Floor extends Profiled {
    @Override
    public String name() {
      return "d-floor-scan";
    }

    @Override
    public String description() {
      return "scan + filter only: detect's reads of the three tables with the rule's row filters "
          + "(services.exe inbound; services.exe children), hashing the columns detect reads; no join";
    }

    @Override
    public List<String> run(SparkSession spark, Settings settings, BenchLake lake) {
      Settings s = settings.withLakeRoot(lake.root().toString());
      RuleParams params = s.rule().params();
      Dataset<Row> network =
          ServiceNetworkEvents.select(
              DetectJob.readTable(spark, s, MdeTable.DEVICE_NETWORK_EVENTS, lake.range(), params),
              params);
      // The process columns detect projects (ServiceStarts' projection) and the SCM filter it
      // applies.
      Column startedByScm =
          Kql.equalsIgnoreCase(col("InitiatingProcessFileName"), params.servicesProcess());
      Dataset<Row> process =
          DetectJob.readTable(spark, s, MdeTable.DEVICE_PROCESS_EVENTS, lake.range(), params)
              .filter(startedByScm)
              .select(processColumnsDetectReads());
      Dataset<Row> certificates =
          DetectJob.readTable(spark, s, MdeTable.DEVICE_FILE_CERTIFICATE_INFO, lake.range(), params)
              .select("Timestamp", "SHA1");
      long checksum =
          checksumProfiled("network", network, true)
              + checksumProfiled("process", process, false)
              + checksumProfiled("certificates", certificates, false);
      return checksum == Long.MIN_VALUE ? List.of() : null;
    }

    /** allServices' source columns (HuntColumns' projection) and the child's ReportId. */
    private static Column[] processColumnsDetectReads() {
      List<Column> columns = new ArrayList<>();
      HuntColumns.ALL_SERVICES_PROJECTION.forEach(p -> columns.add(col(p[1])));
      columns.add(col(HuntColumns.REPORT_ID));
      return columns.toArray(Column[]::new);
    }
  }

  /**
   * One key per result row, and a hash of every result column that rides along so that the whole
   * result is computed, as {@code detect} would write it: column pruning cannot reduce a contestant
   * to its keys.
   */
  static Dataset<Row> keyed(Dataset<Row> results) {
    return results.select(key(), xxhash64(allColumns(results)));
  }

  /**
   * One result row's key, as every contestant gives it: {@code
   * DeviceId|ReportId|ProcessReportId|WindowStart}.
   */
  static Column key() {
    return concat_ws(
        "|",
        col("DeviceId"),
        col("ReportId").cast("string"),
        col("ProcessReportId").cast("string"),
        date_format(col("WindowStart"), "yyyy-MM-dd'T'HH:mm:ss'Z'"));
  }

  private static Column[] allColumns(Dataset<Row> rows) {
    return Arrays.stream(rows.columns()).map(c -> col(c)).toArray(Column[]::new);
  }

  /** The sorted keys of {@link #keyed} rows; the alerts are few, so collecting them is cheap. */
  static List<String> keys(Dataset<Row> keyed) {
    List<String> keys = new ArrayList<>();
    for (Row r : keyed.collectAsList()) {
      keys.add(r.getString(0));
    }
    Collections.sort(keys);
    return keys;
  }
}
