package dev.smbhunt.transforms.reference;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A DeviceNetworkEvents row reduced to what the rule reads, plus a few columns it only outputs. A
 * null string is what a lake may hold; KQL would see {@code ""}.
 *
 * <p>{@code InitiatingProcessCreationTime} is modelled on purpose: it must reach the output under
 * its own name and must not be mistaken for the process table's copy ({@code
 * TimestampServicesExe}).
 */
public record NetworkEvent(
    Instant timestamp,
    String deviceId,
    String deviceName,
    String actionType,
    String remoteIp,
    String initiatingProcessSha1,
    String initiatingProcessFileName,
    Long initiatingProcessId,
    String initiatingProcessCommandLine,
    Instant initiatingProcessCreationTime,
    Long reportId) {

  /** Documented names of the modelled columns, in the order of {@link #values()}. */
  public static final List<String> COLUMNS =
      List.of(
          "Timestamp",
          "DeviceId",
          "DeviceName",
          "ActionType",
          "RemoteIP",
          "InitiatingProcessSHA1",
          "InitiatingProcessFileName",
          "InitiatingProcessId",
          "InitiatingProcessCommandLine",
          "InitiatingProcessCreationTime",
          "ReportId");

  public static final List<String> STRING_COLUMNS =
      List.of(
          "DeviceId",
          "DeviceName",
          "ActionType",
          "RemoteIP",
          "InitiatingProcessSHA1",
          "InitiatingProcessFileName",
          "InitiatingProcessCommandLine");

  public List<Object> values() {
    return Arrays.asList(
        timestamp,
        deviceId,
        deviceName,
        actionType,
        remoteIp,
        initiatingProcessSha1,
        initiatingProcessFileName,
        initiatingProcessId,
        initiatingProcessCommandLine,
        initiatingProcessCreationTime,
        reportId);
  }

  public Map<String, Object> columns() {
    return Records.zip(COLUMNS, values());
  }
}
