package dev.smbhunt.jobs.generate;

import java.util.SplittableRandom;

/**
 * What a planted case writes with: times relative to its block, services.exe as it runs then,
 * images whose hashes belong to the case alone, and labels carrying the case's id, trap and
 * description.
 */
final class CaseContext {
  /**
   * The compromised workstation the lateral movement comes from (not one of the lake's devices).
   */
  static final String ATTACKER_IP = "10.40.2.61";

  private static final String OS_VERSION = "10.0.22621.4317";

  private final PlantedCase plantedCase;
  private final Device device;
  private final DeviceTimeline timeline;
  private final DeviceLog log;
  private final SplittableRandom rng;
  private final long blockStart;

  CaseContext(
      PlantedCase plantedCase,
      Device device,
      DeviceTimeline timeline,
      DeviceLog log,
      SplittableRandom rng,
      long blockStart) {
    this.plantedCase = plantedCase;
    this.device = device;
    this.timeline = timeline;
    this.log = log;
    this.rng = rng;
    this.blockStart = blockStart;
  }

  /** The instant {@code millis} after the block's start (a whole second, :00.000). */
  long at(long millis) {
    return blockStart + millis * Micros.MILLI;
  }

  /** services.exe as it runs at {@code ts}. */
  RunningProcess services(long ts) {
    return Scm.services(timeline.at(ts));
  }

  /** The services.exe run that the one at {@code ts} replaced. */
  RunningProcess previousServices(long ts) {
    return Scm.services(timeline.before(timeline.at(ts)));
  }

  NetworkEvent connect(long ts) {
    return connect(ts, NetworkEvent.INBOUND_CONNECTION_ACCEPTED, services(ts));
  }

  /**
   * A connection to {@code scm} exactly as given: the action type and image name are the case's to
   * vary.
   */
  NetworkEvent connect(long ts, String actionType, RunningProcess scm) {
    return log.add(
        Scm.inbound(
            device,
            ts,
            scm,
            actionType,
            ATTACKER_IP,
            49_152 + rng.nextInt(16_000),
            timeline.at(ts).rpcPort()));
  }

  /**
   * A Windows binary named {@code fileName}, signed by Microsoft Windows, hashed for this case
   * only.
   */
  Image windowsBinary(String fileName) {
    return Image.withIdentity(
        identity(fileName),
        Binaries.SYSTEM32,
        fileName,
        OS_VERSION,
        "Microsoft Corporation",
        "Microsoft\u00ae Windows\u00ae Operating System",
        fileName,
        Signer.MICROSOFT_WINDOWS);
  }

  Image unsignedBinary(String directory, String fileName) {
    return Image.withIdentity(
        identity(fileName), directory, fileName, "1.0.0.0", null, null, null, null);
  }

  Image signedBinary(String directory, String fileName, Signer signer) {
    return Image.withIdentity(
        identity(fileName),
        directory,
        fileName,
        "4.2.1.0",
        signer.name(),
        fileName,
        fileName,
        signer);
  }

  /** An image whose hash is shared by every case that passes the same {@code group}. */
  Image sharedUnsignedBinary(String group, String directory, String fileName) {
    return Image.withIdentity(
        "planted|group|" + group + "|" + fileName,
        directory,
        fileName,
        "1.0.0.0",
        null,
        null,
        null,
        null);
  }

  /** A service started by the services.exe running at {@code ts}. */
  ProcessEvent start(long ts, Image image, String commandLine) {
    return start(ts, image, commandLine, services(ts));
  }

  /** A service started by exactly {@code parent}, which a case may have altered. */
  ProcessEvent start(long ts, Image image, String commandLine, RunningProcess parent) {
    RunningProcess child =
        Scm.service(parent, image, 4L * rng.nextInt(1_000, 6_000), commandLine, ts, Account.SYSTEM);
    return log.add(Scm.start(ts, child, parent));
  }

  /** The device checks the child's certificate in the same hour: its hash is then never rare. */
  ProcessEvent startCertified(long ts, Image image, String commandLine) {
    ProcessEvent e = start(ts, image, commandLine);
    log.checkCertificate(image, ts);
    return e;
  }

  void certificateAt(Image image, long ts) {
    log.addCertificate(new CertificateEvent(ts, image));
  }

  void checkCertificate(Image image, long ts) {
    log.checkCertificate(image, ts);
  }

  void expectAlert(String reason, NetworkEvent connection, ProcessEvent child) {
    label(true, reason, connection, child);
  }

  void expectNoAlert(NetworkEvent connection, ProcessEvent child) {
    label(false, null, connection, child);
  }

  private void label(boolean alert, String reason, NetworkEvent connection, ProcessEvent child) {
    log.label(
        new LabelledPair(
            plantedCase.caseId(),
            plantedCase.description(),
            plantedCase.trap(),
            alert,
            reason,
            connection,
            child));
  }

  private String identity(String fileName) {
    return "planted|" + plantedCase.caseId() + "|" + fileName;
  }
}
