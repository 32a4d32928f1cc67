package dev.smbhunt.jobs.generate;

/**
 * The Service Control Manager's events, shared by the background and the planted cases so that both
 * look alike: an inbound RPC connection to services.exe, and a service process it starts.
 */
final class Scm {
  static final String SERVICES_COMMAND_LINE = "C:\\Windows\\system32\\services.exe";

  /** Hosts that talk to the SCM of other machines for a living. */
  static final String SCCM_SERVER = "10.10.0.5";

  static final String MONITORING_SERVER = "10.10.0.9";
  static final String JUMP_HOST = "10.10.0.25";

  private Scm() {}

  /** services.exe of one run, as the initiating process of its connections and its children. */
  static RunningProcess services(ServicesInstance run) {
    return new RunningProcess(
        Binaries.SERVICES,
        run.pid(),
        SERVICES_COMMAND_LINE,
        run.start(),
        Account.SYSTEM,
        RunningProcess.SYSTEM_INTEGRITY,
        RunningProcess.ELEVATION_DEFAULT,
        run.wininitPid(),
        Binaries.WININIT.fileName(),
        run.wininitStart(),
        0L);
  }

  /** A remote host connected to the SCM's dynamic RPC endpoint. */
  static NetworkEvent inbound(
      Device device, long ts, RunningProcess scm, String fromIp, int fromPort, int rpcPort) {
    return inbound(
        device, ts, scm, NetworkEvent.INBOUND_CONNECTION_ACCEPTED, fromIp, fromPort, rpcPort);
  }

  static NetworkEvent inbound(
      Device device,
      long ts,
      RunningProcess scm,
      String actionType,
      String fromIp,
      int fromPort,
      int rpcPort) {
    return new NetworkEvent(
        ts, actionType, scm, device.ipAddress(), rpcPort, fromIp, fromPort, null, "Tcp", null);
  }

  /**
   * A service process started by {@code scm}; services run at System integrity whatever their
   * account.
   */
  static RunningProcess service(
      RunningProcess scm,
      Image image,
      long pid,
      String commandLine,
      long createdAt,
      Account account) {
    return RunningProcess.childOf(
        scm,
        image,
        pid,
        commandLine,
        createdAt,
        account,
        RunningProcess.SYSTEM_INTEGRITY,
        RunningProcess.ELEVATION_DEFAULT);
  }

  static ProcessEvent start(long ts, RunningProcess child, RunningProcess scm) {
    return new ProcessEvent(ts, child, scm);
  }
}
