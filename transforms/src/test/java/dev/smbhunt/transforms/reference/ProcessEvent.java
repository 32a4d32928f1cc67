package dev.smbhunt.transforms.reference;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A DeviceProcessEvents row reduced to what {@code allServices} projects, plus ReportId. */
public record ProcessEvent(
    Instant timestamp,
    String deviceId,
    String deviceName,
    String fileName,
    String processCommandLine,
    String sha1,
    String initiatingProcessFileName,
    String initiatingProcessCommandLine,
    String initiatingProcessSha1,
    Long initiatingProcessId,
    Instant initiatingProcessCreationTime,
    Long reportId) {

  public static final List<String> COLUMNS =
      List.of(
          "Timestamp",
          "DeviceId",
          "DeviceName",
          "FileName",
          "ProcessCommandLine",
          "SHA1",
          "InitiatingProcessFileName",
          "InitiatingProcessCommandLine",
          "InitiatingProcessSHA1",
          "InitiatingProcessId",
          "InitiatingProcessCreationTime",
          "ReportId");

  public static final List<String> STRING_COLUMNS =
      List.of(
          "DeviceId",
          "DeviceName",
          "FileName",
          "ProcessCommandLine",
          "SHA1",
          "InitiatingProcessFileName",
          "InitiatingProcessCommandLine",
          "InitiatingProcessSHA1");

  public List<Object> values() {
    return Arrays.asList(
        timestamp,
        deviceId,
        deviceName,
        fileName,
        processCommandLine,
        sha1,
        initiatingProcessFileName,
        initiatingProcessCommandLine,
        initiatingProcessSha1,
        initiatingProcessId,
        initiatingProcessCreationTime,
        reportId);
  }

  public Map<String, Object> columns() {
    return Records.zip(COLUMNS, values());
  }
}
