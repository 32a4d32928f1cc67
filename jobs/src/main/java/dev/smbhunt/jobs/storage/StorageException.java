package dev.smbhunt.jobs.storage;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Storage that cannot be used as configured: an unreachable endpoint, a missing bucket or
 * container, denied access, a scheme without a FileSystem on the classpath. The message is one line
 * naming the URI and the cause.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // Which library brings the FileSystem of a scheme, for the "no FileSystem" hint.
  private static final Map<String, String> CONNECTORS =
      Map.of(
          "s3a", "hadoop-aws (and the AWS SDK bundle)",
          "abfs", "hadoop-azure",
          "abfss", "hadoop-azure",
          "wasb", "hadoop-azure",
          "wasbs", "hadoop-azure",
          "gs", "gcs-connector",
          "dbfs", "the Databricks runtime (dbfs:/ exists only there)");
  private static final Pattern NO_FS =
      Pattern.compile("No FileSystem for scheme \"?([A-Za-z0-9+.-]+)\"?");

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  static StorageException of(String action, Location location, IOException e) {
    return new StorageException(action + " " + location.display() + ": " + cause(e), e);
  }

  /**
   * A user's reading of a storage failure anywhere in {@code error}'s cause chain, or null when it
   * is not one: the CLI puts this first, before Hadoop's own words.
   */
  public static String describe(Throwable error) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      Matcher noFs = NO_FS.matcher(m);
      boolean named = noFs.find();
      if (named || t instanceof UnsupportedFileSystemException) {
        String scheme = named ? noFs.group(1).toLowerCase(Locale.ROOT) : "?";
        return "no FileSystem for scheme '"
            + scheme
            + "': put "
            + CONNECTORS.getOrDefault(scheme, "the Hadoop connector for '" + scheme + "'")
            + " on the classpath";
      }
    }
    return null;
  }

  /** The cause of an I/O failure in a few words, then the storage's own first line. */
  static String cause(Throwable e) {
    String described = describe(e);
    if (described != null) {
      return described;
    }
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      String reason = reason(t);
      if (reason != null) {
        return reason + " (" + firstLine(t) + ")";
      }
    }
    return firstLine(e);
  }

  private static String reason(Throwable t) {
    String name = t.getClass().getSimpleName();
    if (t instanceof AccessDeniedException || name.equals("AccessControlException")) {
      return "access denied";
    }
    if (name.equals("UnknownStoreException") || name.equals("NoSuchBucketException")) {
      return "the bucket or container does not exist";
    }
    if (t instanceof UnknownHostException
        || t instanceof ConnectException
        || t instanceof SocketTimeoutException
        || name.equals("ConnectTimeoutException")
        || name.equals("AWSClientIOException")
        || name.equals("SdkClientException")) {
      return "cannot reach the endpoint";
    }
    return null;
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    int newline = m.indexOf('\n');
    return newline >= 0 ? m.substring(0, newline) : m;
  }
}
