package dev.smbhunt.transforms.smb;

import dev.smbhunt.transforms.kql.KqlJoinNames;
import dev.smbhunt.transforms.schema.MdeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Column names the rule creates, in one place. The right-side join names ({@code DeviceId1}, {@code
 * InitiatingProcessSHA11}, ...) are derived by {@link KqlJoinNames}, never typed by hand.
 */
public final class HuntColumns {
  public static final String TIMESTAMP = "Timestamp";
  public static final String TIMESTAMP_NETWORK_ACT = "TimestampNetworkAct";
  public static final String TIMESTAMP_CHILD = "TimestampChild";
  public static final String TIMESTAMP_SERVICES_EXE = "TimestampServicesExe";
  public static final String DEVICE_ID = "DeviceId";
  public static final String DEVICE_NAME = "DeviceName";
  public static final String ACTION_TYPE = "ActionType";
  public static final String REMOTE_IP = "RemoteIP";
  public static final String REMOTE_PORT = "RemotePort";
  public static final String LOCAL_PORT = "LocalPort";
  public static final String FILE_NAME = "FileName";
  public static final String PROCESS_COMMAND_LINE = "ProcessCommandLine";
  public static final String SHA1 = "SHA1";
  public static final String REPORT_ID = "ReportId";
  public static final String INITIATING_PROCESS_FILE_NAME = "InitiatingProcessFileName";
  public static final String INITIATING_PROCESS_COMMAND_LINE = "InitiatingProcessCommandLine";
  public static final String INITIATING_PROCESS_SHA1 = "InitiatingProcessSHA1";
  public static final String INITIATING_PROCESS_ID = "InitiatingProcessId";
  public static final String INITIATING_PROCESS_CREATION_TIME = "InitiatingProcessCreationTime";

  /**
   * {@code summarize count() by SHA1} names its column {@code count_} (docs/semantics.md: summarize
   * count).
   */
  public static final String COUNT = "count_";

  /** The schedule window a row belongs to: Sentinel's run that would have seen it. */
  public static final String WINDOW_START = "WindowStart";

  public static final String WINDOW_END = "WindowEnd";

  /**
   * The child process event's ReportId: not a KQL output column, kept as evidence and for AlertId.
   */
  public static final String PROCESS_REPORT_ID = "ProcessReportId";

  /** {@code allServices}' projection, in KQL argument order, with the source column of each. */
  public static final List<String[]> ALL_SERVICES_PROJECTION =
      List.of(
          new String[] {TIMESTAMP_CHILD, TIMESTAMP},
          new String[] {DEVICE_ID, DEVICE_ID},
          new String[] {DEVICE_NAME, DEVICE_NAME},
          new String[] {FILE_NAME, FILE_NAME},
          new String[] {PROCESS_COMMAND_LINE, PROCESS_COMMAND_LINE},
          new String[] {SHA1, SHA1},
          new String[] {INITIATING_PROCESS_FILE_NAME, INITIATING_PROCESS_FILE_NAME},
          new String[] {INITIATING_PROCESS_COMMAND_LINE, INITIATING_PROCESS_COMMAND_LINE},
          new String[] {INITIATING_PROCESS_SHA1, INITIATING_PROCESS_SHA1},
          new String[] {INITIATING_PROCESS_ID, INITIATING_PROCESS_ID},
          new String[] {TIMESTAMP_SERVICES_EXE, INITIATING_PROCESS_CREATION_TIME});

  private HuntColumns() {}

  /**
   * {@code networkEvents}' columns: every DeviceNetworkEvents column, Timestamp renamed in place.
   */
  public static List<String> networkEventColumns() {
    List<String> names = new ArrayList<>();
    for (String c : MdeTable.DEVICE_NETWORK_EVENTS.columnNames()) {
      names.add(c.equals(TIMESTAMP) ? TIMESTAMP_NETWORK_ACT : c);
    }
    return names;
  }

  /** {@code allServices}' column names, before the join renames them. */
  public static List<String> serviceStartColumns() {
    List<String> names = new ArrayList<>();
    for (String[] p : ALL_SERVICES_PROJECTION) {
      names.add(p[0]);
    }
    return names;
  }

  /** allServices column -> its name in the join output ({@code DeviceId -> DeviceId1}, ...). */
  public static Map<String, String> joinedServiceStartNames() {
    return KqlJoinNames.rightSideNames(networkEventColumns(), serviceStartColumns());
  }

  /** The rule's result columns, in KQL order: left side, then the renamed right side. */
  public static List<String> resultColumns() {
    return KqlJoinNames.outputColumns(networkEventColumns(), serviceStartColumns());
  }

  /** The output name of a right-side (allServices) column. */
  public static String joined(String serviceStartColumn) {
    return joinedServiceStartNames().get(serviceStartColumn);
  }
}
