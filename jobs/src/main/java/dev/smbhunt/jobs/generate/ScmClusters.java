package dev.smbhunt.jobs.generate;

import dev.smbhunt.transforms.smb.AlertColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The background's services.exe activity: remote SCM queries and service starts by management
 * tools, and services started on demand. Each cluster claims its own stretch of the device's
 * timeline, so the only (connection, child) pairs the rule can form are the ones a cluster makes on
 * purpose, and each of those is labelled.
 */
final class ScmClusters {
  /**
   * How the Windows Installer service is started: kept by the rule, whose {@code !~} is
   * whole-string.
   */
  static final String MSIEXEC_SERVICE_COMMAND_LINE = "C:\\Windows\\system32\\msiexec.exe /V";

  // Events of a cluster lie within [t - 1 s, t + 26 s]; the claim adds room so clusters stay > 30 s
  // apart.
  private static final long CLAIM_BEFORE = 30 * Micros.SECOND;
  private static final long CLAIM_AFTER = 60 * Micros.SECOND;

  private enum Kind {
    /** A monitoring or inventory tool asks the SCM about services: a connection and no child. */
    QUERY("scm-query"),
    /**
     * A management tool starts a Windows service remotely: a signed svchost child within seconds.
     */
    SERVICE_START("service-start"),
    /** A management tool kicks a vendor's update service: a signed third-party child. */
    VENDOR_UPDATE("vendor-update"),
    /** A remote start whose service comes up after 12-25 s: outside the rule's 0..10 s. */
    LATE_START("late-start"),
    /** A service started on demand, with no connection around it. */
    TRIGGER_START("trigger-start"),
    /** SCCM pushes an MSI: the rule alerts, since Msiexec.exe is a LOLBIN. */
    REMOTE_MSIEXEC("remote-msiexec");

    final String slug;

    Kind(String slug) {
      this.slug = slug;
    }
  }

  private static final Kind[] SERVER_MIX =
      weights(
          Kind.QUERY,
          45,
          Kind.SERVICE_START,
          18,
          Kind.VENDOR_UPDATE,
          8,
          Kind.LATE_START,
          6,
          Kind.TRIGGER_START,
          18,
          Kind.REMOTE_MSIEXEC,
          5);
  private static final Kind[] WORKSTATION_MIX =
      weights(
          Kind.TRIGGER_START, 65, Kind.QUERY, 20, Kind.SERVICE_START, 10, Kind.VENDOR_UPDATE, 5);

  /** A Windows service a management tool starts remotely: its svchost arguments and account. */
  private record RemoteService(String arguments, Account account) {}

  private static final RemoteService[] REMOTE_SERVICES = {
    new RemoteService("-k localService -p -s RemoteRegistry", Account.LOCAL_SERVICE),
    new RemoteService("-k netsvcs -p -s wuauserv", Account.SYSTEM),
    new RemoteService("-k netsvcs -p -s BITS", Account.SYSTEM),
    new RemoteService("-k NetworkService -p -s WinRM", Account.NETWORK_SERVICE),
    new RemoteService("-k netsvcs -p -s gpsvc", Account.SYSTEM),
  };

  private final Device device;
  private final DeviceTimeline timeline;
  private final DeviceLog log;
  private final SplittableRandom rng;
  private int episode;

  private ScmClusters(Device device, DeviceTimeline timeline, DeviceLog log, SplittableRandom rng) {
    this.device = device;
    this.timeline = timeline;
    this.log = log;
    this.rng = rng;
  }

  static void emit(
      Device device,
      DeviceTimeline timeline,
      DeviceLog log,
      long lakeStart,
      int days,
      SplittableRandom rng) {
    ScmClusters clusters = new ScmClusters(device, timeline, log, rng);
    for (int day = 0; day < days; day++) {
      long dayStart = lakeStart + day * Micros.DAY;
      int count = device.isServer() ? 10 + rng.nextInt(11) : 1 + rng.nextInt(4);
      for (int i = 0; i < count; i++) {
        Kind[] mix = device.isServer() ? SERVER_MIX : WORKSTATION_MIX;
        Kind kind = mix[rng.nextInt(mix.length)];
        OptionalLong at =
            timeline.claimWithinHour(
                () -> dayStart + Micros.MINUTE + rng.nextLong(Micros.DAY - 3 * Micros.MINUTE),
                CLAIM_BEFORE,
                CLAIM_AFTER,
                20);
        if (at.isPresent()) {
          clusters.emit(kind, at.getAsLong());
        }
      }
    }
  }

