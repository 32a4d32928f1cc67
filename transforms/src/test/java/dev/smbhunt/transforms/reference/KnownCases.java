package dev.smbhunt.transforms.reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hand-written scenarios whose answer follows from docs/semantics.md by hand, independently of both
 * implementations. They keep the reference honest: a reference bug that Spark shares would
 * otherwise go unnoticed by the differential comparison.
 */
public final class KnownCases {
  /** A scenario and the number of result rows the rule must return for it. */
  public record KnownCase(String name, DiffCase diffCase, int expectedRows) {}

  static final String DEVICE = "dev-known";
  static final String CERTIFIED_SHA1 = "5f0c0d0c0e0f10111213141516171819aabbccdd";
  private static final long SLOT_SECONDS = 4 * 3600;

  private KnownCases() {}

  /** All scenarios, each in its own 3-hour range from {@code base} on (4 hours apart). */
  public static List<KnownCase> all(Instant base) {
    List<KnownCase> cases = new ArrayList<>();
    Slots s = new Slots(base, cases);

    // the three documented datetime_diff examples (docs/semantics.md).
    s.add(
        "child 0.7 s before the connection, same second: kept",
        1,
        (h, b) -> b.pair(h.plusMillis(800), h.plusMillis(100)));
    s.add(
        "child 10.85 s after, 10 second boundaries: kept",
        1,
        (h, b) -> b.pair(h.plusMillis(100), h.plusMillis(10_950)));
    s.add(
        "child 10.06 s after, 11 second boundaries: dropped",
        0,
        (h, b) -> b.pair(h.plusMillis(950), h.plusMillis(11_010)));
    s.add(
        "child 0.3 s before, previous second: dropped",
        0,
        (h, b) -> b.pair(h.plusMillis(10_100), h.plusMillis(9_800)));

    s.add(
        "services.exe started 60.2 s before, 61 boundaries: kept",
        1,
        (h, b) -> b.pair(h.plusMillis(100_100), h.plusMillis(100_200), h.plusMillis(39_900)));
    s.add(
        "services.exe started 60.8 s before, 60 boundaries: dropped",
        0,
        (h, b) -> b.pair(h.plusMillis(100_900), h.plusMillis(101_000), h.plusMillis(40_100)));
    s.add(
        "services.exe start unknown (null): dropped",
        0,
        (h, b) -> b.pair(h.plusSeconds(100), h.plusSeconds(101), null));

    s.add(
        "2 connections x 3 children of one services.exe: 6 pairs",
        6,
        (h, b) -> {
          b.connection(h.plusSeconds(100), 640L, "services.exe");
          b.connection(h.plusSeconds(101), 640L, "services.exe");
          for (int i = 0; i < 3; i++) {
            b.child(
                h.plusSeconds(102 + i),
                640L,
                "services.exe",
                "Cmd.exe",
                "sha-" + i,
                "cmd.exe /c x",
                b.scmStart(h));
          }
        });
    s.add(
        "join keys compare case-sensitively: Services.exe does not pair with services.exe",
        0,
        (h, b) -> {
          b.connection(h.plusSeconds(100), 640L, "Services.exe");
          b.child(h.plusSeconds(101), 640L, "services.exe", "Cmd.exe", "sha", "x", b.scmStart(h));
        });
    s.add(
        "SERVICES.EXE on both sides passes in~, =~ and ==",
        1,
        (h, b) -> {
          b.connection(h.plusSeconds(100), 640L, "SERVICES.EXE");
          b.child(h.plusSeconds(101), 640L, "SERVICES.EXE", "Cmd.exe", "sha", "x", b.scmStart(h));
        });
    s.add(
        "long-s services.exe is not services.exe (ASCII-only folding)",
        0,
        (h, b) -> {
          b.connection(h.plusSeconds(100), 640L, "\u017Fervices.exe");
          b.child(
              h.plusSeconds(101), 640L, "\u017Fervices.exe", "Cmd.exe", "sha", "x", b.scmStart(h));
        });
    s.add(
        "ActionType == is case-sensitive",
        0,
        (h, b) -> {
          b.network.add(
              new NetworkEvent(
                  h.plusSeconds(100),
                  DEVICE,
                  "known",
                  "inboundconnectionaccepted",
                  "10.0.0.9",
                  "scm-sha1",
                  "services.exe",
                  640L,
                  "services.exe",
                  null,
                  b.reportId++));
          b.child(h.plusSeconds(101), 640L, "services.exe", "Cmd.exe", "sha", "x", b.scmStart(h));
        });
    s.add(
        "null PIDs on both sides never pair",
        0,
        (h, b) -> {
          b.connection(h.plusSeconds(100), null, "services.exe");
          b.child(h.plusSeconds(101), null, "services.exe", "Cmd.exe", "sha", "x", b.scmStart(h));
        });
    s.add(
        "connection and child in different hours: different runs, no pair",
        0,
        (h, b) -> b.pair(h.minusMillis(500), h.plusMillis(200)));
    s.add(
        "the boot check reads the process table's services.exe start, not the network table's",
        1,
        (h, b) -> {
          // The network table's copy says 5 s before: it would fail "> 60" if it were (wrongly)
          // used.
          b.connection(h.plusSeconds(100), 640L, "services.exe");
          b.child(h.plusSeconds(101), 640L, "services.exe", "evil.exe", "sha", "x", b.scmStart(h));
        });

    s.add(
        "null command line is \"\", which !~ keeps",
        1,
        (h, b) -> {
          b.connection(h.plusSeconds(100), 640L, "services.exe");
          b.child(h.plusSeconds(101), 640L, "services.exe", "Cmd.exe", "sha", null, b.scmStart(h));
        });
    s.add(
        "MSIEXEC.EXE /v equals msiexec.exe /V ignoring ASCII case: dropped",
        0,
        (h, b) -> {
          b.connection(h.plusSeconds(100), 640L, "services.exe");
          b.child(
              h.plusSeconds(101),
              640L,
              "services.exe",
              "Msiexec.exe",
              "sha",
              "MSIEXEC.EXE /v",
              b.scmStart(h));
        });
    s.add(
        "!~ compares whole strings: a path or a trailing space keeps the row",
        2,
        (h, b) -> {
          b.connection(h.plusSeconds(100), 640L, "services.exe");
          b.child(
              h.plusSeconds(101),
              640L,
              "services.exe",
              "Msiexec.exe",
              "sha",
              "C:\\Windows\\system32\\msiexec.exe /V",
              b.scmStart(h));
          b.child(
              h.plusSeconds(102),
              640L,
              "services.exe",
              "Msiexec.exe",
              "sha",
              "msiexec.exe /V ",
              b.scmStart(h));
        });

    s.add(
        "two null SHA1s form the \"\" group, which is rare: both kept",
        2,
        (h, b) -> {
          b.connection(h.plusSeconds(100), 640L, "services.exe");
          b.child(h.plusSeconds(101), 640L, "services.exe", "evil.exe", null, "x", b.scmStart(h));
          b.child(h.plusSeconds(102), 640L, "services.exe", "evil.exe", "", "x", b.scmStart(h));
        });
    s.add(
        "99 pairs of one uncertified hash are rare: all kept", 99, (h, b) -> b.manyPairs(h, 9, 11));
    s.add("100 pairs of one hash are not rare: none kept", 0, (h, b) -> b.manyPairs(h, 10, 10));
    s.add(
        "certificate in the same hour excludes the hash",
        0,
        (h, b) -> {
          b.pairWithFile(h, "evil.exe", CERTIFIED_SHA1);
          b.certificates.add(new CertificateInfo(h.plusSeconds(3_000), CERTIFIED_SHA1));
        });
    s.add(
        "certificate 1 µs before the hour does not",
        1,
        (h, b) -> {
          b.pairWithFile(h, "evil.exe", CERTIFIED_SHA1);
          b.certificates.add(new CertificateInfo(h.minusNanos(1_000), CERTIFIED_SHA1));
        });
    s.add(
        "certificate hash in other letter case does not",
        1,
        (h, b) -> {
          b.pairWithFile(h, "evil.exe", CERTIFIED_SHA1);
          b.certificates.add(
              new CertificateInfo(h.plusSeconds(3_000), CERTIFIED_SHA1.toUpperCase(Locale.ROOT)));
        });
    s.add(
        "MAKECAB.EXE is a LOLBIN: kept although certified",
        1,
        (h, b) -> {
          b.pairWithFile(h, "MAKECAB.EXE", CERTIFIED_SHA1);
          b.certificates.add(new CertificateInfo(h.plusSeconds(3_000), CERTIFIED_SHA1));
        });
    s.add(
        "Kelvin-sign Makecab is not a LOLBIN: certified, dropped",
        0,
        (h, b) -> {
          b.pairWithFile(h, "Ma\u212Aecab.exe", CERTIFIED_SHA1);
          b.certificates.add(new CertificateInfo(h.plusSeconds(3_000), CERTIFIED_SHA1));
        });
    s.add(
        "dotted-capital-I Installutil is not a LOLBIN: certified, dropped",
        0,
        (h, b) -> {
          b.pairWithFile(h, "\u0130nstallutil.exe", CERTIFIED_SHA1);
          b.certificates.add(new CertificateInfo(h.plusSeconds(3_000), CERTIFIED_SHA1));
        });
    return cases;
  }

