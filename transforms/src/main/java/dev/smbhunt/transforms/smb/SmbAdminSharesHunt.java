package dev.smbhunt.transforms.smb;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one entry point to the rule: wires the stages over three conformed, range-cut tables. {@code
 * detect} and the notebooks both call it; there is no second implementation.
 *
 * <p>All windows of a range are evaluated in one plan, with the window as part of every key, rather
 * than in a loop over hours.
 */
public final class SmbAdminSharesHunt {
  private SmbAdminSharesHunt() {}

  public static HuntStages stages(
      Dataset<Row> network,
      Dataset<Row> process,
      Dataset<Row> certificates,
      RuleParams params,
      RuleMetadata rule) {
    return stages(network, process, certificates, params, rule, StageObserver.NONE);
  }

  /**
   * As above, passing each stage through {@code observer} (for example to count rows per stage).
   */
  public static HuntStages stages(
      Dataset<Row> network,
      Dataset<Row> process,
      Dataset<Row> certificates,
      RuleParams params,
      RuleMetadata rule,
      StageObserver observer) {
    Dataset<Row> networkEvents =
        observer.observe("networkEvents", ServiceNetworkEvents.select(network, params));
    Dataset<Row> serviceStarts =
        observer.observe("serviceStarts", ServiceStarts.select(process, networkEvents, params));
    Dataset<Row> joined =
        observer.observe(
            "pairsBeforeTimeFilter", Correlation.join(networkEvents, serviceStarts, params));
    Dataset<Row> pairs = observer.observe("pairs", Correlation.filter(joined, params));
    Dataset<Row> counts = observer.observe("sha1Counts", Sha1Prevalence.counts(pairs));
    Dataset<Row> certified =
        observer.observe("certifiedSha1s", Sha1Prevalence.certified(certificates, params));
    Dataset<Row> rare =
        observer.observe("rareSha1s", Sha1Prevalence.rare(counts, certified, params));
    Dataset<Row> results =
        observer.observe("results", FinalSelection.select(pairs, counts, rare, params));
    Dataset<Row> alerts = AlertBuilder.build(results, rule, params);
    return new HuntStages(
        networkEvents, serviceStarts, joined, pairs, counts, certified, rare, results, alerts);
  }

  /**
   * Continuous mode: pairs correlated across window boundaries, each owned by its connection's
   * window, rated under {@code scope}. All other semantics are the rule's.
   *
   * @param network DeviceNetworkEvents over {@code [scope.networkFrom(), scope.to())}
   * @param process DeviceProcessEvents over {@code [scope.processFrom(params),
   *     scope.processTo(params))}
   * @param certificates DeviceFileCertificateInfo over {@code [scope.from(), scope.to())}, or from
   *     the start of history for {@code CertificateScope.HISTORY}
   */
  public static HuntStages continuousStages(
      Dataset<Row> network,
      Dataset<Row> process,
      Dataset<Row> certificates,
      RuleParams params,
      RuleMetadata rule,
      ContinuousScope scope,
      StageObserver observer) {
    Dataset<Row> networkEvents =
        observer.observe("networkEvents", ServiceNetworkEvents.select(network, params));
    Dataset<Row> serviceStarts =
        observer.observe(
            "serviceStarts", ContinuousCorrelation.serviceStarts(process, networkEvents, params));
    Dataset<Row> joined =
        observer.observe(
            "pairsBeforeTimeFilter",
            ContinuousCorrelation.join(networkEvents, serviceStarts, params));
    Dataset<Row> allPairs = Correlation.filter(joined, params);
    Dataset<Row> counted = observer.observe("pairs", ContinuousPrevalence.counted(allPairs, scope));
    Dataset<Row> certified =
        observer.observe(
            "certifiedSha1s", ContinuousPrevalence.certified(certificates, params, scope));
    Dataset<Row> rated = ContinuousPrevalence.rated(counted, certified, params, scope);
    Dataset<Row> rare =
        observer.observe("rareSha1s", rated.filter(col(FinalSelection.IS_RARE_UNCERTIFIED)));
    Dataset<Row> results =
        observer.observe("results", FinalSelection.keep(rated, allPairs.columns(), params));
    Dataset<Row> alerts = AlertBuilder.build(results, rule, params);
    Dataset<Row> pairs = counted.drop(HuntColumns.COUNT);
    return new HuntStages(
        networkEvents, serviceStarts, joined, pairs, counted, certified, rare, results, alerts);
  }
}
