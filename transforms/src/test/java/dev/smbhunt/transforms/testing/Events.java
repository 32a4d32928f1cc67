package dev.smbhunt.transforms.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Minimal MDE rows for tests that build their data in code (generated volumes, one-row cases). Each
 * method returns a mutable map, so a test can override or null out any column before loading it
 * with {@link Fixtures#table(dev.smbhunt.transforms.schema.MdeTable, java.util.List)}.
 */
public final class Events {
  private Events() {}

  /** An inbound connection accepted by services.exe. */
  public static Map<String, Object> inbound(
      String device, long reportId, String timestamp, long scmPid) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Timestamp", timestamp);
    row.put("DeviceId", device);
    row.put("DeviceName", device + ".contoso.local");
    row.put("ActionType", "InboundConnectionAccepted");
    row.put("RemoteIP", "10.0.0.9");
    row.put("RemotePort", 50123);
    row.put("LocalPort", 135);
    row.put("InitiatingProcessFileName", "services.exe");
    row.put("InitiatingProcessId", scmPid);
    row.put("InitiatingProcessCommandLine", "services.exe");
    row.put("ReportId", reportId);
    return row;
  }

  /**
   * A child process started by services.exe ({@code scmPid}), which itself started at {@code
   * scmStart}.
   */
  public static Map<String, Object> serviceStart(
      String device,
      long reportId,
      String timestamp,
      long scmPid,
      String scmStart,
      String fileName,
      String sha1) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Timestamp", timestamp);
    row.put("DeviceId", device);
    row.put("DeviceName", device + ".contoso.local");
    row.put("ActionType", "ProcessCreated");
    row.put("FileName", fileName);
    row.put("SHA1", sha1);
    row.put("ProcessCommandLine", fileName + " -k svc");
    row.put("InitiatingProcessFileName", "services.exe");
    row.put("InitiatingProcessId", scmPid);
    row.put("InitiatingProcessCommandLine", "services.exe");
    row.put("InitiatingProcessCreationTime", scmStart);
    row.put("ReportId", reportId);
    return row;
  }

  /** A DeviceFileCertificateInfo row for {@code sha1}. */
  public static Map<String, Object> certificate(String sha1, String timestamp) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Timestamp", timestamp);
    row.put("DeviceId", "cert-device");
    row.put("SHA1", sha1);
    row.put("IsSigned", true);
    return row;
  }
}