  private interface Scenario {
    void write(Instant hour, Tables tables);
  }

  /** Lays scenarios out 4 hours apart; each scenario's hour is the second hour of its range. */
  private static final class Slots {
    private final Instant base;
    private final List<KnownCase> cases;

    Slots(Instant base, List<KnownCase> cases) {
      this.base = base;
      this.cases = cases;
    }

    void add(String name, int expectedRows, Scenario scenario) {
      Instant rangeStart = base.plusSeconds(cases.size() * SLOT_SECONDS);
      Tables tables = new Tables();
      scenario.write(rangeStart.plusSeconds(3600), tables);
      DiffCase diffCase =
          new DiffCase(
              "known: " + name,
              rangeStart,
              rangeStart.plusSeconds(3 * 3600),
              tables.network,
              tables.process,
              tables.certificates);
      cases.add(new KnownCase(name, diffCase, expectedRows));
    }
  }

  /**
   * Row builders with the values every scenario shares; a scenario varies only what it is about.
   */
  static final class Tables {
    final List<NetworkEvent> network = new ArrayList<>();
    final List<ProcessEvent> process = new ArrayList<>();
    final List<CertificateInfo> certificates = new ArrayList<>();
    long reportId = 1;

    /**
     * services.exe started two hours before the scenario's hour: far from the boot check's edge.
     */
    Instant scmStart(Instant hour) {
      return hour.minusSeconds(7_200);
    }

