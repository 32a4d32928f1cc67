package dev.smbhunt.transforms.smb;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one entry point to the rule: wires the stages over three conformed, range-cut tables. {@code detect}
 * and the notebooks both call it; there is no second implementation.
 *
 * <p>All windows of a range are evaluated in one plan, with the window as part of every key, rather than
 * in a loop over hours.
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

  /** As above, passing each stage through {@code observer} (for example to count rows per stage). */
  public static HuntStages stages(
      Dataset<Row> network,
      Dataset<Row> process,
      Dataset<Row> certificates,
      RuleParams params,
      RuleMetadata rule,
      StageObserver observer) {
    Dataset<Row> networkEvents = observer.observe("networkEvents", ServiceNetworkEvents.select(network, params));
    Dataset<Row> serviceStarts =
        observer.observe("serviceStarts", ServiceStarts.select(process, networkEvents, params));
    Dataset<Row> joined = observer.observe("pairsBeforeTimeFilter", Correlation.join(networkEvents, serviceStarts, params));
    Dataset<Row> pairs = observer.observe("pairs", Correlation.filter(joined, params));
    Dataset<Row> counts = observer.observe("sha1Counts", Sha1Prevalence.counts(pairs));
    Dataset<Row> certified = observer.observe("certifiedSha1s", Sha1Prevalence.certified(certificates, params));
    Dataset<Row> rare = observer.observe("rareSha1s", Sha1Prevalence.rare(counts, certified, params));
    Dataset<Row> results = observer.observe("results", FinalSelection.select(pairs, counts, rare, params));
    Dataset<Row> alerts = AlertBuilder.build(results, rule, params);
    return new HuntStages(
        networkEvents, serviceStarts, joined, pairs, counts, certified, rare, results, alerts);
  }
}
