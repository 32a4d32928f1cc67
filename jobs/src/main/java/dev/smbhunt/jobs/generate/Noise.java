package dev.smbhunt.jobs.generate;

import java.util.SplittableRandom;

/**
 * Everything on a device that is not the SCM: browsing, Office, Teams, Defender, Windows services
 * talking to the internet, SMB/RDP/WinRM/RPC endpoint traffic handled by System, ntoskrnl and
 * svchost, and the processes users and services start. None of it involves services.exe, so none of
 * it can reach the rule's join; it is there so the rule's filters have something to filter.
 */
final class Noise {
  private static final String[][] WEB = {
    {"142.250.185.78", "www.google.com"},
    {"52.98.151.66", "outlook.office365.com"},
    {"20.190.159.2", "login.microsoftonline.com"},
    {"140.82.121.4", "github.com"},
    {"151.101.1.69", "stackoverflow.com"},
    {"52.109.76.243", "officeclient.microsoft.com"},
    {"13.107.42.14", "contoso.sharepoint.com"},
    {"104.18.32.47", "www.wikipedia.org"},
  };
  private static final String[][] WINDOWS_ENDPOINTS = {
    {"20.42.65.92", "settings-win.data.microsoft.com"},
    {"13.107.4.50", "ctldl.windowsupdate.com"},
    {"20.189.173.5", "v10.events.data.microsoft.com"},
    {"40.126.32.134", "login.live.com"},
  };
  private static final String[][] DEFENDER_ENDPOINTS = {
    {"13.89.179.12", "wdcp.microsoft.com"},
    {"20.62.133.33", "winatp-gw-eus.microsoft.com"},
  };
  private static final int[] LISTENING_PORTS = {5353, 5355, 7680, 1900, 3702};

  private final Device device;
  private final DeviceTimeline timeline;
  private final DeviceLog log;
  private final SplittableRandom rng;
  private final long dayStart;
  private final long login;

  private Noise(
      Device device, DeviceTimeline timeline, DeviceLog log, SplittableRandom rng, long dayStart) {
    this.device = device;
    this.timeline = timeline;
    this.log = log;
    this.rng = rng;
    this.dayStart = dayStart;
    this.login = dayStart + 7 * Micros.HOUR + rng.nextLong(90 * Micros.MINUTE);
  }

  static void emit(
      Device device,
      DeviceTimeline timeline,
      DeviceLog log,
      long lakeStart,
      int days,
      double factor,
      SplittableRandom rng) {
    for (int day = 0; day < days; day++) {
      Noise noise = new Noise(device, timeline, log, rng, lakeStart + day * Micros.DAY);
      int connections =
          scaled(device.isServer() ? 450 + rng.nextInt(200) : 250 + rng.nextInt(150), factor);
      for (int i = 0; i < connections; i++) {
        noise.connection(noise.time());
      }
      int processes =
          scaled(device.isServer() ? 25 + rng.nextInt(20) : 40 + rng.nextInt(30), factor);
      for (int i = 0; i < processes; i++) {
        noise.process(noise.time());
      }
    }
  }

  private static int scaled(int base, double factor) {
    return (int) Math.max(1, Math.round(base * factor));
  }

  /** svchost's RPC endpoint mapper, a child of whichever services.exe {@code scm} is. */
  static RunningProcess rpcss(Device device, RunningProcess scm) {
    return svchost(device, scm, "RPCSS -p", Account.NETWORK_SERVICE);
  }

  // Users work office hours; servers are busy around the clock.
  private long time() {
    if (!device.isServer() && rng.nextDouble() < 0.85) {
      return login + rng.nextLong(dayStart + 18 * Micros.HOUR + 30 * Micros.MINUTE - login);
    }
    // A second short of midnight, so a follow-up event (conhost after cmd) stays on the same day.
    return dayStart + rng.nextLong(Micros.DAY - Micros.SECOND);
  }

