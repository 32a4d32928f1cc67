package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.HuntColumns.DEVICE_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.INITIATING_PROCESS_FILE_NAME;
import static org.apache.spark.sql.functions.col;

import dev.smbhunt.transforms.kql.Kql;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Continuous mode's {@code allServices} and join: the same keys as {@link Correlation#join} but
 * without the window, so a connection at 10:59:58 pairs with its child at 11:00:02. The pair keeps
 * its connection's window. The time filters are {@link Correlation#filter}, unchanged.
 *
 * <p>Instead of the window, both sides carry a time bucket of {@code max - min + 1} seconds: a
 * child's allowed seconds span at most two buckets of its connection, so the join stays an
 * equi-join whose size grows with the data, not with the square of a services.exe instance's
 * lifetime.
 */
public final class ContinuousCorrelation {
  private static final String SCM_DEVICE = "__ScmDeviceId";

  private ContinuousCorrelation() {}

  /** {@code allServices}, pre-filtered to devices with SCM traffic anywhere in the read range. */
  public static Dataset<Row> serviceStarts(
      Dataset<Row> process, Dataset<Row> networkEvents, RuleParams params) {
    Dataset<Row> devicesWithScmTraffic =
        networkEvents.select(col(DEVICE_ID).as(SCM_DEVICE)).distinct();
    // DeviceId in ((networkEvents | project DeviceId)): only an optimisation here, the join repeats
    // it.
    Column deviceHadScmTraffic = col(DEVICE_ID).equalTo(col(SCM_DEVICE));
    // =~ folds ASCII case; the later join key comparison does not.
    Column startedByScm =
        Kql.equalsIgnoreCase(col(INITIATING_PROCESS_FILE_NAME), params.servicesProcess());
    return process
        .filter(startedByScm)
        .join(devicesWithScmTraffic, deviceHadScmTraffic, "left_semi")
        .select(ServiceStarts.projection().toArray(Column[]::new));
  }

  /**
   * Every (connection, child) candidate within the correlation band's buckets, with KQL's names.
   */
  public static Dataset<Row> join(
      Dataset<Row> networkEvents, Dataset<Row> serviceStarts, RuleParams params) {
    // Rule mode's bucketed join without its same-window key: pairs cross window boundaries here.
    return Correlation.bucketedJoin(networkEvents, serviceStarts, params, false);
  }
}
