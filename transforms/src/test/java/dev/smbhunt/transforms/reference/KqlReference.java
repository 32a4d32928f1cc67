package dev.smbhunt.transforms.reference;

import dev.smbhunt.transforms.smb.RuleParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule's KQL run literally, in plain Java, the way Sentinel runs it: once per hour window,
 * every table cut to that window, each operator a loop over rows (name-to-value maps, like KQL's
 * tabular values). Slow on purpose, so that each step can be checked against the query by eye. No
 * Spark here, and nothing from the Spark implementation except its {@link RuleParams}.
 */
public final class KqlReference {

  /**
   * DeviceNetworkEvents' documented columns in documented order (docs/lake-contract.md, columns).
   */
  static final List<String> DEVICE_NETWORK_EVENTS_COLUMNS =
      List.of(
          "Timestamp",
          "DeviceId",
          "DeviceName",
          "ActionType",
          "RemoteIP",
          "RemotePort",
          "RemoteUrl",
          "LocalIP",
          "LocalPort",
          "Protocol",
          "LocalIPType",
          "RemoteIPType",
          "InitiatingProcessSHA1",
          "InitiatingProcessSHA256",
          "InitiatingProcessMD5",
          "InitiatingProcessFileName",
          "InitiatingProcessFileSize",
          "InitiatingProcessVersionInfoCompanyName",
          "InitiatingProcessVersionInfoProductName",
          "InitiatingProcessVersionInfoProductVersion",
          "InitiatingProcessVersionInfoInternalFileName",
          "InitiatingProcessVersionInfoOriginalFileName",
          "InitiatingProcessVersionInfoFileDescription",
          "InitiatingProcessId",
          "InitiatingProcessCommandLine",
          "InitiatingProcessCreationTime",
          "InitiatingProcessFolderPath",
          "InitiatingProcessParentFileName",
          "InitiatingProcessParentId",
          "InitiatingProcessParentCreationTime",
          "InitiatingProcessAccountDomain",
          "InitiatingProcessAccountName",
          "InitiatingProcessAccountSid",
          "InitiatingProcessAccountUpn",
          "InitiatingProcessAccountObjectId",
          "InitiatingProcessIntegrityLevel",
          "InitiatingProcessTokenElevation",
          "ReportId",
          "AppGuardContainerId",
          "AdditionalFields",
          "InitiatingProcessSessionId",
          "IsInitiatingProcessRemoteSession",
          "InitiatingProcessRemoteSessionDeviceName",
          "InitiatingProcessRemoteSessionIP");

  /**
   * {@code allServices}' {@code project}, as {output name, DeviceProcessEvents column}, in argument
   * order.
   */
  private static final String[][] ALL_SERVICES_PROJECT = {
    {"TimestampChild", "Timestamp"},
    {"DeviceId", "DeviceId"},
    {"DeviceName", "DeviceName"},
    {"FileName", "FileName"},
    {"ProcessCommandLine", "ProcessCommandLine"},
    {"SHA1", "SHA1"},
    {"InitiatingProcessFileName", "InitiatingProcessFileName"},
    {"InitiatingProcessCommandLine", "InitiatingProcessCommandLine"},
    {"InitiatingProcessSHA1", "InitiatingProcessSHA1"},
    {"InitiatingProcessId", "InitiatingProcessId"},
    {"TimestampServicesExe", "InitiatingProcessCreationTime"},
  };

  /**
   * The join's names for {@code allServices}' columns, copied from docs/semantics.md: join output
   * column names table rather than derived, so that a wrong derivation in the Spark code cannot
   * hide behind a shared one.
   */
  private static final String[][] JOIN_RIGHT_NAMES = {
    {"TimestampChild", "TimestampChild"},
    {"DeviceId", "DeviceId1"},
    {"DeviceName", "DeviceName1"},
    {"FileName", "FileName"},
    {"ProcessCommandLine", "ProcessCommandLine"},
    {"SHA1", "SHA1"},
    {"InitiatingProcessFileName", "InitiatingProcessFileName1"},
    {"InitiatingProcessCommandLine", "InitiatingProcessCommandLine1"},
    {"InitiatingProcessSHA1", "InitiatingProcessSHA11"},
    {"InitiatingProcessId", "InitiatingProcessId1"},
    {"TimestampServicesExe", "TimestampServicesExe"},
  };

  /**
   * The query's result columns: networkEvents' columns, then allServices' under their join names.
   */
  public static final List<String> RESULT_COLUMNS = resultColumns();

