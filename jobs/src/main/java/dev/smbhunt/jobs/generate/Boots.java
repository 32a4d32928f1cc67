package dev.smbhunt.jobs.generate;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * Reboots: each one starts a new services.exe with a new PID and start time, which is what the
 * rule's join key and its 60-second boot grace are about.
 */
final class Boots {
  // services.exe PIDs on real machines sit in the hundreds, and Windows PIDs are multiples of four.
  private static final int MIN_SCM_PID_QUARTER = 140;
  private static final int MAX_SCM_PID_QUARTER = 280;
  private static final int FIRST_DYNAMIC_RPC_PORT = 49664;
  private static final long CLAIM_BEFORE = Micros.MINUTE;
  private static final long CLAIM_AFTER = 200 * Micros.SECOND;
  private static final String[] BOOT_SERVICE_GROUPS = {
    "DcomLaunch -p",
    "RPCSS -p",
    "LocalServiceNetworkRestricted -p",
    "netsvcs -p",
    "NetworkService -p",
    "LocalService -p",
    "LocalSystemNetworkRestricted -p"
  };

  private Boots() {}

  /** The services.exe already running when the lake starts: servers have been up for weeks. */
  static ServicesInstance initial(Device device, long lakeStart, SplittableRandom rng) {
    long uptime =
        device.isServer()
            ? 3 * Micros.DAY + rng.nextLong(25 * Micros.DAY)
            : 2 * Micros.HOUR + rng.nextLong(70 * Micros.HOUR);
    long boot = lakeStart - uptime;
    return instance(
        boot, boot + 2_800 * Micros.MILLI + rng.nextLong(900 * Micros.MILLI), Set.of(), false, rng);
  }

  /**
   * A run started by a reboot at {@code bootTime}, services.exe starting at {@code servicesStart}.
   *
   * @param usedPids PIDs of the device's other runs: none is reused, so two runs never share a join
   *     key
   */
  static ServicesInstance instance(
      long bootTime, long servicesStart, Set<Long> usedPids, boolean quiet, SplittableRandom rng) {
    long pid;
    do {
      pid = 4L * rng.nextInt(MIN_SCM_PID_QUARTER, MAX_SCM_PID_QUARTER);
    } while (usedPids.contains(pid));
    long wininitPid = 4L * rng.nextInt(MIN_SCM_PID_QUARTER / 2, MIN_SCM_PID_QUARTER);
    long wininitStart = servicesStart - 350 * Micros.MILLI;
    int rpcPort = FIRST_DYNAMIC_RPC_PORT + rng.nextInt(12);
    return new ServicesInstance(
        pid, servicesStart, wininitPid, wininitStart, rpcPort, bootTime, quiet);
  }

  /**
   * Background reboots: workstations in the morning now and then, servers in the night patch
   * window.
   */
  static void plan(
      Device device, DeviceTimeline timeline, long lakeStart, int days, SplittableRandom rng) {
    for (int day = 0; day < days; day++) {
      double chance = device.isServer() ? 0.15 : 0.4;
      if (rng.nextDouble() >= chance) {
        continue;
      }
      long dayStart = lakeStart + day * Micros.DAY;
      long from = dayStart + (device.isServer() ? 2 * Micros.HOUR : 7 * Micros.HOUR);
      long span = device.isServer() ? 2 * Micros.HOUR : 150 * Micros.MINUTE;
      var boot =
          timeline.claimWithinHour(() -> from + rng.nextLong(span), CLAIM_BEFORE, CLAIM_AFTER, 20);
      if (boot.isPresent()) {
        long servicesStart = boot.getAsLong() + 2 * Micros.SECOND + rng.nextLong(2 * Micros.SECOND);
        timeline.reboot(instance(boot.getAsLong(), servicesStart, timeline.pids(), false, rng));
      }
    }
  }

  /**
   * What every reboot inside the lake records: services.exe itself, its RPC listener, the boot
   * services.
   */
  static void emit(Device device, DeviceTimeline timeline, DeviceLog log, SplittableRandom rng) {
    int episode = 0;
    for (ServicesInstance run : timeline.reboots()) {
      RunningProcess wininit =
          new RunningProcess(
              Binaries.WININIT,
              run.wininitPid(),
              "wininit.exe",
              run.wininitStart(),
              Account.SYSTEM,
              RunningProcess.SYSTEM_INTEGRITY,
              RunningProcess.ELEVATION_DEFAULT,
              4L * rng.nextInt(50, 120),
              "smss.exe",
              run.bootTime() + 600 * Micros.MILLI,
              0L);
      RunningProcess scm = Scm.services(run);
      log.add(new ProcessEvent(run.start(), scm, wininit));
      log.checkCertificate(Binaries.SERVICES, run.start());
      log.add(
          new NetworkEvent(
              run.start() + 1_500 * Micros.MILLI,
              NetworkEvent.LISTENING_CONNECTION_CREATED,
              scm,
              "0.0.0.0",
              run.rpcPort(),
              null,
              null,
              null,
              "Tcp",
              null));
      int services = 4 + rng.nextInt(4);
      long t = run.start() + 400 * Micros.MILLI;
      for (int i = 0; i < services; i++) {
        t += 300 * Micros.MILLI + rng.nextLong(1_500 * Micros.MILLI);
        Account account =
            i % 3 == 1
                ? Account.NETWORK_SERVICE
                : i % 3 == 2 ? Account.LOCAL_SERVICE : Account.SYSTEM;
        String group = BOOT_SERVICE_GROUPS[i % BOOT_SERVICE_GROUPS.length];
        RunningProcess svc =
            Scm.service(
                scm,
                Binaries.SVCHOST,
                4L * rng.nextInt(200, 2_000),
                "C:\\Windows\\system32\\svchost.exe -k " + group,
                t,
                account);
        log.add(Scm.start(t, svc, scm));
        log.checkCertificate(Binaries.SVCHOST, t);
      }
      if (device.isServer() && !run.quietBoot()) {
        connectionDuringBootGrace(device, run, scm, log, rng, episode++);
      }
    }
  }

  /**
   * Software distribution reaching a server right after it rebooted: a LOLBIN child that would
   * alert, but the connection is within the 60 s boot grace of services.exe, so the rule drops the
   * pair.
   */
  private static void connectionDuringBootGrace(
      Device device,
      ServicesInstance run,
      RunningProcess scm,
      DeviceLog log,
      SplittableRandom rng,
      int episode) {
    long at = run.start() + 33 * Micros.SECOND + rng.nextLong(4 * Micros.SECOND);
    NetworkEvent connection =
        log.add(
            Scm.inbound(
                device, at, scm, Scm.SCCM_SERVER, 49_152 + rng.nextInt(16_000), run.rpcPort()));
    long childAt = at + 1_200 * Micros.MILLI + rng.nextLong(1_300 * Micros.MILLI);
    RunningProcess msiexec =
        Scm.service(
            scm,
            Binaries.MSIEXEC,
            4L * rng.nextInt(500, 4_000),
            ScmClusters.MSIEXEC_SERVICE_COMMAND_LINE,
            childAt,
            Account.SYSTEM);
    ProcessEvent child = log.add(Scm.start(childAt, msiexec, scm));
    log.checkCertificate(Binaries.MSIEXEC, childAt);
    log.label(
        new LabelledPair(
            "background-boot-grace-" + device.index() + "-" + episode,
            "Benign: SCCM starts the Windows Installer service ~35 s after services.exe started; "
                + "Msiexec.exe is a LOLBIN, but datetime_diff(net, services start) <= 60 drops the pair",
            "boot-grace",
            false,
            null,
            connection,
            child));
  }
}
