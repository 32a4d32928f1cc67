package dev.smbhunt.jobs.detect;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.RuleParams;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The three tables one run reads, each cut to the range its mode needs: rule mode reads exactly the
 * range; continuous mode reads process events slightly beyond it (children across the edges),
 * earlier network and process events for a prevalence lookback, and certificate history for {@code
 * certificate-scope = history}.
 */
public record HuntInputs(Dataset<Row> network, Dataset<Row> process, Dataset<Row> certificates) {

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
    return new HuntInputs(
        read(spark, settings, MdeTable.DEVICE_NETWORK_EVENTS, ranges, params, skipped),
        read(spark, settings, MdeTable.DEVICE_PROCESS_EVENTS, ranges, params, skipped),
        read(spark, settings, MdeTable.DEVICE_FILE_CERTIFICATE_INFO, ranges, params, skipped));
  }

  /**
   * The rows each table read, by table name: one count per table, which Spark answers from the
   * columns its filters name alone.
   *
   * <p>Not a Dataset observation on the read, as the later stages' counts are: an observation is an
   * operator Spark cannot compile into the scan's generated code, so every row reaching it would be
   * copied whole, all columns decoded, before the hunt's selective filters drop nearly all of them
   * (docs/benchmark.md). These counts read the same files, listed once when the reads were planned.
   */
  Map<String, Long> rowsRead() {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put(MdeTable.DEVICE_NETWORK_EVENTS.tableName(), network.count());
    rows.put(MdeTable.DEVICE_PROCESS_EVENTS.tableName(), process.count());
    rows.put(MdeTable.DEVICE_FILE_CERTIFICATE_INFO.tableName(), certificates.count());
    return rows;
  }

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

  private static Dataset<Row> read(
      SparkSession spark,
      Settings settings,
      MdeTable table,
      Map<MdeTable, TimeRange> ranges,
      RuleParams params,
      Consumer<String> skipped) {
    return DetectJob.readTable(spark, settings, table, ranges.get(table), params, skipped);
  }
}
