package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.HuntColumns.ACTION_TYPE;
import static dev.smbhunt.transforms.smb.HuntColumns.INITIATING_PROCESS_FILE_NAME;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_NETWORK_ACT;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_START;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.transforms.kql.Kql;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stage 1, {@code networkEvents}:
 *
 * <pre>
 * DeviceNetworkEvents
 * | where InitiatingProcessFileName in~ ("services.exe")
 * | where ActionType == "InboundConnectionAccepted"
 * | project-rename TimestampNetworkAct=Timestamp
 * </pre>
 *
 * plus the window each event belongs to.
 */
public final class ServiceNetworkEvents {
  private ServiceNetworkEvents() {}

  /**
   * The stage's case-sensitive equalities on raw columns, for a reader to push down to the files
   * before conforming: {@code ActionType == "InboundConnectionAccepted"}. Applying them early
   * changes no result, because {@link #select} applies them again.
   */
  public static Map<String, String> pushableEqualities(RuleParams params) {
    return Map.of(ACTION_TYPE, params.inboundActionType());
  }

  /**
   * The stage's whole filter, on conformed DeviceNetworkEvents columns: a reader may apply it to
   * the few columns it names before reading the others, for only the rows it keeps ({@link #select}
   * applies it again).
   */
  public static Column keeps(RuleParams params) {
    // in~ folds ASCII case: "Services.exe" and "SERVICES.EXE" are the SCM too.
    Column initiatedByScm =
        Kql.inIgnoreCase(col(INITIATING_PROCESS_FILE_NAME), List.of(params.servicesProcess()));
    // == is case-sensitive: "inboundconnectionaccepted" is not the action the rule wants.
    Column inboundAccepted = col(ACTION_TYPE).equalTo(lit(params.inboundActionType()));
    return inboundAccepted.and(initiatedByScm);
  }

  /**
   * @param network DeviceNetworkEvents conformed by {@code InputContract}
   */
  public static Dataset<Row> select(Dataset<Row> network, RuleParams params) {
    return network
        .filter(keeps(params))
        .withColumnRenamed(TIMESTAMP, TIMESTAMP_NETWORK_ACT)
        .withColumn(
            WINDOW_START, Windows.windowStart(col(TIMESTAMP_NETWORK_ACT), params.windowSeconds()));
  }
}
