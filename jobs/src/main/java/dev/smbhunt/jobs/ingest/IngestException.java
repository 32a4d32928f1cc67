package dev.smbhunt.jobs.ingest;

/** An ingest run that cannot start or must not commit; the message says why and what to do. */
public final class IngestException extends RuntimeException {
  public IngestException(String message) {
    super(message);
  }
}
