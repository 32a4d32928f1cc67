package dev.smbhunt.transforms.smb;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.testing.Events;
import dev.smbhunt.transforms.testing.Stages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule mode: each hourly Sentinel run saw only its own hour of all three tables (docs/semantics.md:
 * the hourly schedule, the certificate window). One hunt over generated rows; each device is one
 * case.
 */
class RuleWindowTest {
  private static final String SCM_START = "2024-03-05T08:00:00Z";
  private static Map<String, Long> resultsByDevice;
  private static Map<String, Long> countsByWindowAndSha1;

  @BeforeAll
  static void hunt() {
    List<Map<String, Object>> network = new ArrayList<>();
    List<Map<String, Object>> process = new ArrayList<>();
    List<Map<String, Object>> certificates = new ArrayList<>();
    // A certificate row excludes its hash only in the hour it was seen.
    pair(
        "cert-previous-hour",
        "2024-03-05T10:15:00Z",
        "2024-03-05T10:15:01Z",
        "sha-cert-09",
        network,
        process);
    certificates.add(Events.certificate("sha-cert-09", "2024-03-05T09:59:59Z"));
    pair(
        "cert-same-hour",
        "2024-03-05T10:20:00Z",
        "2024-03-05T10:20:01Z",
        "sha-cert-10",
        network,
        process);
    certificates.add(Events.certificate("sha-cert-10", "2024-03-05T10:45:00Z"));
    pair(
        "cert-next-hour",
        "2024-03-05T10:25:00Z",
        "2024-03-05T10:25:01Z",
        "sha-cert-11",
        network,
        process);
    certificates.add(Events.certificate("sha-cert-11", "2024-03-05T11:00:00Z"));
    // 60 pairs per hour of one hash: rare in each hour, though 120 in all would not be; 100 in one
    // hour is not.
    crossProduct("busy-hour-10", "10", 6, 10, "sha-busy", network, process);
    crossProduct("busy-hour-11", "11", 6, 10, "sha-busy", network, process);
    crossProduct("busy-hour-12", "12", 10, 10, "sha-busy", network, process);
    // A pair across the hour boundary belongs to two runs, so neither sees it.
    pair(
        "straddles-hours",
        "2024-03-05T10:59:59.500Z",
        "2024-03-05T11:00:02Z",
        "sha-straddle",
        network,
        process);
    // A connection in hour 11 puts the device in that run's pre-filter, so only the window keeps
    // the pair out.
    network.add(Events.inbound("straddles-hours", 1, "2024-03-05T11:30:00Z", 700));
    pair(
        "inside-hour",
        "2024-03-05T10:59:55Z",
        "2024-03-05T10:59:59.900Z",
        "sha-inside",
        network,
        process);

    HuntStages hunt = Stages.hunt(network, process, certificates);
    resultsByDevice = new HashMap<>();
    for (Row r : hunt.results().groupBy("DeviceId").count().collectAsList()) {
      resultsByDevice.put(r.getString(0), r.getLong(1));
    }
    countsByWindowAndSha1 = new HashMap<>();
    for (Row r : hunt.sha1Counts().where(col("SHA1").equalTo("sha-busy")).collectAsList()) {
      countsByWindowAndSha1.put(r.getTimestamp(0).toInstant() + " " + r.getString(1), r.getLong(2));
    }
  }

  @Test
  void certificateSeenInAnotherHourDoesNotExclude() {
    assertEquals(1L, results("cert-previous-hour"));
    assertEquals(1L, results("cert-next-hour"));
  }

  @Test
  void certificateSeenInTheSameHourExcludes() {
    assertEquals(0L, results("cert-same-hour"));
  }

  @Test
  void prevalenceIsCountedPerHour() {
    assertEquals(
        Map.of(
            "2024-03-05T10:00:00Z sha-busy",
            60L,
            "2024-03-05T11:00:00Z sha-busy",
            60L,
            "2024-03-05T12:00:00Z sha-busy",
            100L),
        countsByWindowAndSha1);
    assertEquals(60L, results("busy-hour-10"));
    assertEquals(60L, results("busy-hour-11"));
    assertEquals(0L, results("busy-hour-12"));
  }

  @Test
  void pairStraddlingAnHourBoundaryIsNotFound() {
    assertEquals(0L, results("straddles-hours"));
    assertEquals(1L, results("inside-hour"));
  }

  private static long results(String device) {
    return resultsByDevice.getOrDefault(device, 0L);
  }

  private static void pair(
      String device,
      String connection,
      String child,
      String sha1,
      List<Map<String, Object>> network,
      List<Map<String, Object>> process) {
    long id = Math.abs((long) device.hashCode()) * 10;
    network.add(Events.inbound(device, id, connection, 700));
    process.add(Events.serviceStart(device, id + 1, child, 700, SCM_START, "svc.exe", sha1));
  }

  // Connections in second :00 of minute :10, children in seconds :01..:05: every pair passes the
  // filters.
  private static void crossProduct(
      String device,
      String hour,
      int connections,
      int children,
      String sha1,
      List<Map<String, Object>> network,
      List<Map<String, Object>> process) {
    long base = Math.abs((long) device.hashCode()) * 1000;
    for (int i = 0; i < connections; i++) {
      network.add(
          Events.inbound(
              device, base + i, String.format("2024-03-05T%s:10:00.%03dZ", hour, i * 10), 700));
    }
    for (int j = 0; j < children; j++) {
      String at = String.format("2024-03-05T%s:10:%02d.%03dZ", hour, 1 + j / 2, (j % 2) * 500);
      process.add(Events.serviceStart(device, base + 500 + j, at, 700, SCM_START, "svc.exe", sha1));
    }
  }
}