  private KqlReference() {}

  /** Every window's run, for the windows {@code [from, to)} covers. */
  public static List<WindowRun> run(
      List<NetworkEvent> network,
      List<ProcessEvent> process,
      List<CertificateInfo> certificates,
      Instant from,
      Instant to,
      RuleParams params) {
    List<Map<String, Object>> networkTable = loaded(network, process, certificates, 0);
    List<Map<String, Object>> processTable = loaded(network, process, certificates, 1);
    List<Map<String, Object>> certificateTable = loaded(network, process, certificates, 2);
    requireInRange(networkTable, from, to);
    requireInRange(processTable, from, to);
    requireInRange(certificateTable, from, to);

    long step = params.windowSeconds();
    if (from.getEpochSecond() % step != 0
        || to.getEpochSecond() % step != 0
        || from.getNano() != 0
        || to.getNano() != 0) {
      throw new IllegalArgumentException(
          "range must start and end on window boundaries: " + from + ", " + to);
    }
    List<WindowRun> runs = new ArrayList<>();
    for (Instant start = from; start.isBefore(to); start = start.plusSeconds(step)) {
      Instant end = start.plusSeconds(step);
      runs.add(
          runOneWindow(
              start,
              cut(networkTable, start, end),
              cut(processTable, start, end),
              cut(certificateTable, start, end),
              params));
    }
    return runs;
  }

