package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.HuntColumns.DEVICE_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.INITIATING_PROCESS_FILE_NAME;
import static dev.smbhunt.transforms.smb.HuntColumns.INITIATING_PROCESS_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.PROCESS_REPORT_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_CHILD;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_NETWORK_ACT;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_SERVICES_EXE;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_START;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.unix_seconds;

import dev.smbhunt.transforms.kql.Kql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stage 3, {@code serviceNetworkEvents}:
 *
 * <pre>
 * networkEvents
 * | join kind=inner hint.strategy=shuffle allServices on DeviceId, InitiatingProcessId, InitiatingProcessFileName
 * | where datetime_diff("Second", TimestampChild, TimestampNetworkAct) between (0 .. 10)
 * | where datetime_diff("Second", TimestampNetworkAct, TimestampServicesExe) > 60
 * </pre>
 *
 * {@code kind=inner} keeps every (connection, child) pair: nothing is de-duplicated
 * (docs/semantics.md: inner join rows).
 *
 * <p>The literal equi-join {@link #join(Dataset, Dataset)} pairs every connection with every child
 * of one services.exe lifetime within the hour: quadratic on a hot server. The pipeline uses {@link
 * #join(Dataset, Dataset, RuleParams)}, which adds a time-bucket key so that each connection meets
 * only the children of its own neighbourhood; {@link #filter} then applies the exact predicates.
 * Both give the same pairs after {@link #filter}.
 */
public final class Correlation {
  private static final String CHILD_WINDOW = "__ChildWindowStart";
  private static final String NET_BUCKET = "__NetBucket";
  private static final String CHILD_BUCKET = "__ChildBucket";

  private Correlation() {}

  /**
   * The bucketed join: candidate pairs only, a superset of the pairs {@link #filter} keeps, each
   * produced exactly once. Buckets are {@code B = max - min + 1} boundary-seconds wide, so the
   * children a connection at second {@code n} may pair with (seconds {@code n+min .. n+max}) lie in
   * at most two buckets; the connection side is exploded to exactly those buckets (distinct
   * values), and each child has one bucket, so no pair can match twice. Cost per key is
   * (connections + children) x 2, not their product.
   */
  public static Dataset<Row> join(
      Dataset<Row> networkEvents, Dataset<Row> serviceStarts, RuleParams params) {
    return bucketedJoin(networkEvents, serviceStarts, params, true);
  }

  /**
   * The bucketed join, within the same schedule window (rule mode) or across windows (continuous
   * mode, whose service starts carry no window and whose pairs belong to their connection's
   * window).
   */
  static Dataset<Row> bucketedJoin(
      Dataset<Row> networkEvents,
      Dataset<Row> serviceStarts,
      RuleParams params,
      boolean sameWindowOnly) {
    long min = params.minChildDelaySeconds();
    long max = params.maxChildDelaySeconds();
    long width = max - min + 1;
    // Boundary seconds, the same floor datetime_diff counts in, so bucket arithmetic agrees with
    // filter().
    Column netSecond = unix_seconds(col(TIMESTAMP_NETWORK_ACT));
    // Every bucket a child 'min..max' boundaries after the connection can fall in (at most two); a
    // null time gives no rows, as filter() would drop the pair anyway.
    Column reachableBuckets =
        sequence(
            bucketOf(netSecond.plus(lit(min)), width), bucketOf(netSecond.plus(lit(max)), width));
    Dataset<Row> exploded = networkEvents.withColumn(NET_BUCKET, explode(reachableBuckets));
    Column childBucket = bucketOf(unix_seconds(col(TIMESTAMP_CHILD)), width).as(CHILD_BUCKET);
    // The child's bucket is one of the connection's reachable buckets: a necessary condition for
    // the boundary-count predicate, never a sufficient one, and each pair meets in exactly one
    // bucket.
    Column nearInTime = col(NET_BUCKET).equalTo(col(CHILD_BUCKET));
    return join(exploded, serviceStarts, List.of(childBucket), nearInTime, sameWindowOnly);
  }

  /**
   * The literal join, before the time filters, with KQL's column names ({@code DeviceId1}, ...).
   */
  public static Dataset<Row> join(Dataset<Row> networkEvents, Dataset<Row> serviceStarts) {
    return join(networkEvents, serviceStarts, List.of(), lit(true), true);
  }

  private static Column bucketOf(Column second, long width) {
    return floor(second.divide(lit(width)));
  }

  private static Dataset<Row> join(
      Dataset<Row> networkEvents,
      Dataset<Row> serviceStarts,
      List<Column> extraRight,
      Column extraKey,
      boolean sameWindowOnly) {
    Map<String, String> renamed = HuntColumns.joinedServiceStartNames();
    List<Column> right = new ArrayList<>();
    renamed.forEach((from, to) -> right.add(col(from).as(to)));
    right.add(col(PROCESS_REPORT_ID));
    right.addAll(extraRight);
    if (sameWindowOnly) {
      right.add(col(WINDOW_START).as(CHILD_WINDOW));
    }
    Dataset<Row> starts = serviceStarts.select(right.toArray(Column[]::new));

    // Join keys compare with ==: case-sensitive, so "services.exe" never pairs with "Services.exe".
    Column sameDevice = col(DEVICE_ID).equalTo(col(renamed.get(DEVICE_ID)));
    // A null PID matches nothing, the best reading of KQL's join on null longs (docs/semantics.md:
    // null join keys).
    Column sameScmProcess =
        col(INITIATING_PROCESS_ID).equalTo(col(renamed.get(INITIATING_PROCESS_ID)));
    Column sameScmImage =
        col(INITIATING_PROCESS_FILE_NAME).equalTo(col(renamed.get(INITIATING_PROCESS_FILE_NAME)));
    // Each Sentinel run joins only what falls in its own hour.
    Column sameWindow = sameWindowOnly ? col(WINDOW_START).equalTo(col(CHILD_WINDOW)) : lit(true);

    List<Column> output = new ArrayList<>();
    for (String c : HuntColumns.resultColumns()) {
      output.add(col(c));
    }
    output.add(col(WINDOW_START));
    output.add(col(PROCESS_REPORT_ID));
    return networkEvents
        .join(
            starts.hint("shuffle_hash"),
            sameDevice.and(sameScmProcess).and(sameScmImage).and(sameWindow).and(extraKey),
            "inner")
        .select(output.toArray(Column[]::new));
  }

  /** Both time predicates, on boundary-counted seconds (docs/semantics.md: datetime_diff). */
  public static Dataset<Row> filter(Dataset<Row> joined, RuleParams params) {
    // The child starts 0..10 second boundaries after the connection: same-second children 0.9 s
    // early count.
    Column childSoonAfterConnection =
        Kql.datetimeDiffSeconds(col(TIMESTAMP_CHILD), col(TIMESTAMP_NETWORK_ACT))
            .between(params.minChildDelaySeconds(), params.maxChildDelaySeconds());
    // Skip boot: services.exe's own start time, from the process side; null drops the pair
    // (docs/semantics.md: null datetime_diff).
    Column connectionAfterBoot =
        Kql.datetimeDiffSeconds(col(TIMESTAMP_NETWORK_ACT), col(TIMESTAMP_SERVICES_EXE))
            .gt(params.bootGraceSeconds());
    return joined.filter(childSoonAfterConnection.and(connectionAfterBoot));
  }
}
