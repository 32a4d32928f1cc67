package dev.smbhunt.jobs.storage;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * A place in storage, as a fully qualified Hadoop URI: {@code s3a://bucket/prefix}, {@code
 * abfss://container@account.dfs.core.windows.net/prefix}, {@code hdfs://host:port/dir}, {@code
 * file:/dir}. A plain path means the local file system, resolved against the working directory, so
 * the same text means the same place on the driver and in every message.
 */
public record Location(String uri) implements Serializable {
  // A URI scheme as RFC 3986 spells it; one letter followed by ':' is a Windows drive, not a
  // scheme.
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

  public Location {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("a location must not be empty");
    }
  }

  /**
   * {@code text} as a location: a URI with a scheme as it is, a plain path on the local file
   * system.
   */
  public static Location of(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a location must not be empty");
    }
    String t = text.strip();
    if (SCHEME.matcher(t).find()) {
      return new Location(new Path(t).toUri().toString());
    }
    Path p = new Path(t);
    if (!p.isAbsolute()) {
      p = new Path(new Path(System.getProperty("user.dir")), t);
    }
    return new Location("file:" + p.toUri().getPath());
  }

  /** The location {@code name} below this one. */
  public Location child(String name) {
    return new Location(new Path(hadoopPath(), name).toUri().toString());
  }

  public Path hadoopPath() {
    return new Path(uri);
  }

  /** Lower-case scheme: {@code file}, {@code s3a}, {@code abfss}, {@code hdfs}, ... */
  public String scheme() {
    String s = hadoopPath().toUri().getScheme();
    return s == null ? "file" : s.toLowerCase(Locale.ROOT);
  }

  public boolean isLocal() {
    return scheme().equals("file");
  }

  /** The last path element: a file's or folder's own name. */
  public String name() {
    return hadoopPath().getName();
  }

  /** This location's path below {@code ancestor}, e.g. {@code date=2025-05-05/part-0.parquet}. */
  public String relativeTo(Location ancestor) {
    String base = ancestor.hadoopPath().toUri().getPath();
    String own = hadoopPath().toUri().getPath();
    String prefix = base.endsWith("/") ? base : base + "/";
    return own.startsWith(prefix) ? own.substring(prefix.length()) : own;
  }

  /** How messages show it: a local location as its plain path, any other as its URI. */
  public String display() {
    return isLocal() ? hadoopPath().toUri().getPath() : uri;
  }

  /** What Spark's readers and Delta take: the URI itself. */
  @Override
  public String toString() {
    return uri;
  }
}
