package dev.smbhunt.transforms.reference;

import static dev.smbhunt.transforms.reference.KqlReference.datetimeDiffSeconds;
import static dev.smbhunt.transforms.reference.KqlReference.epochMicros;

import dev.smbhunt.transforms.smb.RuleParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, over the reference's step-by-step runs, how often the random data hit each edge where a
 * wrong implementation would decide differently. An agreeing comparison means little for an edge
 * never hit, so the differential test requires every count to be positive.
 */
final class Coverage {
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final RuleParams params;

  Coverage(RuleParams params) {
    this.params = params;
    for (String bucket : BUCKETS) {
      counts.put(bucket, 0L);
    }
  }

  static final List<String> BUCKETS =
      List.of(
          "result rows",
          "kept: child < 1 s before the connection, same second (diff 0)",
          "dropped: child < 1 s before the connection, previous second (diff -1)",
          "kept: child > 10 s after the connection, 10 boundaries",
          "dropped: child < 11 s after the connection, 11 boundaries",
          "dropped: services.exe >= 60 s before the connection, 60 boundaries",
          "kept: services.exe < 61 s before the connection, 61 boundaries",
          "dropped: null TimestampServicesExe",
          "joined pairs before 1970",
          "no pair: connection and child within 10 s but in different hours",
          "no pair: join key differs only in ASCII case",
          "dropped at stage 1: non-ASCII services.exe look-alike",
          "kept: LOLBIN matched only by ASCII case folding",
          "dropped: non-ASCII LOLBIN look-alike, hash not rare",
          "hash with exactly 99 uncertified pairs in a window",
          "hash with exactly 100 uncertified pairs in a window",
          "hash with exactly 101 uncertified pairs in a window",
          "excluded: certificate row in the window",
          "rare although certified in another window",
          "kept: \"\" hash in the rare set",
          "dropped: msiexec.exe /V in some ASCII case",
          "kept: msiexec command line that is not exactly msiexec.exe /V",
          "kept: connection paired with 2+ children",
          "kept: child paired with 2+ connections");

  Map<String, Long> counts() {
    return counts;
  }

  void add(DiffCase c, List<WindowRun> runs) {
    for (WindowRun run : runs) {
      addRun(run);
    }
    addCrossHourPairs(c, runs);
  }

  private void addRun(WindowRun run) {
    bump("result rows", run.results().size());
    for (Map<String, Object> pair : run.joined()) {
      Instant net = (Instant) pair.get("TimestampNetworkAct");
      Instant child = (Instant) pair.get("TimestampChild");
      Instant scm = (Instant) pair.get("TimestampServicesExe");
      long childDiff = datetimeDiffSeconds(child, net);
      long childAfterMicros = epochMicros(child) - epochMicros(net);
      boolean childOk = childDiff >= 0 && childDiff <= 10;
      Long scmDiff = datetimeDiffSeconds(net, scm);
      boolean kept = run.serviceNetworkEvents().contains(pair);
      if (epochMicros(net) < 0) {
        bump("joined pairs before 1970", 1);
      }
      if (kept && childDiff == 0 && childAfterMicros < 0) {
        bump("kept: child < 1 s before the connection, same second (diff 0)", 1);
      }
      if (!kept && childDiff == -1 && childAfterMicros > -1_000_000) {
        bump("dropped: child < 1 s before the connection, previous second (diff -1)", 1);
      }
      if (kept && childDiff == 10 && childAfterMicros > 10_000_000) {
        bump("kept: child > 10 s after the connection, 10 boundaries", 1);
      }
      if (!kept && childDiff == 11 && childAfterMicros < 11_000_000) {
        bump("dropped: child < 11 s after the connection, 11 boundaries", 1);
      }
      if (childOk && scm == null) {
        bump("dropped: null TimestampServicesExe", 1);
      }
      if (childOk && scmDiff != null) {
        long scmBeforeMicros = epochMicros(net) - epochMicros(scm);
        if (!kept && scmDiff == 60 && scmBeforeMicros >= 60_000_000) {
          bump("dropped: services.exe >= 60 s before the connection, 60 boundaries", 1);
        }
        if (kept && scmDiff == 61 && scmBeforeMicros < 61_000_000) {
          bump("kept: services.exe < 61 s before the connection, 61 boundaries", 1);
        }
      }
    }

    for (Map<String, Object> net : run.networkEvents()) {
      for (Map<String, Object> child : run.allServices()) {
        String a = (String) net.get("InitiatingProcessFileName");
        String b = (String) child.get("InitiatingProcessFileName");
        if (net.get("DeviceId").equals(child.get("DeviceId"))
            && KqlReference.longEquals(
                net.get("InitiatingProcessId"), child.get("InitiatingProcessId"))
            && !a.equals(b)
            && KqlReference.equalsIgnoreCase(a, b)) {
          bump("no pair: join key differs only in ASCII case", 1);
        }
      }
    }

    Map<String, Boolean> certified = new HashMap<>();
    for (Map<String, Object> cert : run.certificates()) {
      certified.put((String) cert.get("SHA1"), true);
    }
    for (Map.Entry<String, Long> group : run.countBySha1().entrySet()) {
      boolean hasCertificate = certified.containsKey(group.getKey());
      if (!hasCertificate && group.getValue() >= 99 && group.getValue() <= 101) {
        bump("hash with exactly " + group.getValue() + " uncertified pairs in a window", 1);
      }
      if (hasCertificate) {
        bump("excluded: certificate row in the window", 1);
      }
    }

    Map<Object, Integer> perConnection = new HashMap<>();
    Map<Object, Integer> perChild = new HashMap<>();
    for (Map<String, Object> pair : run.serviceNetworkEvents()) {
      String fileName = (String) pair.get("FileName");
      String sha1 = (String) pair.get("SHA1");
      String commandLine = (String) pair.get("ProcessCommandLine");
      boolean rare = run.rareSha1s().contains(sha1);
      boolean kept = run.results().contains(pair);
      boolean lolbin = KqlReference.inIgnoreCase(fileName, params.lolbins());
      if (kept && lolbin && !params.lolbins().contains(fileName)) {
        bump("kept: LOLBIN matched only by ASCII case folding", 1);
      }
      if (!rare && !lolbin && !isAscii(fileName)) {
        bump("dropped: non-ASCII LOLBIN look-alike, hash not rare", 1);
      }
      if (kept && sha1.isEmpty() && rare) {
        bump("kept: \"\" hash in the rare set", 1);
      }
      if ((rare || lolbin)
          && KqlReference.equalsIgnoreCase(commandLine, params.excludedCommandLine())) {
        bump("dropped: msiexec.exe /V in some ASCII case", 1);
      }
      if (kept && KqlReference.asciiFold(commandLine).contains("msiexec")) {
        bump("kept: msiexec command line that is not exactly msiexec.exe /V", 1);
      }
      if (kept) {
        perConnection.merge(
            List.of(pair.get("DeviceId"), pair.get("ReportId"), pair.get("TimestampNetworkAct")),
            1,
            Integer::sum);
        List<Object> childKey = new ArrayList<>();
        for (String column :
            List.of("DeviceId1", "TimestampChild", "FileName", "SHA1", "ProcessCommandLine")) {
          childKey.add(pair.get(column));
        }
        perChild.merge(childKey, 1, Integer::sum);
      }
    }
    bump(
        "kept: connection paired with 2+ children",
        perConnection.values().stream().filter(n -> n > 1).count());
    bump(
        "kept: child paired with 2+ connections",
        perChild.values().stream().filter(n -> n > 1).count());
  }