  private void connection(long t) {
    double r = rng.nextDouble();
    if (device.isServer()) {
      if (r < 0.30) {
        inbound(t, system(t), 445);
      } else if (r < 0.40) {
        inbound(t, rpcss(device, scm(t)), 135);
      } else if (r < 0.45) {
        inbound(t, service(t, "NetworkService -s TermService", Account.NETWORK_SERVICE), 3389);
      } else if (r < 0.50) {
        inbound(t, ntoskrnl(t), 5985);
      } else if (r < 0.70) {
        outbound(
            t,
            NetworkEvent.CONNECTION_SUCCESS,
            service(t, "netsvcs -p", Account.SYSTEM),
            WINDOWS_ENDPOINTS);
      } else if (r < 0.80) {
        outbound(t, NetworkEvent.CONNECTION_SUCCESS, defender(t), DEFENDER_ENDPOINTS);
      } else if (r < 0.90) {
        failed(t, service(t, "netsvcs -p", Account.SYSTEM));
      } else if (r < 0.95) {
        listening(t, service(t, "NetworkService -p -s Dnscache", Account.NETWORK_SERVICE));
      } else {
        outbound(t, NetworkEvent.CONNECTION_REQUEST, defender(t), DEFENDER_ENDPOINTS);
      }
      return;
    }
    if (r < 0.30) {
      outbound(
          t,
          NetworkEvent.CONNECTION_SUCCESS,
          user(t, Binaries.CHROME, quoted(Binaries.CHROME)),
          WEB);
    } else if (r < 0.45) {
      RunningProcess edge =
          user(t, Binaries.MSEDGE, quoted(Binaries.MSEDGE) + " --single-argument");
      outbound(t, NetworkEvent.CONNECTION_SUCCESS, edge, WEB);
    } else if (r < 0.57) {
      outbound(
          t,
          NetworkEvent.CONNECTION_SUCCESS,
          service(t, "netsvcs -p", Account.SYSTEM),
          WINDOWS_ENDPOINTS);
    } else if (r < 0.65) {
      outbound(
          t, NetworkEvent.CONNECTION_REQUEST, user(t, Binaries.TEAMS, "\"ms-teams.exe\""), WEB);
    } else if (r < 0.70) {
      RunningProcess oneDrive =
          user(t, Binaries.ONEDRIVE, quoted(Binaries.ONEDRIVE) + " /background");
      outbound(t, NetworkEvent.CONNECTION_REQUEST, oneDrive, WEB);
    } else if (r < 0.80) {
      failed(
          t,
          rng.nextBoolean()
              ? user(t, Binaries.CHROME, quoted(Binaries.CHROME))
              : service(t, "netsvcs -p", Account.SYSTEM));
    } else if (r < 0.86) {
      outbound(t, NetworkEvent.CONNECTION_SUCCESS, defender(t), DEFENDER_ENDPOINTS);
    } else if (r < 0.91) {
      listening(
          t,
          rng.nextBoolean()
              ? system(t)
              : service(t, "NetworkService -p -s Dnscache", Account.NETWORK_SERVICE));
    } else if (r < 0.94) {
      inbound(t, system(t), 445);
    } else if (r < 0.96) {
      inbound(t, rpcss(device, scm(t)), 135);
    } else {
      outbound(
          t,
          NetworkEvent.CONNECTION_SUCCESS,
          user(t, Binaries.EXPLORER, "C:\\Windows\\Explorer.EXE"),
          WEB);
    }
  }

  private void process(long t) {
    if (device.isServer()) {
      serverProcess(t);
    } else {
      workstationProcess(t);
    }
  }

  private void workstationProcess(long t) {
    RunningProcess explorer = user(t, Binaries.EXPLORER, "C:\\Windows\\Explorer.EXE");
    String chrome = quoted(Binaries.CHROME);
    switch (rng.nextInt(9)) {
      case 0 -> started(t, explorer, Binaries.CHROME, chrome, true);
      case 1 ->
          started(
              t,
              user(t, Binaries.CHROME, chrome),
              Binaries.CHROME,
              chrome
                  + " --type=renderer --lang=en-US --renderer-client-id="
                  + (5 + rng.nextInt(300)),
              true);
      case 2 ->
          started(t, explorer, rng.nextBoolean() ? Binaries.OUTLOOK : Binaries.WINWORD, null, true);
      case 3 -> wmiProvider(t);
      case 4 ->
          started(
              t, scheduler(t), Binaries.TASKHOSTW, "taskhostw.exe -RegisterDevice -Settings", true);
      case 5 -> signatureUpdate(t);
      case 6 -> {
        ProcessEvent cmd =
            started(t, explorer, Binaries.CMD, "\"C:\\Windows\\system32\\cmd.exe\"", true);
        console(t, cmd, true);
      }
      case 7 ->
          started(
              t,
              dcomLaunch(t),
              Binaries.BACKGROUND_TASK_HOST,
              "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:App.AppXmtcan0h2tfbfy7k9kn8hbxb6dmzz1zh0.mca",
              true);
      default ->
          started(
              t,
              explorer,
              Binaries.LEGACY_INVENTORY,
              quoted(Binaries.LEGACY_INVENTORY) + " /collect /quiet",
              true);
    }
  }

