package dev.smbhunt.jobs.generate;

import java.io.Serializable;

/**
 * A process as MDE describes it, whether as the event's subject or as its initiating process.
 *
 * @param creationTime epoch micros, or null where MDE did not report it
 * @param parentPid the parent's PID (null for kernel pseudo-processes)
 */
record RunningProcess(
    Image image,
    long pid,
    String commandLine,
    Long creationTime,
    Account account,
    String integrityLevel,
    String tokenElevation,
    Long parentPid,
    String parentFileName,
    Long parentCreationTime,
    long sessionId)
    implements Serializable {

  static final String SYSTEM_INTEGRITY = "System";
  static final String MEDIUM_INTEGRITY = "Medium";
  static final String HIGH_INTEGRITY = "High";
  static final String ELEVATION_DEFAULT = "TokenElevationTypeDefault";
  static final String ELEVATION_LIMITED = "TokenElevationTypeLimited";

  RunningProcess withImage(Image i) {
    return new RunningProcess(
        i,
        pid,
        commandLine,
        creationTime,
        account,
        integrityLevel,
        tokenElevation,
        parentPid,
        parentFileName,
        parentCreationTime,
        sessionId);
  }

  RunningProcess withCommandLine(String c) {
    return new RunningProcess(
        image,
        pid,
        c,
        creationTime,
        account,
        integrityLevel,
        tokenElevation,
        parentPid,
        parentFileName,
        parentCreationTime,
        sessionId);
  }

  RunningProcess withCreationTime(Long t) {
    return new RunningProcess(
        image,
        pid,
        commandLine,
        t,
        account,
        integrityLevel,
        tokenElevation,
        parentPid,
        parentFileName,
        parentCreationTime,
        sessionId);
  }

  /** A process whose parent is {@code parent}: its parent columns come from it. */
  static RunningProcess childOf(
      RunningProcess parent,
      Image image,
      long pid,
      String commandLine,
      long createdAt,
      Account account,
      String integrityLevel,
      String tokenElevation) {
    return new RunningProcess(
        image,
        pid,
        commandLine,
        createdAt,
        account,
        integrityLevel,
        tokenElevation,
        parent.pid(),
        parent.image().fileName(),
        parent.creationTime(),
        parent.sessionId());
  }
}