  /** Input-level edges: what never reaches a window run, and certificates of other windows. */
  private void addCrossHourPairs(DiffCase c, List<WindowRun> runs) {
    for (NetworkEvent net : c.network()) {
      String scmName =
          net.initiatingProcessFileName() == null ? "" : net.initiatingProcessFileName();
      if (!isAscii(scmName) && "InboundConnectionAccepted".equals(net.actionType())) {
        bump("dropped at stage 1: non-ASCII services.exe look-alike", 1);
      }
      if (net.timestamp() == null
          || net.initiatingProcessId() == null
          || !KqlReference.equalsIgnoreCase(scmName, params.servicesProcess())
          || !params.inboundActionType().equals(net.actionType())) {
        continue;
      }
      for (ProcessEvent child : c.process()) {
        if (child.timestamp() == null
            || !net.initiatingProcessId().equals(child.initiatingProcessId())
            || !scmName.equals(child.initiatingProcessFileName())
            || !String.valueOf(net.deviceId()).equals(String.valueOf(child.deviceId()))) {
          continue;
        }
        long diff = datetimeDiffSeconds(child.timestamp(), net.timestamp());
        boolean sameHour =
            Math.floorDiv(child.timestamp().getEpochSecond(), params.windowSeconds())
                == Math.floorDiv(net.timestamp().getEpochSecond(), params.windowSeconds());
        if (diff >= 0 && diff <= 10 && !sameHour) {
          bump("no pair: connection and child within 10 s but in different hours", 1);
        }
      }
    }
    for (WindowRun run : runs) {
      for (String sha1 : run.rareSha1s()) {
        for (CertificateInfo cert : c.certificates()) {
          boolean otherWindow =
              cert.timestamp() != null
                  && !run.windowStart()
                      .equals(
                          Instant.ofEpochSecond(
                              Math.floorDiv(
                                      cert.timestamp().getEpochSecond(), params.windowSeconds())
                                  * params.windowSeconds()));
          if (otherWindow && sha1.equals(cert.sha1())) {
            bump("rare although certified in another window", 1);
          }
        }
      }
    }
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(ch -> ch < 128);
  }

  private void bump(String bucket, long n) {
    if (!counts.containsKey(bucket)) {
      throw new IllegalArgumentException("unknown bucket " + bucket);
    }
    counts.merge(bucket, n, Long::sum);
  }
}