  private void serverProcess(long t) {
    switch (rng.nextInt(5)) {
      case 0 ->
          started(
              t,
              scheduler(t),
              Binaries.POWERSHELL,
              "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\rotate-logs.ps1",
              false);
      case 1 -> wmiProvider(t);
      case 2 -> signatureUpdate(t);
      case 3 -> {
        ProcessEvent cmd =
            started(
                t,
                scheduler(t),
                Binaries.CMD,
                "C:\\Windows\\system32\\cmd.exe /c C:\\Scripts\\backup-check.cmd",
                false);
        console(t, cmd, false);
      }
      default -> started(t, scheduler(t), Binaries.TASKHOSTW, "taskhostw.exe", false);
    }
  }

  private void wmiProvider(long t) {
    started(
        t,
        dcomLaunch(t),
        Binaries.WMIPRVSE,
        "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
        false);
  }

  private void signatureUpdate(long t) {
    started(
        t,
        defender(t),
        Binaries.MPCMDRUN,
        quoted(Binaries.MPCMDRUN) + " SignaturesUpdateService -ScheduleJob -UnmanagedUpdate",
        false);
  }

  private void console(long t, ProcessEvent shell, boolean asUser) {
    started(
        t + 20 * Micros.MILLI,
        shell.process(),
        Binaries.CONHOST,
        "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
        asUser);
  }

  /**
   * A process started by {@code parent}; a user's when {@code asUser}, else the parent's account's.
   */
  private ProcessEvent started(
      long t, RunningProcess parent, Image image, String commandLine, boolean asUser) {
    boolean user = asUser && !device.isServer();
    RunningProcess child =
        RunningProcess.childOf(
            parent,
            image,
            pid(),
            commandLine == null ? quoted(image) : commandLine,
            t,
            user ? device.user() : parent.account(),
            user ? RunningProcess.MEDIUM_INTEGRITY : RunningProcess.SYSTEM_INTEGRITY,
            user ? RunningProcess.ELEVATION_LIMITED : RunningProcess.ELEVATION_DEFAULT);
    log.checkCertificate(image, t);
    return log.add(new ProcessEvent(t, child, parent));
  }

  private void outbound(long t, String action, RunningProcess p, String[][] endpoints) {
    String[] endpoint = endpoints[rng.nextInt(endpoints.length)];
    log.add(
        new NetworkEvent(
            t,
            action,
            p,
            device.ipAddress(),
            ephemeralPort(),
            endpoint[0],
            rng.nextInt(10) == 0 ? 80 : 443,
            endpoint[1],
            "Tcp",
            null));
  }

  private void failed(long t, RunningProcess p) {
    boolean internal = rng.nextBoolean();
    String remote =
        internal ? "10.10.0." + (30 + rng.nextInt(40)) : "185.199.108." + rng.nextInt(256);
    log.add(
        new NetworkEvent(
            t,
            NetworkEvent.CONNECTION_FAILED,
            p,
            device.ipAddress(),
            ephemeralPort(),
            remote,
            internal ? 8080 : 443,
            null,
            "Tcp",
            null));
  }

  private void inbound(long t, RunningProcess p, int localPort) {
    String from = "10.40." + rng.nextInt(4) + "." + (2 + rng.nextInt(240));
    log.add(
        new NetworkEvent(
            t,
            NetworkEvent.INBOUND_CONNECTION_ACCEPTED,
            p,
            device.ipAddress(),
            localPort,
            from,
            ephemeralPort(),
            null,
            "Tcp",
            "{\"direction\":\"In\"}"));
  }

