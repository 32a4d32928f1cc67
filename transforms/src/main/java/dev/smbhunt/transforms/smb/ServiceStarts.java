package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.HuntColumns.DEVICE_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.INITIATING_PROCESS_FILE_NAME;
import static dev.smbhunt.transforms.smb.HuntColumns.PROCESS_REPORT_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.REPORT_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_START;
import static org.apache.spark.sql.functions.col;

import dev.smbhunt.transforms.kql.Kql;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stage 2, {@code allServices}:
 *
 * <pre>
 * DeviceProcessEvents
 * | where DeviceId in ((networkEvents | project DeviceId))
 * | where InitiatingProcessFileName =~ "services.exe"
 * | project TimestampChild=Timestamp, DeviceId, DeviceName, FileName, ProcessCommandLine, SHA1,
 *   InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessSHA1, InitiatingProcessId,
 *   TimestampServicesExe=InitiatingProcessCreationTime
 * </pre>
 *
 * The {@code in} pre-filter is a left-semi join on DeviceId within the window (each Sentinel run
 * only saw its own hour's network events). The child's ReportId and window ride along as evidence.
 */
public final class ServiceStarts {
  private static final String SCM_DEVICE = "__ScmDeviceId";
  private static final String SCM_WINDOW = "__ScmWindowStart";

  private ServiceStarts() {}

  /**
   * @param process DeviceProcessEvents conformed by {@code InputContract}
   * @param networkEvents the output of {@link ServiceNetworkEvents#select}
   */
  public static Dataset<Row> select(
      Dataset<Row> process, Dataset<Row> networkEvents, RuleParams params) {
    Dataset<Row> devicesWithScmTraffic =
        networkEvents
            .select(col(DEVICE_ID).as(SCM_DEVICE), col(WINDOW_START).as(SCM_WINDOW))
            .distinct();
    // DeviceId in ((networkEvents | project DeviceId)): case-sensitive, within the same run's
    // window.
    Column deviceHadScmTraffic =
        col(DEVICE_ID).equalTo(col(SCM_DEVICE)).and(col(WINDOW_START).equalTo(col(SCM_WINDOW)));
    // =~ folds ASCII case; the later join key comparison does not.
    Column startedByScm =
        Kql.equalsIgnoreCase(col(INITIATING_PROCESS_FILE_NAME), params.servicesProcess());

    List<Column> projection = projection();
    projection.add(col(WINDOW_START));

    return process
        .filter(startedByScm)
        .withColumn(WINDOW_START, Windows.windowStart(col(TIMESTAMP), params.windowSeconds()))
        .join(devicesWithScmTraffic, deviceHadScmTraffic, "left_semi")
        .select(projection.toArray(Column[]::new));
  }

  /**
   * {@code allServices}' projection plus the child's ReportId; shared with continuous mode's stage.
   */
  static List<Column> projection() {
    List<Column> projection = new ArrayList<>();
    for (String[] p : HuntColumns.ALL_SERVICES_PROJECTION) {
      projection.add(col(p[1]).as(p[0]));
    }
    projection.add(col(REPORT_ID).as(PROCESS_REPORT_ID));
    return projection;
  }
}
