package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.HuntColumns.COUNT;
import static dev.smbhunt.transforms.smb.HuntColumns.SHA1;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_START;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stage 4, {@code serviceNetworkEventsWithSHA1}:
 *
 * <pre>
 * serviceNetworkEvents
 * | summarize count() by SHA1
 * | join kind=leftanti hint.strategy=broadcast DeviceFileCertificateInfo on SHA1
 * | where count_ &lt; 100
 * </pre>
 *
 * Per window, as each Sentinel run computed it over its own hour, certificate table included.
 */
public final class Sha1Prevalence {
  private static final String CERT_WINDOW = "__CertWindowStart";
  private static final String CERT_SHA1 = "__CertSHA1";

  private Sha1Prevalence() {}

  /**
   * {@code summarize count() by SHA1}: counts joined pairs, not processes; {@code ""} is a group.
   */
  public static Dataset<Row> counts(Dataset<Row> pairs) {
    return pairs.groupBy(col(WINDOW_START), col(SHA1)).agg(count(lit(1)).as(COUNT));
  }

  /** The SHA1s with any certificate row in the window; signed or not, any row excludes. */
  public static Dataset<Row> certified(Dataset<Row> certificates, RuleParams params) {
    return certificates
        .select(
            Windows.windowStart(col(TIMESTAMP), params.windowSeconds()).as(WINDOW_START), col(SHA1))
        .distinct();
  }

  /** Counts with no certificate row in their window, below the prevalence threshold. */
  public static Dataset<Row> rare(Dataset<Row> counts, Dataset<Row> certified, RuleParams params) {
    Dataset<Row> certs =
        certified.select(col(WINDOW_START).as(CERT_WINDOW), col(SHA1).as(CERT_SHA1));
    // Join on the un-folded hash, case-sensitively, after "" coalescing on both sides.
    Column hasCertificate =
        col(WINDOW_START).equalTo(col(CERT_WINDOW)).and(col(SHA1).equalTo(col(CERT_SHA1)));
    Column belowPrevalence = col(COUNT).lt(params.prevalenceThreshold());
    return counts.join(broadcast(certs), hasCertificate, "left_anti").filter(belowPrevalence);
  }
}
