package dev.smbhunt.transforms.reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded random cases that aim at the places where a re-implementation of the rule goes wrong:
 * second and hour boundaries, letter case and non-ASCII look-alikes, null and empty strings, null
 * keys and times, pair multiplication, the {@code count_ < 100} threshold, certificates in and out
 * of the window, and the msiexec exclusion's exact-match semantics.
 *
 * <p>Case {@code i} of a seed is always the same, wherever it runs: its randomness comes from
 * {@link #caseSeed} and its time range from {@link #rangeStart}.
 */
public final class RandomCases {
  static final int WINDOWS_PER_CASE = 3;
  static final long WINDOW_SECONDS = 3600;
  // One window of gap between cases keeps every case's runs apart.
  private static final long CASE_SPACING_SECONDS = (WINDOWS_PER_CASE + 1) * WINDOW_SECONDS;
  // The first cases lie before 1970-01-01 (the last of them has it as a window boundary), where
  // flooring negative epoch microseconds must still be a floor.
  private static final int EPOCH_CASES = 6;
  private static final Instant EPOCH_BASE = Instant.parse("1969-12-31T03:00:00Z");
  private static final Instant MODERN_BASE = Instant.parse("2024-03-30T20:00:00Z");

  private static final String[] SCM_NAMES = {
    "services.exe",
    "services.exe",
    "services.exe",
    "services.exe",
    "services.exe",
    "services.exe",
    "services.exe",
    "services.exe",
    "services.exe",
    "services.exe",
    "Services.exe",
    "Services.exe",
    "SERVICES.EXE",
    "SERVICES.EXE",
    "svchost.exe",
    // Java's equalsIgnoreCase/toLowerCase fold these to services.exe; KQL's ASCII-only fold does
    // not.
    "\u017Fervices.exe",
    "SERV\u0130CES.EXE",
    "services.exe ",
    null,
    "",
  };
  private static final String[] ACTION_TYPES = {
    "InboundConnectionAccepted", "InboundConnectionAccepted", "InboundConnectionAccepted",
    "InboundConnectionAccepted", "InboundConnectionAccepted", "InboundConnectionAccepted",
    "InboundConnectionAccepted", "InboundConnectionAccepted", "InboundConnectionAccepted",
    "InboundConnectionAccepted", "InboundConnectionAccepted", "InboundConnectionAccepted",
    "inboundconnectionaccepted", "INBOUNDCONNECTIONACCEPTED", "ConnectionSuccess",
    "InboundConnectionAccepted ", null,
  };
  private static final String[] CHILD_FILE_NAMES = {
    // template spelling
    "Cmd.exe",
    "Sc.exe",
    "Rundll32.exe",
    "Msiexec.exe",
    "Makecab.exe",
    // other ASCII letter cases
    "cmd.exe",
    "CMD.EXE",
    "SC.EXE",
    "msiexec.exe",
    "MAKECAB.EXE",
    "rUNDLL32.EXE",
    // look-alikes: Kelvin sign, dotted capital I, long s, trailing space
    "Ma\u212Aecab.exe",
    "\u0130nstallutil.exe",
    "\u017Fc.exe",
    "Cmd.exe ",
    // not LOLBINs
    "svchost.exe",
    "sppsvc.exe",
    "PSEXESVC.exe",
    "evil.exe",
    "TrustedInstaller.exe",
    "svchost.exe",
    "PSEXESVC.exe",
    null,
    "",
  };
  private static final String[] COMMAND_LINES = {
    null,
    null,
    null,
    "",
    "msiexec.exe /V",
    "msiexec.exe /V",
    "MSIEXEC.EXE /v",
    "Msiexec.exe /V",
    // !~ is a whole-string compare: these stay
    "C:\\Windows\\system32\\msiexec.exe /V",
    "msiexec.exe /V ",
    "msiexec.exe  /V",
    "MS\u0130EXEC.EXE /V",
    "cmd.exe /c whoami",
    "cmd.exe /c whoami",
    "%COMSPEC% /Q /c echo",
    "sc.exe start evil",
    "C:\\Windows\\PSEXESVC.exe",
  };
  private static final int[] CHILD_SECOND_OFFSETS = {
    -2, -1, -1, 0, 0, 0, 1, 3, 5, 9, 10, 10, 10, 11, 11, 12
  };
  private static final int[] BOOT_EDGE_SECOND_OFFSETS = {-59, -60, -60, -61, -61, -62};

  private RandomCases() {}

  public static List<DiffCase> generate(long baseSeed, int count) {
    List<DiffCase> cases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cases.add(one(baseSeed, i));
    }
    return cases;
  }

  public static DiffCase one(long baseSeed, int index) {
    long seed = caseSeed(baseSeed, index);
    return new Builder(index, seed, rangeStart(index)).build();
  }

  static long caseSeed(long baseSeed, int index) {
    return new SplittableRandom(baseSeed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (index + 1));
  }

  static Instant rangeStart(int index) {
    Instant base = index < EPOCH_CASES ? EPOCH_BASE : MODERN_BASE;
    return base.plusSeconds(index * CASE_SPACING_SECONDS);
  }

  /** Builds one case; all its randomness comes from one {@link Random}. */
  private static final class Builder {
    private final int index;
    private final long seed;
    private final Random rnd;
    private final long start;
    private final long end;
    private final List<NetworkEvent> network = new ArrayList<>();
    private final List<ProcessEvent> process = new ArrayList<>();
    private final List<CertificateInfo> certificates = new ArrayList<>();
    private final String[] sha1Pool = new String[4];
    private long nextReportId = 1;

    Builder(int index, long seed, Instant rangeStart) {
      this.index = index;
      this.seed = seed;
      this.rnd = new Random(seed);
      this.start = rangeStart.getEpochSecond();
      this.end = start + WINDOWS_PER_CASE * WINDOW_SECONDS;
    }

    DiffCase build() {
      for (int i = 0; i < sha1Pool.length; i++) {
        sha1Pool[i] = hex40();
      }
      int devices = 1 + rnd.nextInt(3);
      for (int d = 0; d < devices; d++) {
        device(d);
      }
      if (rnd.nextInt(100) < 15) {
        prevalenceEdge();
      }
      if (rnd.nextInt(100) < 12) {
        hotServer();
      }
      certificates();
      return new DiffCase(
          "random case " + index + " (seed " + seed + ")",
          Instant.ofEpochSecond(start),
          Instant.ofEpochSecond(end),
          network,
          process,
          certificates);
    }

    private void device(int d) {
      // "" DeviceIds are an ordinary key: they pair with each other.
      String deviceId = rnd.nextInt(100) < 4 ? null : "case" + index + "-dev" + d;
      String deviceName = rnd.nextInt(100) < 10 ? null : "host" + index + "-" + d + ".corp.example";
      long[] pids = {600 + rnd.nextInt(4) * 4, 600 + rnd.nextInt(4) * 4, 700};
      int bursts = 1 + rnd.nextInt(3);
      for (int b = 0; b < bursts; b++) {
        burst(deviceId, deviceName, pids);
      }
      int noise = rnd.nextInt(3);
      for (int n = 0; n < noise; n++) {
        noise(deviceId, deviceName);
      }
    }

    /** Inbound connections to one services.exe instance, and service starts around them. */
    private void burst(String deviceId, String deviceName, long[] pids) {
      long second = anchorSecond();
      Long pid = rnd.nextInt(100) < 8 ? null : pids[rnd.nextInt(pids.length)];
      String scmName = pick(SCM_NAMES);
      Instant scmStart = scmStart(second);
      // The network table's own copy must not be what the rule reads: make it fail the boot check.
      Instant networkCopyOfScmStart =
          rnd.nextBoolean()
              ? at(second - 5, micros())
              : rnd.nextBoolean() ? null : at(second - 86_400, micros());

      int connections = rnd.nextInt(10) < 6 ? 1 : 2 + rnd.nextInt(2);
      List<Instant> connectionTimes = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        Instant t = at(second + (rnd.nextInt(5) == 0 ? 1 : 0), edgeMicros());
        connectionTimes.add(t);
        network.add(
            new NetworkEvent(
                rnd.nextInt(100) < 2 ? null : t,
                deviceId,
                deviceName,
                pick(ACTION_TYPES),
                rnd.nextInt(10) == 0 ? null : "10.0." + rnd.nextInt(4) + "." + rnd.nextInt(255),
                rnd.nextInt(10) == 0 ? null : "sha1-of-services-" + index,
                scmName,
                rnd.nextInt(100) < 5 ? null : pid,
                rnd.nextInt(10) == 0 ? null : "C:\\Windows\\system32\\services.exe",
                networkCopyOfScmStart,
                nextReportId++));
      }

      int children = 1 + rnd.nextInt(4);
      for (int k = 0; k < children; k++) {
        Instant connection = connectionTimes.get(rnd.nextInt(connections));
        long connectionSecond = Math.floorDiv(KqlReference.epochMicros(connection), 1_000_000L);
        Instant t =
            at(
                connectionSecond + CHILD_SECOND_OFFSETS[rnd.nextInt(CHILD_SECOND_OFFSETS.length)],
                edgeMicros());
        process.add(
            new ProcessEvent(
                rnd.nextInt(100) < 2 ? null : t,
                childDeviceId(deviceId),
                rnd.nextInt(10) == 0 ? null : deviceName,
                pick(CHILD_FILE_NAMES),
                pick(COMMAND_LINES),
                childSha1(),
                rnd.nextInt(100) < 80 ? scmName : pick(SCM_NAMES),
                rnd.nextInt(10) == 0 ? null : "services.exe",
                rnd.nextInt(10) == 0
                    ? null
                    : "sha1-of-services-" + index + (rnd.nextInt(5) == 0 ? "-b" : ""),
                childPid(pid, pids),
                rnd.nextInt(100) < 8 ? null : scmStart,
                nextReportId++));
      }
    }

    /**
     * Enough pairs of one hash in one window to land on 98..102, around the {@code < 100}
     * threshold.
     */
    private void prevalenceEdge() {
      int target = 98 + rnd.nextInt(5);
      String deviceId = "case" + index + "-busy";
      String sha1 = hex40();
      long windowStart = start + rnd.nextInt(WINDOWS_PER_CASE) * WINDOW_SECONDS;
      long second = windowStart + 70 + rnd.nextInt((int) WINDOW_SECONDS - 100);
      // 98 = 7 x 14, 99 = 9 x 11, 100 = 10 x 10; 101 and 102 add 1 x 1 and 1 x 2 on a second
      // instance.
      int[][] shapes = {{7, 14, 0}, {9, 11, 0}, {10, 10, 0}, {10, 10, 1}, {10, 10, 2}};
      int[] shape = shapes[target - 98];
      pairsOnOneScm(deviceId, 700L, second, shape[0], shape[1], sha1);
      if (shape[2] > 0) {
        pairsOnOneScm(deviceId, 704L, second, 1, shape[2], sha1);
      }
      if (rnd.nextInt(100) < 15) {
        certificates.add(
            new CertificateInfo(
                at(windowStart + rnd.nextInt((int) WINDOW_SECONDS), micros()), sha1));
      } else if (rnd.nextInt(100) < 20) {
        long otherWindow = windowStart == start ? windowStart + WINDOW_SECONDS : start;
        certificates.add(
            new CertificateInfo(
                at(otherWindow + rnd.nextInt((int) WINDOW_SECONDS), micros()), sha1));
      }
    }

    /** {@code connections x children} pairs that all pass both time filters. */
    private void pairsOnOneScm(
        String deviceId, long pid, long second, int connections, int children, String sha1) {
      Instant scmStart = at(second - 7_200, micros());
      for (int c = 0; c < connections; c++) {
        network.add(
            new NetworkEvent(
                at(second, micros()),
                deviceId,
                "busy" + index,
                "InboundConnectionAccepted",
                "10.9.9." + c,
                null,
                "services.exe",
                pid,
                "services.exe",
                null,
                nextReportId++));
      }
      for (int k = 0; k < children; k++) {
        boolean lolbin = rnd.nextInt(10) == 0;
        process.add(
            new ProcessEvent(
                at(second + 1 + rnd.nextInt(10), micros()),
                deviceId,
                "busy" + index,
                lolbin ? "Sc.exe" : "PSEXESVC.exe",
                rnd.nextInt(20) == 0 ? "msiexec.exe /V" : "C:\\Windows\\PSEXESVC.exe",
                sha1,
                "services.exe",
                "services.exe",
                null,
                pid,
                scmStart,
                nextReportId++));
      }
    }

    /**
     * The skew case: many connections and many children under one services.exe PID, spread over a
     * few minutes (sometimes across an hour boundary), so that every connection has neighbours in
     * its own and the adjacent time buckets, with children on both sides of each 0..10 s edge.
     */
    private void hotServer() {
      String deviceId = "case" + index + "-hot";
      long pid = 900L;
      int spread = 30 + rnd.nextInt(150);
      long first =
          rnd.nextBoolean()
              ? start + WINDOW_SECONDS - rnd.nextInt(spread)
              : start + 70 + rnd.nextInt((int) WINDOW_SECONDS);
      Instant scmStart =
          rnd.nextInt(10) == 0 ? at(first - 30, micros()) : at(first - 3_600, micros());
      int connections = 20 + rnd.nextInt(40);
      List<Long> connectionSeconds = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        long second = first + rnd.nextInt(spread);
        connectionSeconds.add(second);
        network.add(
            new NetworkEvent(
                at(second, edgeMicros()),
                deviceId,
                "hot" + index,
                "InboundConnectionAccepted",
                "10.8." + c / 200 + "." + c % 200,
                null,
                "services.exe",
                pid,
                "services.exe",
                null,
                nextReportId++));
      }
      int children = 15 + rnd.nextInt(40);
      for (int k = 0; k < children; k++) {
        // Half near a connection at an edge offset, half anywhere in the burst.
        long second =
            rnd.nextBoolean()
                ? connectionSeconds.get(rnd.nextInt(connections))
                    + CHILD_SECOND_OFFSETS[rnd.nextInt(CHILD_SECOND_OFFSETS.length)]
                : first - 12 + rnd.nextInt(spread + 24);
        boolean lolbin = rnd.nextInt(4) == 0;
        process.add(
            new ProcessEvent(
                at(second, edgeMicros()),
                deviceId,
                "hot" + index,
                lolbin ? "Cmd.exe" : "PSEXESVC.exe",
                pick(COMMAND_LINES),
                childSha1(),
                "services.exe",
                "services.exe",
                null,
                pid,
                scmStart,
                nextReportId++));
      }
    }

    /** Rows the rule must ignore whatever the keys say: other processes, other actions. */
    private void noise(String deviceId, String deviceName) {
      long second = start + 1 + rnd.nextInt((int) (end - start - 2));
      Long pid = 600L + rnd.nextInt(4) * 4;
      network.add(
          new NetworkEvent(
              at(second, micros()),
              deviceId,
              deviceName,
              rnd.nextBoolean() ? "ConnectionSuccess" : "InboundConnectionAccepted",
              "10.1.1.1",
              null,
              rnd.nextBoolean() ? "svchost.exe" : "lsass.exe",
              pid,
              null,
              null,
              nextReportId++));
      process.add(
          new ProcessEvent(
              at(second + rnd.nextInt(2), micros()),
              deviceId,
              deviceName,
              "Cmd.exe",
              null,
              sha1Pool[0],
              rnd.nextBoolean() ? "explorer.exe" : "svchost.exe",
              null,
              null,
              pid,
              at(second - 3_600, 0),
              nextReportId++));
    }

    /**
     * Hashes with a certificate row in a child's own window (excluded), in some other window of the
     * case (not excluded), in another letter case (not excluded), and now and then an empty hash.
     */
    private void certificates() {
      List<ProcessEvent> children = new ArrayList<>(process);
      for (String sha1 : sha1Pool) {
        int roll = rnd.nextInt(100);
        if (roll < 30) {
          ProcessEvent child = childWith(children, sha1);
          long window =
              child != null && child.timestamp() != null
                  ? Math.floorDiv(child.timestamp().getEpochSecond(), WINDOW_SECONDS)
                      * WINDOW_SECONDS
                  : randomWindow();
          certificates.add(new CertificateInfo(timeInWindow(window), sha1));
        } else if (roll < 55) {
          certificates.add(new CertificateInfo(timeInWindow(randomWindow()), sha1));
        }
      }
      if (rnd.nextInt(100) < 20) {
        certificates.add(
            new CertificateInfo(
                timeInWindow(randomWindow()), sha1Pool[0].toUpperCase(Locale.ROOT)));
      }
      if (rnd.nextInt(100) < 10) {
        certificates.add(
            new CertificateInfo(timeInWindow(randomWindow()), rnd.nextBoolean() ? null : ""));
      }
      if (rnd.nextInt(100) < 5) {
        certificates.add(new CertificateInfo(null, sha1Pool[1]));
      }
    }

    private ProcessEvent childWith(List<ProcessEvent> children, String sha1) {
      List<ProcessEvent> matching = new ArrayList<>();
      for (ProcessEvent p : children) {
        if (sha1.equals(p.sha1())) {
          matching.add(p);
        }
      }
      return matching.isEmpty() ? null : matching.get(rnd.nextInt(matching.size()));
    }

    /** A second for a burst: a third of them a few seconds before or after an hour boundary. */
    private long anchorSecond() {
      if (rnd.nextInt(3) == 0) {
        long boundary = start + (1 + rnd.nextInt(WINDOWS_PER_CASE - 1)) * WINDOW_SECONDS;
        return boundary - 12 + rnd.nextInt(15);
      }
      // Children reach 2 s before and 14 s after the anchor; the range must hold them all.
      return start + 3 + rnd.nextInt((int) (end - start - 20));
    }

    /**
     * services.exe's start: often 59..62 s before the connection, where boundary counting decides.
     */
    private Instant scmStart(long connectionSecond) {
      int roll = rnd.nextInt(100);
      if (roll < 45) {
        return at(
            connectionSecond
                + BOOT_EDGE_SECOND_OFFSETS[rnd.nextInt(BOOT_EDGE_SECOND_OFFSETS.length)],
            edgeMicros());
      } else if (roll < 77) {
        return at(connectionSecond - 61 - rnd.nextInt(200_000), micros());
      } else if (roll < 87) {
        return null;
      } else if (roll < 96) {
        return at(connectionSecond - rnd.nextInt(59), micros());
      }
      return at(connectionSecond + 1 + rnd.nextInt(30), micros());
    }

    private String childDeviceId(String deviceId) {
      int roll = rnd.nextInt(100);
      if (roll < 4 && deviceId != null) {
        return deviceId.toUpperCase(Locale.ROOT);
      }
      return roll < 6 ? null : deviceId;
    }

    private Long childPid(Long pid, long[] pids) {
      int roll = rnd.nextInt(100);
      if (roll < 8) {
        return pids[rnd.nextInt(pids.length)];
      }
      return roll < 14 ? null : pid;
    }

    private String childSha1() {
      int roll = rnd.nextInt(100);
      if (roll < 25) {
        return sha1Pool[0];
      } else if (roll < 45) {
        return sha1Pool[1];
      } else if (roll < 60) {
        return sha1Pool[2];
      } else if (roll < 70) {
        return sha1Pool[3];
      } else if (roll < 76) {
        return sha1Pool[0].toUpperCase(Locale.ROOT);
      } else if (roll < 84) {
        return null;
      } else if (roll < 88) {
        return "";
      }
      return hex40();
    }

    private long randomWindow() {
      return start + rnd.nextInt(WINDOWS_PER_CASE) * WINDOW_SECONDS;
    }

    /** Anywhere in the window, or within 2 s of either of its edges. */
    private Instant timeInWindow(long windowStart) {
      int roll = rnd.nextInt(4);
      if (roll == 0) {
        return at(windowStart + rnd.nextInt(2), edgeMicros());
      } else if (roll == 1) {
        return at(windowStart + WINDOW_SECONDS - 1 - rnd.nextInt(2), edgeMicros());
      }
      return at(windowStart + rnd.nextInt((int) WINDOW_SECONDS), micros());
    }

    /**
     * Sub-second parts that make floor-versus-elapsed differences likely: 0, 1 µs, 0.5 s, 1 s - 1
     * µs.
     */
    private long edgeMicros() {
      switch (rnd.nextInt(8)) {
        case 0:
          return 0;
        case 1:
          return 1;
        case 2:
          return 999_999;
        case 3:
          return 500_000;
        default:
          return micros();
      }
    }

    private long micros() {
      return rnd.nextInt(1_000_000);
    }

    private String hex40() {
      StringBuilder s = new StringBuilder(40);
      for (int i = 0; i < 40; i++) {
        s.append(Character.forDigit(rnd.nextInt(16), 16));
      }
      return s.toString();
    }

    private String pick(String[] values) {
      return values[rnd.nextInt(values.length)];
    }
  }

  static Instant at(long epochSecond, long micros) {
    return Instant.ofEpochSecond(epochSecond, micros * 1_000);
  }
}
