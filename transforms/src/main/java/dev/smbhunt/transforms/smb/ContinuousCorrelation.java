package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.HuntColumns.DEVICE_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.INITIATING_PROCESS_FILE_NAME;
import static dev.smbhunt.transforms.smb.HuntColumns.INITIATING_PROCESS_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.PROCESS_REPORT_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_CHILD;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_NETWORK_ACT;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_START;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_seconds;

import dev.smbhunt.transforms.kql.Kql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Continuous mode's {@code allServices} and join: the same keys as {@link Correlation#join} but without the
 * window, so a connection at 10:59:58 pairs with its child at 11:00:02. The pair keeps its connection's
 * window. The time filters are {@link Correlation#filter}, unchanged.
 *
 * <p>Instead of the window, both sides carry a time bucket of {@code max - min + 1} seconds: a child's
 * allowed seconds span at most two buckets of its connection, so the join stays an equi-join whose size
 * grows with the data, not with the square of a services.exe instance's lifetime.
 */
public final class ContinuousCorrelation {
  private static final String SCM_DEVICE = "__ScmDeviceId";
  private static final String BUCKET = "__SecondBucket";
  private static final String CHILD_BUCKET = "__ChildSecondBucket";

  private ContinuousCorrelation() {}

  /** {@code allServices}, pre-filtered to devices with SCM traffic anywhere in the read range. */
  public static Dataset<Row> serviceStarts(Dataset<Row> process, Dataset<Row> networkEvents, RuleParams params) {
    Dataset<Row> devicesWithScmTraffic = networkEvents.select(col(DEVICE_ID).as(SCM_DEVICE)).distinct();
    // DeviceId in ((networkEvents | project DeviceId)): only an optimisation here, the join repeats it.
    Column deviceHadScmTraffic = col(DEVICE_ID).equalTo(col(SCM_DEVICE));
    // =~ folds ASCII case; the later join key comparison does not.
    Column startedByScm = Kql.equalsIgnoreCase(col(INITIATING_PROCESS_FILE_NAME), params.servicesProcess());
    return process
        .filter(startedByScm)
        .join(devicesWithScmTraffic, deviceHadScmTraffic, "left_semi")
        .select(ServiceStarts.projection().toArray(Column[]::new));
  }

  /** Every (connection, child) candidate within the correlation band's buckets, with KQL's names. */
  public static Dataset<Row> join(Dataset<Row> networkEvents, Dataset<Row> serviceStarts, RuleParams params) {
    long bucketSeconds = params.maxChildDelaySeconds() - params.minChildDelaySeconds() + 1;
    Map<String, String> renamed = HuntColumns.joinedServiceStartNames();
    List<Column> right = new ArrayList<>();
    renamed.forEach((from, to) -> right.add(col(from).as(to)));
    right.add(col(PROCESS_REPORT_ID));
    right.add(bucket(unix_seconds(col(TIMESTAMP_CHILD)), bucketSeconds).as(CHILD_BUCKET));
    Dataset<Row> starts = serviceStarts.select(right.toArray(Column[]::new));

    Column connectionSecond = unix_seconds(col(TIMESTAMP_NETWORK_ACT));
    // The buckets holding the first and last second a child may start in; one when they coincide.
    Column candidateBuckets =
        array_distinct(
            array(
                bucket(connectionSecond.plus(lit(params.minChildDelaySeconds())), bucketSeconds),
                bucket(connectionSecond.plus(lit(params.maxChildDelaySeconds())), bucketSeconds)));
    Dataset<Row> connections = networkEvents.withColumn(BUCKET, explode(candidateBuckets));

    // Join keys compare with ==, case-sensitively, exactly as in rule mode (§4.3).
    Column sameDevice = col(DEVICE_ID).equalTo(col(renamed.get(DEVICE_ID)));
    // A null PID matches nothing, as in rule mode (Q2).
    Column sameScmProcess = col(INITIATING_PROCESS_ID).equalTo(col(renamed.get(INITIATING_PROCESS_ID)));
    Column sameScmImage =
        col(INITIATING_PROCESS_FILE_NAME).equalTo(col(renamed.get(INITIATING_PROCESS_FILE_NAME)));
    // The child falls in one of the connection's candidate buckets: each pair is formed exactly once.
    Column nearInTime = col(BUCKET).equalTo(col(CHILD_BUCKET));

    List<Column> output = new ArrayList<>();
    for (String c : HuntColumns.resultColumns()) {
      output.add(col(c));
    }
    output.add(col(WINDOW_START));
    output.add(col(PROCESS_REPORT_ID));
    return connections
        .join(starts.hint("shuffle_hash"), sameDevice.and(sameScmProcess).and(sameScmImage).and(nearInTime), "inner")
        .select(output.toArray(Column[]::new));
  }

  private static Column bucket(Column second, long bucketSeconds) {
    return floor(second.divide(lit(bucketSeconds)));
  }
}
