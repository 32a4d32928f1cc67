package dev.smbhunt.jobs.generate;

import java.util.SplittableRandom;

/**
 * The skew case: a managed server that software distribution and monitoring reach all day, so its
 * services.exe accepts tens of thousands of inbound connections an hour and starts thousands of
 * services, all under the one services.exe PID of the current boot. The children are benign (signed
 * svchost and vendor updaters, with certificate rows every hour, and far more than 100 pairs an
 * hour), so the rule pairs them massively and alerts on none. Their pairs are not labelled one by
 * one in the ground truth.
 */
final class HotServer {
  private static final String[] UPDATER_COMMAND_LINES = {
    "\"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe\" /svc",
    "\"C:\\Program Files (x86)\\Common Files\\Adobe\\ARM\\1.0\\armsvc.exe\"",
  };

  private HotServer() {}

  static boolean isHot(Device device, Volume volume) {
    return device.isServer() && device.index() < volume.hotServers();
  }

  static void emit(
      Device device,
      DeviceTimeline timeline,
      DeviceLog log,
      long lakeStart,
      int days,
      Volume volume,
      SplittableRandom rng) {
    for (long hour = 0; hour < days * 24L; hour++) {
      long hourStart = lakeStart + hour * Micros.HOUR;
      for (int i = 0; i < volume.hotConnectionsPerHour(); i++) {
        long t = hourStart + rng.nextLong(Micros.HOUR);
        ServicesInstance run = timeline.at(t);
        log.add(
            Scm.inbound(
                device,
                t,
                Scm.services(run),
                "10.10." + rng.nextInt(1, 60) + "." + rng.nextInt(2, 250),
                49_152 + rng.nextInt(16_000),
                run.rpcPort()));
      }
      for (int i = 0; i < volume.hotStartsPerHour(); i++) {
        long t = hourStart + rng.nextLong(Micros.HOUR);
        RunningProcess scm = Scm.services(timeline.at(t));
        int kind = rng.nextInt(10);
        Image image =
            kind < 6 ? Binaries.SVCHOST : kind < 8 ? Binaries.GOOGLE_UPDATE : Binaries.ADOBE_ARM;
        String commandLine =
            kind < 6
                ? "C:\\Windows\\system32\\svchost.exe -k netsvcs -p"
                : UPDATER_COMMAND_LINES[kind < 8 ? 0 : 1];
        RunningProcess child =
            Scm.service(scm, image, 4L * rng.nextInt(300, 16_000), commandLine, t, Account.SYSTEM);
        log.add(Scm.start(t, child, scm));
        log.checkCertificate(image, t);
      }
    }
  }
}
