package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.LakeReader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.RuleParams;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The three tables one run reads, each cut to the range its mode needs: rule mode reads exactly the
 * range; continuous mode reads process events slightly beyond it (children across the edges),
 * earlier network and process events for a prevalence lookback, and certificate history for {@code
 * certificate-scope = history}. The network rows may already be cut to {@code networkEvents}'
 * filter ({@code lake.late-materialization}), which the hunt applies anyway.
 */
public record HuntInputs(
    Dataset<Row> network,
    Dataset<Row> process,
    Dataset<Row> certificates,
    Map<String, Dataset<Row>> inRange) {

  /**
   * @param skipped told of each file {@code lake.unreadable-files = skip} leaves out, one line each
   */
  static HuntInputs read(
      SparkSession spark,
      Settings settings,
      TimeRange range,
      RuleParams params,
      Consumer<String> skipped) {
    Map<MdeTable, TimeRange> ranges = ranges(settings.rule(), range, params);
    Map<String, Dataset<Row>> inRange = new LinkedHashMap<>();
    Map<MdeTable, Dataset<Row>> rows = new LinkedHashMap<>();
    for (MdeTable table :
        List.of(
            MdeTable.DEVICE_NETWORK_EVENTS,
            MdeTable.DEVICE_PROCESS_EVENTS,
            MdeTable.DEVICE_FILE_CERTIFICATE_INFO)) {
      LakeReader.CountedRead read =
          DetectJob.readTable(spark, settings, table, ranges.get(table), params, skipped);
      rows.put(table, read.rows());
      inRange.put(table.tableName(), read.inRange());
    }
    return new HuntInputs(
        rows.get(MdeTable.DEVICE_NETWORK_EVENTS),
        rows.get(MdeTable.DEVICE_PROCESS_EVENTS),
        rows.get(MdeTable.DEVICE_FILE_CERTIFICATE_INFO),
        Collections.unmodifiableMap(inRange));
  }

  /**
   * The rows each table read, by table name: every row of the range it was read over, before the
   * ActionType equality pushed into the network read. One count per table, all in one job, which
   * Spark answers from the Timestamp column (and the date folders) alone.
   *
   * <p>Not a Dataset observation on the read, as the later stages' counts are: an observation is an
   * operator Spark cannot compile into the scan's generated code, so every row reaching it would be
   * copied whole, all columns decoded, before the hunt's selective filters drop nearly all of them.
   * Nor a count after the pushed equality: that decodes ActionType for every network row a second
   * time (docs/benchmark.md).
   */
  Map<String, Long> rowsRead() {
    // One job for the three counts, not three: each job of a one-hour run costs its planning and
    // scheduling, about as much as the count itself (docs/benchmark.md).
    List<String> tables = List.copyOf(inRange.keySet());
    Dataset<Row> tagged = null;
    for (int i = 0; i < tables.size(); i++) {
      Dataset<Row> one = inRange.get(tables.get(i)).select(lit(i).as(TABLE_INDEX));
      tagged = tagged == null ? one : tagged.union(one);
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    tables.forEach(t -> rows.put(t, 0L));
    if (tagged != null) {
      // At most three rows: one per table that read any.
      for (Row r : tagged.groupBy(TABLE_INDEX).count().collectAsList()) {
        rows.put(tables.get(r.getInt(0)), r.getLong(1));
      }
    }
    return rows;
  }

  private static final String TABLE_INDEX = "table";

  /** The range each table is read over for a run owning {@code range}. */
  public static Map<MdeTable, TimeRange> ranges(
      Settings.Rule rule, TimeRange range, RuleParams params) {
    if (!rule.continuousMode()) {
      return Map.of(
          MdeTable.DEVICE_NETWORK_EVENTS, range,
          MdeTable.DEVICE_PROCESS_EVENTS, range,
          MdeTable.DEVICE_FILE_CERTIFICATE_INFO, range);
    }
    ContinuousScope scope = DetectJob.continuousScope(rule.continuous(), range);
    TimeRange certificates =
        scope.certificates() == ContinuousScope.CertificateScope.HISTORY
            ? new TimeRange(
                rule.continuous().historyStart().atStartOfDay(ZoneOffset.UTC).toInstant(),
                range.to())
            : range;
    return Map.of(
        MdeTable.DEVICE_NETWORK_EVENTS, new TimeRange(scope.networkFrom(), range.to()),
        MdeTable.DEVICE_PROCESS_EVENTS,
            new TimeRange(scope.processFrom(params), scope.processTo(params)),
        MdeTable.DEVICE_FILE_CERTIFICATE_INFO, certificates);
  }
}