    void connection(Instant t, Long pid, String scmName) {
      network.add(
          new NetworkEvent(
              t,
              DEVICE,
              "known.example",
              "InboundConnectionAccepted",
              "10.0.0.9",
              "scm-sha1",
              scmName,
              pid,
              "C:\\Windows\\system32\\services.exe",
              t.minusSeconds(5),
              reportId++));
    }

    void child(
        Instant t,
        Long pid,
        String scmName,
        String fileName,
        String sha1,
        String commandLine,
        Instant scmStart) {
      process.add(
          new ProcessEvent(
              t,
              DEVICE,
              "known.example",
              fileName,
              commandLine,
              sha1,
              scmName,
              "C:\\Windows\\system32\\services.exe",
              "scm-sha1",
              pid,
              scmStart,
              reportId++));
    }

    /** One connection and one Cmd.exe child, services.exe long up. */
    void pair(Instant connection, Instant child) {
      pair(connection, child, connection.minusSeconds(7_200));
    }

    void pair(Instant connection, Instant child, Instant scmStart) {
      connection(connection, 640L, "services.exe");
      child(child, 640L, "services.exe", "Cmd.exe", "0a1b2c", "cmd.exe /c echo", scmStart);
    }

    void pairWithFile(Instant hour, String fileName, String sha1) {
      connection(hour.plusSeconds(100), 640L, "services.exe");
      child(hour.plusSeconds(101), 640L, "services.exe", fileName, sha1, "x", scmStart(hour));
    }

    /**
     * {@code connections x children} pairs of one non-LOLBIN hash, all within both time filters.
     */
    void manyPairs(Instant hour, int connections, int children) {
      for (int c = 0; c < connections; c++) {
        connection(hour.plusSeconds(100), 640L, "services.exe");
      }
      for (int k = 0; k < children; k++) {
        child(
            hour.plusSeconds(101 + k % 10),
            640L,
            "services.exe",
            "PSEXESVC.exe",
            "feedface",
            "x",
            scmStart(hour));
      }
    }
  }
}
