package dev.smbhunt.jobs.detect;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.lake.LakeException;
import dev.smbhunt.jobs.lake.LakeReader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.rule.RuleTemplate;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.spark.NamedCache;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.smb.ContinuousScope;
import dev.smbhunt.transforms.smb.HuntStages;
import dev.smbhunt.transforms.smb.RuleParams;
import dev.smbhunt.transforms.smb.ServiceNetworkEvents;
import dev.smbhunt.transforms.smb.SmbAdminSharesHunt;
import dev.smbhunt.transforms.smb.StageObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code detect}: the rule over {@code [from, to)} of the lake, every window in one Spark plan,
 * merged into the alerts table.
 */
public final class DetectJob {
  private static final Logger LOG = LoggerFactory.getLogger(DetectJob.class);

  private DetectJob() {}

  public static DetectSummary run(SparkSession spark, Settings settings, TimeRange range) {
    Instant started = Instant.now();
    Settings.Rule rule = settings.rule();
    RuleTemplate template = RuleTemplate.load(rule.template());
    if (!template.queryPeriod().equals(rule.window())) {
      LOG.warn(
          "rule.window {} differs from the template's queryPeriod {}: not an exact emulation",
          rule.window(),
          template.queryPeriod());
    }
    RuleParams params = rule.params();

    StageCounter counter = new StageCounter();
    TableRef alertsPath = settings.alertsRef();
    AlertsTable.MergeResult merged;
    Map<String, Long> rowsRead;
    Map<String, Long> perStage;
    List<String> warnings;
    List<String> skipped = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try (EarlyJobs early = new EarlyJobs(spark);
        ReusedStages reused = new ReusedStages(counter, early)) {
      HuntInputs inputs = HuntInputs.read(spark, settings, range, params, skipped::add, early);
      HuntStages stages = stages(settings, range, params, template, inputs, reused);
      // Counted on the early jobs' thread after the persisted stages, beside the hunt's planning.
      java.util.concurrent.Future<Map<String, Long>> rowsReadAhead = early.submit(inputs::rowsRead);
      LOG.info(
          "detect {} ({} mode): {} window(s) over {}",
          range,
          rule.mode().configName(),
          range.windows(rule.window()),
          settings.lake().display());
      // Computed once: the stage counts and the alerts' count come from this execution, and the
      // write reads the cached rows.
      Dataset<Row> persisted =
          NamedCache.persist(
              AlertsTable.prepare(stages.alerts(), started),
              "alerts",
              StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> alerts = NamedCache.cachedRows(persisted);
      try {
        long candidates = alerts.count();
        perStage = counter.counts();
        rowsRead = EarlyJobs.await(rowsReadAhead);
        warnings = new java.util.ArrayList<>(EmptyTables.warnings(rowsRead, range.toString()));
        warnings.addAll(skipped);
        warnings.forEach(w -> LOG.warn("{}", w));
        if (!warnings.isEmpty() && settings.lake().failOnEmptyTable()) {
          throw new LakeException(
              warnings.get(0) + "; nothing was written (lake.empty-table = fail)");
        }
        LOG.info(
            "hunt done in {} s: {} alert row(s); merging into {}",
            seconds(started),
            candidates,
            alertsPath.display());
        merged =
            AlertsTable.mergePrepared(
                spark, alertsPath, alerts, candidates, settings.alerts().mergeRetries());
      } finally {
        persisted.unpersist();
      }
    }
    long total =
        merged.tableRows() != null
            ? merged.tableRows()
            : AlertsTable.read(spark, alertsPath).count();
    LOG.info("merge done at {} s: {} new", seconds(started), merged.inserted());

    perStage.put("alerts", merged.candidates());
    return new DetectSummary(
        range.toString(),
        range.windows(rule.window()),
        rowsRead,
        perStage,
        merged.candidates(),
        merged.inserted(),
        total,
        alertsPath,
        Duration.between(started, Instant.now()),
        List.copyOf(warnings),
        skipped.size());
  }

  /**
   * The reads and stages of one run, lazily, in the configured mode: the three tables read with
   * partition pruning and pushed filters, each over the range its mode needs (see {@link
   * HuntInputs}), then {@link SmbAdminSharesHunt}. {@code detect} executes this, and the benchmark
   * times it.
   */
  public static HuntStages hunt(
      SparkSession spark,
      Settings settings,
      TimeRange range,
      RuleParams params,
      RuleTemplate template,
      StageObserver observer) {
    return hunt(spark, settings, range, params, template, observer, w -> LOG.warn("{}", w));
  }

  /**
   * As above; {@code skipped} is told of each unreadable file {@code lake.unreadable-files = skip}
   * leaves out.
   */
  public static HuntStages hunt(
      SparkSession spark,
      Settings settings,
      TimeRange range,
      RuleParams params,
      RuleTemplate template,
      StageObserver observer,
      java.util.function.Consumer<String> skipped) {
    HuntInputs inputs = HuntInputs.read(spark, settings, range, params, skipped);
    return stages(settings, range, params, template, inputs, observer);
  }

  private static HuntStages stages(
      Settings settings,
      TimeRange range,
      RuleParams params,
      RuleTemplate template,
      HuntInputs inputs,
      StageObserver observer) {
    Settings.Rule rule = settings.rule();
    return rule.continuousMode()
        ? SmbAdminSharesHunt.continuousStages(
            inputs.network(),
            inputs.process(),
            inputs.certificates(),
            params,
            template.metadata(),
            continuousScope(rule.continuous(), range),
            observer)
        : SmbAdminSharesHunt.stages(
            inputs.network(),
            inputs.process(),
            inputs.certificates(),
            params,
            template.metadata(),
            observer);
  }

  /**
   * One input table, with the rule's pushable equalities handed to the Parquet reader; the network
   * table may also be cut to {@code networkEvents}' filter already (late materialization).
   */
  public static Dataset<Row> readTable(
      SparkSession spark, Settings settings, MdeTable table, TimeRange range, RuleParams params) {
    return readTable(spark, settings, table, range, params, w -> LOG.warn("{}", w)).rows();
  }

  /** As above, with the range's rows before the pushed equalities beside it, for counting. */
  static LakeReader.CountedRead readTable(
      SparkSession spark,
      Settings settings,
      MdeTable table,
      TimeRange range,
      RuleParams params,
      java.util.function.Consumer<String> skipped) {
    Map<String, String> pushed =
        table == MdeTable.DEVICE_NETWORK_EVENTS
            ? ServiceNetworkEvents.pushableEqualities(params)
            : Map.of();
    // The network read applies the whole networkEvents filter early where it can: about one row in
    // 6,500 passes it, and those rows alone are read whole (LateFetch).
    Optional<Column> keeps =
        table == MdeTable.DEVICE_NETWORK_EVENTS
            ? Optional.of(ServiceNetworkEvents.keeps(params))
            : Optional.empty();
    return LakeReader.readCounted(spark, settings.lake(), table, range, pushed, keeps, skipped);
  }

  private static String seconds(Instant since) {
    return String.format("%.1f", Duration.between(since, Instant.now()).toMillis() / 1000.0);
  }

  /** Continuous mode's scope for a run owning {@code range}. */
  public static ContinuousScope continuousScope(Settings.Continuous c, TimeRange range) {
    return new ContinuousScope(
        range.from(), range.to(), c.prevalenceScope(), c.lookback(), c.certificateScope());
  }
}