  private void emit(Kind kind, long t) {
    RunningProcess scm = Scm.services(timeline.at(t));
    String caseId = "background-" + kind.slug + "-" + device.index() + "-" + episode++;
    switch (kind) {
      case QUERY -> connection(t, scm, pick(Scm.MONITORING_SERVER, Scm.SCCM_SERVER, Scm.JUMP_HOST));
      case SERVICE_START -> {
        NetworkEvent c = connection(t, scm, pick(Scm.SCCM_SERVER, Scm.JUMP_HOST));
        RemoteService svc = REMOTE_SERVICES[rng.nextInt(REMOTE_SERVICES.length)];
        ProcessEvent child =
            child(
                t + soon(),
                scm,
                Binaries.SVCHOST,
                "C:\\Windows\\system32\\svchost.exe " + svc.arguments(),
                svc.account());
        log.label(
            new LabelledPair(
                caseId,
                "Benign: a Windows service started remotely; signed svchost.exe with a certificate row in the"
                    + " hour, so the anti-join removes its SHA1 and it is no LOLBIN",
                "anti-join-certified",
                false,
                null,
                c,
                child));
      }
      case VENDOR_UPDATE -> {
        NetworkEvent c = connection(t, scm, Scm.SCCM_SERVER);
        boolean google = rng.nextBoolean();
        Image image = google ? Binaries.GOOGLE_UPDATE : Binaries.ADOBE_ARM;
        String command =
            google
                ? "\"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe\" /svc"
                : "\"C:\\Program Files (x86)\\Common Files\\Adobe\\ARM\\1.0\\armsvc.exe\"";
        ProcessEvent child = child(t + soon(), scm, image, command, Account.SYSTEM);
        log.label(
            new LabelledPair(
                caseId,
                "Benign: a vendor's update service started remotely; signed, with a certificate row in the"
                    + " hour",
                "anti-join-certified",
                false,
                null,
                c,
                child));
      }
      case LATE_START -> {
        connection(t, scm, Scm.SCCM_SERVER);
        child(
            t + 12 * Micros.SECOND + rng.nextLong(13 * Micros.SECOND),
            scm,
            Binaries.SVCHOST,
            "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s BITS",
            Account.SYSTEM);
      }
      case TRIGGER_START -> triggerStart(t, scm);
      case REMOTE_MSIEXEC -> {
        NetworkEvent c = connection(t, scm, Scm.SCCM_SERVER);
        ProcessEvent child =
            child(
                t + 500 * Micros.MILLI + rng.nextLong(2_500 * Micros.MILLI),
                scm,
                Binaries.MSIEXEC,
                MSIEXEC_SERVICE_COMMAND_LINE,
                Account.SYSTEM);
        log.label(
            new LabelledPair(
                caseId,
                "Benign but alerting: SCCM starts the Windows Installer service 0.5-3 s after its SCM"
                    + " connection; Msiexec.exe is a LOLBIN and `!~ \"msiexec.exe /V\"` compares whole"
                    + " strings, so the full-path command line is kept",
                "msiexec-whole-string",
                true,
                AlertColumns.REASON_LOLBIN,
                c,
                child));
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private void triggerStart(long t, RunningProcess scm) {
    switch (rng.nextInt(6)) {
      case 0 ->
          child(
              t,
              scm,
              Binaries.SPPSVC,
              "C:\\Windows\\system32\\sppsvc.exe",
              Account.NETWORK_SERVICE);
      case 1 ->
          child(
              t,
              scm,
              Binaries.TRUSTED_INSTALLER,
              "C:\\Windows\\servicing\\TrustedInstaller.exe",
              Account.SYSTEM);
      case 2 -> child(t, scm, Binaries.VSSVC, "C:\\Windows\\system32\\vssvc.exe", Account.SYSTEM);
      case 3 -> child(t, scm, Binaries.MSIEXEC, MSIEXEC_SERVICE_COMMAND_LINE, Account.SYSTEM);
      case 4 ->
          child(
              t,
              scm,
              Binaries.GOOGLE_UPDATE,
              "\"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe\" /svc",
              Account.SYSTEM);
      default ->
          child(
              t,
              scm,
              Binaries.SVCHOST,
              "C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p -s DeviceAssociationService",
              Account.LOCAL_SERVICE);
    }
  }

  /**
   * The connection the SCM accepts, preceded by the endpoint mapper lookup on port 135 that any
   * remote SCM client makes first (svchost RpcSs, so never a services.exe row).
   */
  private NetworkEvent connection(long t, RunningProcess scm, String from) {
    int fromPort = 49_152 + rng.nextInt(16_000);
    log.add(
        new NetworkEvent(
            t - 300 * Micros.MILLI - rng.nextLong(400 * Micros.MILLI),
            NetworkEvent.INBOUND_CONNECTION_ACCEPTED,
            Noise.rpcss(device, scm),
            device.ipAddress(),
            135,
            from,
            fromPort - 1,
            null,
            "Tcp",
            null));
    return log.add(Scm.inbound(device, t, scm, from, fromPort, timeline.at(t).rpcPort()));
  }

  private ProcessEvent child(
      long t, RunningProcess scm, Image image, String commandLine, Account account) {
    RunningProcess process =
        Scm.service(scm, image, 4L * rng.nextInt(250, 4_000), commandLine, t, account);
    log.checkCertificate(image, t);
    return log.add(Scm.start(t, process, scm));
  }

  private long soon() {
    return 300 * Micros.MILLI + rng.nextLong(3_700 * Micros.MILLI);
  }

  private String pick(String... options) {
    return options[rng.nextInt(options.length)];
  }

  private static Kind[] weights(Object... kindsAndWeights) {
    List<Kind> table = new ArrayList<>();
    for (int i = 0; i < kindsAndWeights.length; i += 2) {
      for (int w = 0; w < (Integer) kindsAndWeights[i + 1]; w++) {
        table.add((Kind) kindsAndWeights[i]);
      }
    }
    return table.toArray(Kind[]::new);
  }
}
