package dev.smbhunt.jobs.lake;

/** A lake that cannot be read as configured: a missing table, an unreadable folder. */
public class LakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LakeException(String message) {
    super(message);
  }

  public LakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
