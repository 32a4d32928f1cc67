package dev.smbhunt.jobs.storage;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system under the scheme {@code counting:}, which records each folder listed
 * and each question asked of a file about its owner or mode (the local file system answers those by
 * running a process).
 */
public final class CountingLocalFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "counting";
  public static final AtomicInteger OWNER_OR_MODE_ASKED = new AtomicInteger();
  public static final List<String> LISTED = new CopyOnWriteArrayList<>();

  /** Registers the scheme in {@code conf}, uncached, and forgets what was counted. */
  public static Configuration register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", CountingLocalFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    OWNER_OR_MODE_ASKED.set(0);
    LISTED.clear();
    return conf;
  }

  /** A local folder as this file system's URI. */
  public static String uri(java.nio.file.Path folder) {
    return SCHEME + "://" + folder.toAbsolutePath();
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    LISTED.add(f.toUri().getPath());
    return super.listStatus(f);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    FileStatus s = super.getFileStatus(f);
    return new FileStatus(
        s.getLen(),
        s.isDirectory(),
        s.getReplication(),
        s.getBlockSize(),
        s.getModificationTime(),
        s.getPath()) {
      @Override
      public FsPermission getPermission() {
        OWNER_OR_MODE_ASKED.incrementAndGet();
        return super.getPermission();
      }

      @Override
      public String getOwner() {
        OWNER_OR_MODE_ASKED.incrementAndGet();
        return super.getOwner();
      }

      @Override
      public String getGroup() {
        OWNER_OR_MODE_ASKED.incrementAndGet();
        return super.getGroup();
      }
    };
  }
}
