package dev.smbhunt.jobs.detect;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.smb.StageObserver;
import java.time.ZoneOffset;
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
      StageObserver counter,
      Consumer<String> skipped) {
    Map<MdeTable, TimeRange> ranges = ranges(settings.rule(), range, params);
    return new HuntInputs(
        read(spark, settings, MdeTable.DEVICE_NETWORK_EVENTS, ranges, params, counter, skipped),
        read(spark, settings, MdeTable.DEVICE_PROCESS_EVENTS, ranges, params, counter, skipped),
        read(
            spark,
            settings,
            MdeTable.DEVICE_FILE_CERTIFICATE_INFO,
            ranges,
            params,
            counter,
            skipped));
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

  static boolean isTable(String name) {
    for (MdeTable t : MdeTable.values()) {
      if (t.tableName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Dataset<Row> read(
      SparkSession spark,
      Settings settings,
      MdeTable table,
      Map<MdeTable, TimeRange> ranges,
      RuleParams params,
      StageObserver counter,
      Consumer<String> skipped) {
    return counter.observe(
        table.tableName(),
        DetectJob.readTable(spark, settings, table, ranges.get(table), params, skipped));
  }
}
