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
    Dataset<Row> networkEvents = ServiceNetworkEvents.select(network, params);
    Dataset<Row> serviceStarts = ServiceStarts.select(process, networkEvents, params);
    Dataset<Row> joined = Correlation.join(networkEvents, serviceStarts);
    Dataset<Row> pairs = Correlation.filter(joined, params);
    Dataset<Row> counts = Sha1Prevalence.counts(pairs);
    Dataset<Row> certified = Sha1Prevalence.certified(certificates, params);
    Dataset<Row> rare = Sha1Prevalence.rare(counts, certified, params);
    Dataset<Row> results = FinalSelection.select(pairs, counts, rare, params);
    Dataset<Row> alerts = AlertBuilder.build(results, rule, params);
    return new HuntStages(
        networkEvents, serviceStarts, joined, pairs, counts, certified, rare, results, alerts);
  }
}
