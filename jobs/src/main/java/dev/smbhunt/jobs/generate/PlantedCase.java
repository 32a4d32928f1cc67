package dev.smbhunt.jobs.generate;

/**
 * One trap of docs/semantics.md, planted as labelled (connection, child) pairs in a block of time
 * reserved for it on one device, so nothing else on that device comes near its events.
 *
 * @param trap the semantic point it exercises, a short stable name
 * @param serverOnly placed on a server (a busy SCM), not on any device
 * @param blockMinute the block's minute in its hour, or {@link #ANY_MINUTE} to let placement choose
 * @param reboot a reboot inside the block that starts the services.exe the case talks to, or null
 * @param hashGroup cases sharing a child hash by design; placement puts them in different hours
 */
record PlantedCase(
    String caseId,
    String trap,
    String description,
    boolean serverOnly,
    int blockMinute,
    Reboot reboot,
    String hashGroup,
    Planter planter) {

  static final int ANY_MINUTE = -1;

  /** The block's length: every event of a case lies within its first few minutes. */
  static final long BLOCK_LENGTH = 10 * Micros.MINUTE;

  /**
   * Quiet time claimed before the block, so no background cluster ends right before a case starts.
   */
  static final long BLOCK_LEAD = Micros.MINUTE;

  /** Writes the case's events and labels through {@code ctx}. */
  @FunctionalInterface
  interface Planter {
    void plant(CaseContext ctx);
  }

  /**
   * A reboot {@code rebootMillis} into the block, with services.exe starting exactly {@code
   * servicesStartMillis} into it (the sub-second part matters to the boot-grace cases).
   */
  record Reboot(long rebootMillis, long servicesStartMillis) {}

  static PlantedCase of(String caseId, String trap, String description, Planter planter) {
    return new PlantedCase(caseId, trap, description, false, ANY_MINUTE, null, null, planter);
  }

  PlantedCase onServer() {
    return new PlantedCase(
        caseId, trap, description, true, blockMinute, reboot, hashGroup, planter);
  }

  PlantedCase atMinute(int minute) {
    return new PlantedCase(
        caseId, trap, description, serverOnly, minute, reboot, hashGroup, planter);
  }

  PlantedCase withReboot(long rebootMillis, long servicesStartMillis) {
    return new PlantedCase(
        caseId,
        trap,
        description,
        serverOnly,
        blockMinute,
        new Reboot(rebootMillis, servicesStartMillis),
        hashGroup,
        planter);
  }

  PlantedCase sharingHash(String group) {
    return new PlantedCase(
        caseId, trap, description, serverOnly, blockMinute, reboot, group, planter);
  }
}
