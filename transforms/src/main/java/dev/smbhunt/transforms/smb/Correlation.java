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
 * {@code kind=inner} keeps every (connection, child) pair: nothing is de-duplicated (kql-semantics §4.1).
 */
public final class Correlation {
  private static final String CHILD_WINDOW = "__ChildWindowStart";

  private Correlation() {}

  /** The join, before the time filters, with KQL's column names ({@code DeviceId1}, ...). */
  public static Dataset<Row> join(Dataset<Row> networkEvents, Dataset<Row> serviceStarts) {
    Map<String, String> renamed = HuntColumns.joinedServiceStartNames();
    List<Column> right = new ArrayList<>();
    renamed.forEach((from, to) -> right.add(col(from).as(to)));
    right.add(col(PROCESS_REPORT_ID));
    right.add(col(WINDOW_START).as(CHILD_WINDOW));
    Dataset<Row> starts = serviceStarts.select(right.toArray(Column[]::new));

    // Join keys compare with ==: case-sensitive, so "services.exe" never pairs with "Services.exe" (§4.3).
    Column sameDevice = col(DEVICE_ID).equalTo(col(renamed.get(DEVICE_ID)));
    // A null PID matches nothing, the best reading of KQL's join on null longs (Q2).
    Column sameScmProcess = col(INITIATING_PROCESS_ID).equalTo(col(renamed.get(INITIATING_PROCESS_ID)));
    Column sameScmImage =
        col(INITIATING_PROCESS_FILE_NAME).equalTo(col(renamed.get(INITIATING_PROCESS_FILE_NAME)));
    // Each Sentinel run joins only what falls in its own hour.
    Column sameWindow = col(WINDOW_START).equalTo(col(CHILD_WINDOW));

    List<Column> output = new ArrayList<>();
    for (String c : HuntColumns.resultColumns()) {
      output.add(col(c));
    }
    output.add(col(WINDOW_START));
    output.add(col(PROCESS_REPORT_ID));
    return networkEvents
        .join(starts.hint("shuffle_hash"), sameDevice.and(sameScmProcess).and(sameScmImage).and(sameWindow), "inner")
        .select(output.toArray(Column[]::new));
  }

  /** Both time predicates, on boundary-counted seconds (kql-semantics §1.3). */
  public static Dataset<Row> filter(Dataset<Row> joined, RuleParams params) {
    // The child starts 0..10 second boundaries after the connection: same-second children 0.9 s early count.
    Column childSoonAfterConnection =
        Kql.datetimeDiffSeconds(col(TIMESTAMP_CHILD), col(TIMESTAMP_NETWORK_ACT))
            .between(params.minChildDelaySeconds(), params.maxChildDelaySeconds());
    // Skip boot: services.exe's own start time, from the process side; null drops the pair (Q7).
    Column connectionAfterBoot =
        Kql.datetimeDiffSeconds(col(TIMESTAMP_NETWORK_ACT), col(TIMESTAMP_SERVICES_EXE))
            .gt(params.bootGraceSeconds());
    return joined.filter(childSoonAfterConnection.and(connectionAfterBoot));
  }
}