  /** All windows' result rows, each as values in {@link #RESULT_COLUMNS} order. */
  public static List<List<Object>> results(
      List<NetworkEvent> network,
      List<ProcessEvent> process,
      List<CertificateInfo> certificates,
      Instant from,
      Instant to,
      RuleParams params) {
    List<List<Object>> rows = new ArrayList<>();
    for (WindowRun run : run(network, process, certificates, from, to, params)) {
      for (Map<String, Object> row : run.results()) {
        List<Object> values = new ArrayList<>();
        for (String column : RESULT_COLUMNS) {
          values.add(row.get(column));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  /** One table's rows as the lake reader hands them over: 0 network, 1 process, 2 certificates. */
  static List<Map<String, Object>> loaded(
      List<NetworkEvent> network,
      List<ProcessEvent> process,
      List<CertificateInfo> certificates,
      int table) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (table == 0) {
      network.forEach(
          e ->
              rows.add(
                  load(e.columns(), NetworkEvent.STRING_COLUMNS, DEVICE_NETWORK_EVENTS_COLUMNS)));
    } else if (table == 1) {
      process.forEach(
          e -> rows.add(load(e.columns(), ProcessEvent.STRING_COLUMNS, ProcessEvent.COLUMNS)));
    } else {
      certificates.forEach(
          c ->
              rows.add(load(c.columns(), CertificateInfo.STRING_COLUMNS, CertificateInfo.COLUMNS)));
    }
    return rows;
  }

  /**
   * One Sentinel run: the query, step by step, over tables already cut to {@code [start,
   * start+1h)}.
   */
  static WindowRun runOneWindow(
      Instant windowStart,
      List<Map<String, Object>> deviceNetworkEvents,
      List<Map<String, Object>> deviceProcessEvents,
      List<Map<String, Object>> deviceFileCertificateInfo,
      RuleParams params) {

    // let networkEvents = DeviceNetworkEvents
    //   | where InitiatingProcessFileName in~ ("services.exe")
    //   | where ActionType == "InboundConnectionAccepted"
    //   | project-rename TimestampNetworkAct=Timestamp
    List<Map<String, Object>> networkEvents = new ArrayList<>();
    for (Map<String, Object> row : deviceNetworkEvents) {
      if (!inIgnoreCase(
          string(row, "InitiatingProcessFileName"), List.of(params.servicesProcess()))) {
        continue;
      }
      if (!string(row, "ActionType").equals(params.inboundActionType())) {
        continue;
      }
      networkEvents.add(rename(row, "Timestamp", "TimestampNetworkAct"));
    }

    // let allServices = DeviceProcessEvents
    //   | where DeviceId in ((networkEvents | project DeviceId))
    //   | where InitiatingProcessFileName =~ "services.exe"
    //   | project TimestampChild=Timestamp, DeviceId, ...,
    // TimestampServicesExe=InitiatingProcessCreationTime
    List<Map<String, Object>> allServices = new ArrayList<>();
    for (Map<String, Object> row : deviceProcessEvents) {
      boolean deviceHasNetworkEvent = false;
      for (Map<String, Object> net : networkEvents) {
        if (string(net, "DeviceId").equals(string(row, "DeviceId"))) {
          deviceHasNetworkEvent = true;
        }
      }
      if (!deviceHasNetworkEvent) {
        continue;
      }
      if (!equalsIgnoreCase(string(row, "InitiatingProcessFileName"), params.servicesProcess())) {
        continue;
      }
      Map<String, Object> projected = new LinkedHashMap<>();
      for (String[] column : ALL_SERVICES_PROJECT) {
        projected.put(column[0], row.get(column[1]));
      }
      allServices.add(projected);
    }

    // networkEvents | join kind=inner allServices on DeviceId, InitiatingProcessId,
    // InitiatingProcessFileName
    // kind=inner: every matching pair, nothing de-duplicated.
    List<Map<String, Object>> joined = new ArrayList<>();
    for (Map<String, Object> left : networkEvents) {
      for (Map<String, Object> right : allServices) {
        if (!string(left, "DeviceId").equals(string(right, "DeviceId"))) {
          continue;
        }
        if (!longEquals(left.get("InitiatingProcessId"), right.get("InitiatingProcessId"))) {
          continue;
        }
        if (!string(left, "InitiatingProcessFileName")
            .equals(string(right, "InitiatingProcessFileName"))) {
          continue;
        }
        Map<String, Object> pair = new LinkedHashMap<>(left);
        for (String[] name : JOIN_RIGHT_NAMES) {
          if (pair.containsKey(name[1])) {
            throw new IllegalStateException(
                "join output name clashes with a left column: " + name[1]);
          }
          pair.put(name[1], right.get(name[0]));
        }
        joined.add(pair);
      }
    }

    // | where datetime_diff("Second", TimestampChild, TimestampNetworkAct) between (0 .. 10)
    // | where datetime_diff("Second", TimestampNetworkAct, TimestampServicesExe) > 60
    List<Map<String, Object>> serviceNetworkEvents = new ArrayList<>();
    for (Map<String, Object> pair : joined) {
      Long childDelay =
          datetimeDiffSeconds(
              instant(pair, "TimestampChild"), instant(pair, "TimestampNetworkAct"));
      if (childDelay == null) {
        continue;
      }
      if (!(childDelay >= params.minChildDelaySeconds()
          && childDelay <= params.maxChildDelaySeconds())) {
        continue;
      }
      Long sinceScmStart =
          datetimeDiffSeconds(
              instant(pair, "TimestampNetworkAct"), instant(pair, "TimestampServicesExe"));
      if (sinceScmStart == null) {
        continue;
      }
      if (!(sinceScmStart > params.bootGraceSeconds())) {
        continue;
      }
      serviceNetworkEvents.add(pair);
    }

    // let serviceNetworkEventsWithSHA1 = serviceNetworkEvents
    //   | summarize count() by SHA1
    Map<String, Long> countBySha1 = new LinkedHashMap<>();
    for (Map<String, Object> pair : serviceNetworkEvents) {
      String sha1 = string(pair, "SHA1");
      Long count = countBySha1.get(sha1);
      countBySha1.put(sha1, count == null ? 1L : count + 1L);
    }
    //   | join kind=leftanti DeviceFileCertificateInfo on SHA1
    //   | where count_ < 100
    List<String> rareSha1s = new ArrayList<>();
    for (Map.Entry<String, Long> group : countBySha1.entrySet()) {
      boolean hasCertificate = false;
      for (Map<String, Object> certificate : deviceFileCertificateInfo) {
        if (string(certificate, "SHA1").equals(group.getKey())) {
          hasCertificate = true;
        }
      }
      if (hasCertificate) {
        continue;
      }
      if (!(group.getValue() < params.prevalenceThreshold())) {
        continue;
      }
      rareSha1s.add(group.getKey());
    }

    // serviceNetworkEvents
    //   | where SHA1 in ((serviceNetworkEventsWithSHA1 | project SHA1)) or FileName in~ (lolbins)
    //   | where ProcessCommandLine !~ "msiexec.exe /V"
    List<Map<String, Object>> results = new ArrayList<>();
    for (Map<String, Object> pair : serviceNetworkEvents) {
      boolean rare = false;
      for (String sha1 : rareSha1s) {
        if (sha1.equals(string(pair, "SHA1"))) {
          rare = true;
        }
      }
      boolean lolbin = inIgnoreCase(string(pair, "FileName"), params.lolbins());
      if (!(rare || lolbin)) {
        continue;
      }
      if (!notEqualsIgnoreCase(string(pair, "ProcessCommandLine"), params.excludedCommandLine())) {
        continue;
      }
      results.add(pair);
    }

    return new WindowRun(
        windowStart,
        deviceFileCertificateInfo,
        networkEvents,
        allServices,
        joined,
        serviceNetworkEvents,
        countBySha1,
        rareSha1s,
        results);
  }

  /**
   * A table row as the Spark job's lake reader hands it over: every documented column, a modelled
   * string that is null becomes {@code ""} (KQL strings are never null), and a column the input
   * lacks is null.
   */
  static Map<String, Object> load(
      Map<String, Object> modelled, List<String> stringColumns, List<String> allColumns) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (String column : allColumns) {
      if (!modelled.containsKey(column)) {
        row.put(column, null);
      } else if (stringColumns.contains(column) && modelled.get(column) == null) {
        row.put(column, "");
      } else {
        row.put(column, modelled.get(column));
      }
    }
    return row;
  }

  /** The rows a run over {@code [start, end)} sees; a row without a time is in no window. */
  static List<Map<String, Object>> cut(
      List<Map<String, Object>> table, Instant start, Instant end) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> row : table) {
      Instant t = instant(row, "Timestamp");
      if (t != null && !t.isBefore(start) && t.isBefore(end)) {
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * {@code datetime_diff("Second", a, b)}: second boundaries crossed, floor(a) - floor(b); null if
   * either is.
   */
  static Long datetimeDiffSeconds(Instant a, Instant b) {
    if (a == null || b == null) {
      return null;
    }
    return Math.floorDiv(epochMicros(a), 1_000_000L) - Math.floorDiv(epochMicros(b), 1_000_000L);
  }

  static long epochMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /**
   * KQL's case folding for {@code =~ !~ in~}: ASCII letters only; every other character stays as
   * is.
   */
  static String asciiFold(String s) {
    StringBuilder folded = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        folded.append((char) (c - 'A' + 'a'));
      } else {
        folded.append(c);
      }
    }
    return folded.toString();
  }

  static boolean equalsIgnoreCase(String a, String b) {
    return asciiFold(a).equals(asciiFold(b));
  }

  static boolean notEqualsIgnoreCase(String a, String b) {
    return !equalsIgnoreCase(a, b);
  }

  static boolean inIgnoreCase(String a, List<String> list) {
    for (String candidate : list) {
      if (equalsIgnoreCase(a, candidate)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code ==} on longs: null equals nothing, not even null (docs/semantics.md: null join keys).
   */
  static boolean longEquals(Object a, Object b) {
    return a != null && b != null && ((Long) a).longValue() == ((Long) b).longValue();
  }

  /** A string column the logic reads; after {@link #load} it can no longer be null. */
  static String string(Map<String, Object> row, String column) {
    Object value = row.get(column);
    if (value == null) {
      throw new IllegalStateException("string column " + column + " is null or absent: " + row);
    }
    return (String) value;
  }

  static Instant instant(Map<String, Object> row, String column) {
    return (Instant) row.get(column);
  }

  private static Map<String, Object> rename(Map<String, Object> row, String from, String to) {
    Map<String, Object> renamed = new LinkedHashMap<>();
    row.forEach((k, v) -> renamed.put(k.equals(from) ? to : k, v));
    return renamed;
  }

  private static void requireInRange(List<Map<String, Object>> table, Instant from, Instant to) {
    for (Map<String, Object> row : table) {
      Instant t = instant(row, "Timestamp");
      if (t != null && (t.isBefore(from) || !t.isBefore(to))) {
        throw new IllegalArgumentException(
            "row outside the evaluated range [" + from + ", " + to + "): " + row);
      }
      for (Object value : row.values()) {
        // Spark keeps microseconds; finer input would be compared against a truncated copy.
        if (value instanceof Instant i && i.getNano() % 1_000 != 0) {
          throw new IllegalArgumentException("sub-microsecond time in " + row);
        }
      }
    }
  }

  private static List<String> resultColumns() {
    List<String> columns = new ArrayList<>();
    for (String c : DEVICE_NETWORK_EVENTS_COLUMNS) {
      columns.add(c.equals("Timestamp") ? "TimestampNetworkAct" : c);
    }
    for (String[] name : JOIN_RIGHT_NAMES) {
      columns.add(name[1]);
    }
    return List.copyOf(columns);
  }
}
