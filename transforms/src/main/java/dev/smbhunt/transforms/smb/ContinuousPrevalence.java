package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.HuntColumns.COUNT;
import static dev.smbhunt.transforms.smb.HuntColumns.SHA1;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_NETWORK_ACT;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_START;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.unix_micros;

import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Continuous mode's rating of each pair: its SHA1's {@code count_} and whether a certificate row
 * excludes it, each under the configured {@link ContinuousScope}. Per pair rather than per (window,
 * SHA1), because a lookback ends at each pair's own connection time.
 */
public final class ContinuousPrevalence {
  public static final String FIRST_CERTIFIED = "FirstCertified";
  private static final String CERT_WINDOW = "__CertWindowStart";
  private static final String CERT_SHA1 = "__CertSHA1";
  private static final String CERT_FIRST = "__CertFirst";

  private ContinuousPrevalence() {}

  /**
   * Adds {@code count_} to every pair, then keeps the pairs the run owns.
   *
   * @param pairs {@link Correlation#filter}'s output over the whole read range (lookback included)
   */
  public static Dataset<Row> counted(Dataset<Row> pairs, ContinuousScope scope) {
    WindowSpec peers =
        scope.prevalence() == ContinuousScope.PrevalenceScope.WINDOW
            ? Window.partitionBy(col(WINDOW_START), col(SHA1))
            // (t - lookback, t]: every pair up to this connection's instant, none after it (no
            // look-ahead).
            : Window.partitionBy(col(SHA1))
                .orderBy(unix_micros(col(TIMESTAMP_NETWORK_ACT)))
                .rangeBetween(-(scope.lookback().toNanos() / 1000 - 1), 0);
    // The run owns the pairs whose connection is in [from, to); the others only counted.
    Column owned =
        col(TIMESTAMP_NETWORK_ACT)
            .geq(lit(Timestamp.from(scope.from())))
            .and(col(TIMESTAMP_NETWORK_ACT).lt(lit(Timestamp.from(scope.to()))));
    return pairs.withColumn(COUNT, count(lit(1)).over(peers)).filter(owned);
  }

  /**
   * The certificate rows that can exclude a SHA1: (window, SHA1) pairs for {@code WINDOW}, each
   * SHA1's first certificate time for {@code HISTORY}.
   */
  public static Dataset<Row> certified(
      Dataset<Row> certificates, RuleParams params, ContinuousScope scope) {
    if (scope.certificates() == ContinuousScope.CertificateScope.WINDOW) {
      return Sha1Prevalence.certified(certificates, params);
    }
    return certificates
        .filter(col(TIMESTAMP).isNotNull())
        .groupBy(col(SHA1))
        .agg(min(col(TIMESTAMP)).as(FIRST_CERTIFIED));
  }

  /**
   * Adds {@link FinalSelection#IS_RARE_UNCERTIFIED}: no excluding certificate row and {@code
   * count_} below the threshold.
   */
  public static Dataset<Row> rated(
      Dataset<Row> counted, Dataset<Row> certified, RuleParams params, ContinuousScope scope) {
    Dataset<Row> joined;
    Column hasCertificate;
    if (scope.certificates() == ContinuousScope.CertificateScope.WINDOW) {
      Dataset<Row> certs =
          certified.select(col(WINDOW_START).as(CERT_WINDOW), col(SHA1).as(CERT_SHA1));
      // Any certificate row in the connection's window, on the un-folded hash, as the rule's
      // anti-join.
      Column sameWindowAndHash =
          col(WINDOW_START).equalTo(col(CERT_WINDOW)).and(col(SHA1).equalTo(col(CERT_SHA1)));
      joined = counted.join(certs, sameWindowAndHash, "left");
      hasCertificate = col(CERT_SHA1).isNotNull();
    } else {
      Dataset<Row> certs =
          certified.select(col(SHA1).as(CERT_SHA1), col(FIRST_CERTIFIED).as(CERT_FIRST));
      // One row per SHA1, so the left join never multiplies pairs.
      Column sameHash = col(SHA1).equalTo(col(CERT_SHA1));
      joined = counted.join(certs, sameHash, "left");
      // A certificate row known at the connection time excludes; one seen only later does not (no
      // look-ahead).
      hasCertificate = coalesce(col(CERT_FIRST).leq(col(TIMESTAMP_NETWORK_ACT)), lit(false));
    }
    // count_ < 100, with count_ as the scope defines it.
    Column belowPrevalence = col(COUNT).lt(params.prevalenceThreshold());
    return joined.withColumn(
        FinalSelection.IS_RARE_UNCERTIFIED, not(hasCertificate).and(belowPrevalence));
  }
}
