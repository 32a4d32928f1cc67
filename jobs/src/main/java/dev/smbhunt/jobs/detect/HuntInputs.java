package dev.smbhunt.jobs.detect;

import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.LakeReader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.RuleParams;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
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
    Map<MdeTable, LakeReader.CountedRead> reads = new LinkedHashMap<>();
    for (MdeTable table : TABLES) {
      reads.put(
          table, DetectJob.readTable(spark, settings, table, ranges.get(table), params, skipped));
    }
    return of(reads);
  }

  /**
   * As above, the process and certificate tables read on {@code early}'s thread while this one
   * reads the network table: each read is the driver's listing, footers and contract checks, and
   * the second core has nothing else to do until the hunt is planned. The result, the errors and
   * the order of the {@code skipped} lines are those of the reads one after another.
   */
  static HuntInputs read(
      SparkSession spark,
      Settings settings,
      TimeRange range,
      RuleParams params,
      Consumer<String> skipped,
      EarlyJobs early) {
    Map<MdeTable, TimeRange> ranges = ranges(settings.rule(), range, params);
    Map<MdeTable, List<String>> skippedBy = new LinkedHashMap<>();
    Map<MdeTable, Future<LakeReader.CountedRead>> ahead = new LinkedHashMap<>();
    for (MdeTable table : TABLES) {
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      skippedBy.put(table, lines);
      if (table != MdeTable.DEVICE_NETWORK_EVENTS) {
        ahead.put(
            table,
            early.submit(
                () ->
                    DetectJob.readTable(
                        spark, settings, table, ranges.get(table), params, lines::add)));
      }
    }
    Map<MdeTable, LakeReader.CountedRead> reads = new LinkedHashMap<>();
    MdeTable network = MdeTable.DEVICE_NETWORK_EVENTS;
    reads.put(
        network,
        DetectJob.readTable(
            spark, settings, network, ranges.get(network), params, skippedBy.get(network)::add));
    ahead.forEach((table, read) -> reads.put(table, EarlyJobs.await(read)));
    skippedBy.values().forEach(lines -> lines.forEach(skipped));
    return of(reads);
  }

  private static final List<MdeTable> TABLES =
      List.of(
          MdeTable.DEVICE_NETWORK_EVENTS,
          MdeTable.DEVICE_PROCESS_EVENTS,
          MdeTable.DEVICE_FILE_CERTIFICATE_INFO);

  private static HuntInputs of(Map<MdeTable, LakeReader.CountedRead> reads) {
    Map<String, Dataset<Row>> inRange = new LinkedHashMap<>();
    for (MdeTable table : TABLES) {
      inRange.put(table.tableName(), reads.get(table).inRange());
    }
    return new HuntInputs(
        reads.get(MdeTable.DEVICE_NETWORK_EVENTS).rows(),
        reads.get(MdeTable.DEVICE_PROCESS_EVENTS).rows(),
        reads.get(MdeTable.DEVICE_FILE_CERTIFICATE_INFO).rows(),
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