  private void listening(long t, RunningProcess p) {
    int port = LISTENING_PORTS[rng.nextInt(LISTENING_PORTS.length)];
    log.add(
        new NetworkEvent(
            t,
            NetworkEvent.LISTENING_CONNECTION_CREATED,
            p,
            "0.0.0.0",
            port,
            null,
            null,
            null,
            port == 7680 ? "Tcp" : "Udp",
            null));
  }

  /** How Windows quotes an image path on a command line. */
  private static String quoted(Image image) {
    return "\"" + image.folderPath() + "\"";
  }

  private int ephemeralPort() {
    return 49_152 + rng.nextInt(16_383);
  }

  private long pid() {
    return 4L * rng.nextInt(250, 9_000);
  }

  private RunningProcess scm(long t) {
    return Scm.services(timeline.at(t));
  }

  private RunningProcess system(long t) {
    return kernel(t, Binaries.SYSTEM);
  }

  private RunningProcess ntoskrnl(long t) {
    return kernel(t, Binaries.NTOSKRNL);
  }

  // MDE often has no creation time for long-running processes; null here as in the real sample.
  private RunningProcess kernel(long t, Image image) {
    ServicesInstance run = timeline.at(t);
    return new RunningProcess(
        image,
        4L,
        null,
        rng.nextInt(10) < 8 ? run.bootTime() : null,
        Account.SYSTEM,
        RunningProcess.SYSTEM_INTEGRITY,
        RunningProcess.ELEVATION_DEFAULT,
        null,
        null,
        null,
        0L);
  }

  private RunningProcess defender(long t) {
    RunningProcess scm = scm(t);
    return Scm.service(
        scm,
        Binaries.MSMPENG,
        stablePid(device, scm, "MsMpEng"),
        quoted(Binaries.MSMPENG),
        scm.creationTime() + 9 * Micros.SECOND,
        Account.SYSTEM);
  }

  private RunningProcess scheduler(long t) {
    return service(t, "netsvcs -p -s Schedule", Account.SYSTEM);
  }

  private RunningProcess dcomLaunch(long t) {
    return service(t, "DcomLaunch -p", Account.SYSTEM);
  }

  private RunningProcess service(long t, String group, Account account) {
    return svchost(device, scm(t), group, account);
  }

  /**
   * One svchost per service group and services.exe run: same PID and start time for all its events.
   */
  private static RunningProcess svchost(
      Device device, RunningProcess scm, String group, Account account) {
    long started =
        scm.creationTime()
            + 2 * Micros.SECOND
            + Math.floorMod(group.hashCode(), 5_000) * Micros.MILLI;
    return Scm.service(
        scm,
        Binaries.SVCHOST,
        stablePid(device, scm, group),
        "C:\\Windows\\system32\\svchost.exe -k " + group,
        started,
        account);
  }

  private static long stablePid(Device device, RunningProcess scm, String key) {
    return 4L
        * (300
            + Math.floorMod(
                Hashes.mix(scm.pid() * 131L + key.hashCode() + device.index()), 1_500L));
  }

  /** A user's process on a workstation, started some time before {@code t}. */
  private RunningProcess user(long t, Image image, String commandLine) {
    boolean workstation = !device.isServer();
    Account account = workstation ? device.user() : Account.SYSTEM;
    Long created = rng.nextInt(20) == 0 ? null : t - Micros.MINUTE - rng.nextLong(4 * Micros.HOUR);
    return new RunningProcess(
        image,
        pid(),
        commandLine,
        created,
        account,
        workstation ? RunningProcess.MEDIUM_INTEGRITY : RunningProcess.SYSTEM_INTEGRITY,
        workstation ? RunningProcess.ELEVATION_LIMITED : RunningProcess.ELEVATION_DEFAULT,
        4L * rng.nextInt(250, 9_000),
        image == Binaries.EXPLORER ? "userinit.exe" : "explorer.exe",
        created == null ? null : created - rng.nextLong(Micros.HOUR),
        workstation ? 1L : 0L);
  }
}
