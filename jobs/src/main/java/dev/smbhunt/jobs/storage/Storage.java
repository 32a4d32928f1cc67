package dev.smbhunt.jobs.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * Every file operation on lake, output and ingest data, through Hadoop's {@link FileSystem} with
 * the session's Hadoop configuration (so {@code spark.hadoop.fs.s3a.*}, {@code fs.azure.*} and
 * friends apply exactly as they do to Spark's own readers). Failures become a {@link
 * StorageException} naming the URI and the cause in one line.
 */
public final class Storage {
  private final Configuration conf;

  public Storage(Configuration conf) {
    this.conf = conf;
  }

  public static Storage of(SparkSession spark) {
    return new Storage(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Before Spark starts: Hadoop's defaults plus every {@code spark.hadoop.*} setting of {@code
   * sparkConf}, as Spark will hand them to its own Hadoop configuration, so a check now sees what
   * the run will see.
   */
  public static Storage beforeSpark(Map<String, String> sparkConf) {
    Configuration conf = new Configuration();
    sparkConf.forEach(
        (k, v) -> {
          if (k.startsWith("spark.hadoop.")) {
            conf.set(k.substring("spark.hadoop.".length()), v);
          }
        });
    return new Storage(conf);
  }

  /** A file as listed: where it is, its size and modification time. */
  public record FileEntry(Location location, long size, long modifiedMillis) {}

  public Configuration configuration() {
    return conf;
  }

  public FileSystem fileSystem(Location location) {
    try {
      return location.hadoopPath().getFileSystem(conf);
    } catch (IOException e) {
      throw StorageException.of("cannot open the file system of", location, e);
    }
  }

  public boolean exists(Location location) {
    return status(location).isPresent();
  }

  public boolean isDirectory(Location location) {
    return status(location).map(FileStatus::isDirectory).orElse(false);
  }

  public boolean isFile(Location location) {
    return status(location).map(FileStatus::isFile).orElse(false);
  }

  /** Empty when nothing is there. */
  private Optional<FileStatus> status(Location location) {
    try {
      return Optional.of(fileSystem(location).getFileStatus(location.hadoopPath()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw StorageException.of("cannot check", location, e);
    }
  }

  /**
   * A Delta table's folder: it holds {@code _delta_log/}. The folder's shape only; whether it can
   * be read yet is {@link #hasDeltaCommit}.
   */
  public boolean isDeltaTable(Location location) {
    return isDirectory(location.child("_delta_log"));
  }

  /** A Delta commit's or checkpoint's file name: 20 digits, then {@code .json} or a checkpoint. */
  private static final Pattern DELTA_VERSION_FILE =
      Pattern.compile("\\d{20}\\.(json|checkpoint\\..*parquet)");

  /**
   * A Delta table with at least one committed version. A creator makes {@code _delta_log/} before
   * it commits version 0, and one that died in between leaves it empty: such a folder holds no
   * table to read or merge into yet. Version 0's file or {@code _last_checkpoint} answers with one
   * request; only a log without either (being created, or cleaned up without a checkpoint pointer)
   * is listed.
   */
  public boolean hasDeltaCommit(Location location) {
    Location log = location.child("_delta_log");
    if (isFile(log.child(String.format("%020d.json", 0)))
        || isFile(log.child("_last_checkpoint"))) {
      return true;
    }
    return listNames(log).stream().anyMatch(n -> DELTA_VERSION_FILE.matcher(n).matches());
  }

  /**
   * The files below {@code dir}, recursively, that {@code keep} accepts, sorted by URI; none when
   * the folder is absent. One flat listing on object stores.
   */
  public List<FileEntry> listFiles(Location dir, Predicate<FileEntry> keep) {
    List<FileEntry> files = new ArrayList<>();
    walk(dir, collector(files, keep));
    files.sort(BY_URI);
    return files;
  }

  /**
   * As {@link #listFiles(Location, Predicate)}, without listing the folders directly in {@code dir}
   * whose names {@code keepFolder} refuses: a range's date folders, not every month of a lake. The
   * files directly in {@code dir} come from its one listing.
   */
  public List<FileEntry> listFiles(
      Location dir, Predicate<String> keepFolder, Predicate<FileEntry> keep) {
    List<FileEntry> files = new ArrayList<>();
    Predicate<FileEntry> collect = collector(files, keep);
    FileStatus[] top;
    try {
      top = fileSystem(dir).listStatus(dir.hadoopPath());
    } catch (FileNotFoundException e) {
      return files;
    } catch (IOException e) {
      throw StorageException.of("cannot list", dir, e);
    }
    for (FileStatus s : top) {
      if (!s.isDirectory()) {
        collect.test(entry(s));
      } else if (keepFolder.test(s.getPath().getName())) {
        walk(new Location(s.getPath().toUri().toString()), collect);
      }
    }
    files.sort(BY_URI);
    return files;
  }

  private static final Comparator<FileEntry> BY_URI = Comparator.comparing(f -> f.location().uri());

  /**
   * A walk's callback that adds each file {@code keep} accepts to {@code files}, never stopping.
   */
  private static Predicate<FileEntry> collector(List<FileEntry> files, Predicate<FileEntry> keep) {
    return f -> {
      if (keep.test(f)) {
        files.add(f);
      }
      return true;
    };
  }

  /**
   * Whether any file below {@code dir} is one {@code keep} accepts; the listing stops at the first.
   */
  public boolean containsFile(Location dir, Predicate<FileEntry> keep) {
    boolean[] found = {false};
    walk(dir, f -> !(found[0] = keep.test(f)));
    return found[0];
  }

  /**
   * Hands each file below {@code dir} to {@code more} until it answers false; nothing when it is
   * absent.
   */
  private void walk(Location dir, Predicate<FileEntry> more) {
    try {
      FileSystem fs = fileSystem(dir);
      if (!fs.exists(dir.hadoopPath())) {
        return;
      }
      if (isLocal(fs)) {
        walkLocal(fs, dir.hadoopPath(), more);
        return;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir.hadoopPath(), true);
      while (it.hasNext() && more.test(entry(it.next()))) {
        // each file handed over
      }
    } catch (IOException e) {
      throw StorageException.of("cannot list", dir, e);
    }
  }

  /**
   * Hadoop's local file system, without its native library (the usual case), reads a file's owner
   * and permissions by running {@code ls} in a child process, and {@code listFiles} asks for them
   * for every file it lists: seconds for a lake of hourly files (docs/benchmark.md). {@code
   * listStatus} leaves them unread, and a listing needs none of them.
   */
  static boolean isLocal(FileSystem fs) {
    return fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
  }

  /** As {@link #walk}, one {@code listStatus} per folder, depth first; false once it stopped. */
  private static boolean walkLocal(FileSystem fs, Path dir, Predicate<FileEntry> more)
      throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.isDirectory() ? !walkLocal(fs, s.getPath(), more) : !more.test(entry(s))) {
        return false;
      }
    }
    return true;
  }

  private static FileEntry entry(FileStatus s) {
    return new FileEntry(
        new Location(s.getPath().toUri().toString()), s.getLen(), s.getModificationTime());
  }

  /** The names directly in {@code dir}; none when it is absent. */
  public List<String> listNames(Location dir) {
    List<String> names = new ArrayList<>();
    try {
      for (FileStatus s : fileSystem(dir).listStatus(dir.hadoopPath())) {
        names.add(s.getPath().getName());
      }
    } catch (FileNotFoundException e) {
      return names;
    } catch (IOException e) {
      throw StorageException.of("cannot list", dir, e);
    }
    return names;
  }

  public InputStream open(Location file) {
    try {
      return fileSystem(file).open(file.hadoopPath());
    } catch (IOException e) {
      throw StorageException.of("cannot read", file, e);
    }
  }

  /**
   * A new file (replacing one that is there), its parent folders created as needed. On the local
   * file system it is written without Hadoop's {@code .crc} sidecar: these are files for people and
   * other tools.
   */
  public OutputStream create(Location file) {
    try {
      return withoutChecksums(fileSystem(file)).create(file.hadoopPath(), true);
    } catch (IOException e) {
      throw StorageException.of("cannot write", file, e);
    }
  }

  /** The file system itself where Hadoop wraps it to add {@code .crc} files (the local one). */
  public static FileSystem withoutChecksums(FileSystem fs) {
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  /** Deletes {@code location} and everything below it; an absent one is left as it is. */
  public void deleteRecursively(Location location) {
    try {
      FileSystem fs = fileSystem(location);
      if (fs.exists(location.hadoopPath())) {
        fs.delete(location.hadoopPath(), true);
      }
    } catch (IOException e) {
      throw StorageException.of("cannot delete", location, e);
    }
  }

  /**
   * Fails unless a folder can be written at {@code dir}: it is not a file, and a probe file can be
   * created and removed in it. Run before a hunt, so a read-only or unreachable output is reported
   * before any data is read, not after.
   */
  public void requireWritableFolder(Location dir, String what) {
    if (isFile(dir)) {
      throw new StorageException(what + " " + dir.display() + " is a file, not a folder");
    }
    Location probe = dir.child(".smb-hunt-write-check-" + UUID.randomUUID());
    try {
      FileSystem fs = fileSystem(dir);
      try (OutputStream out = fs.create(probe.hadoopPath(), false)) {
        out.write('\n');
      }
      fs.delete(probe.hadoopPath(), false);
    } catch (IOException e) {
      throw new StorageException(
          what + " " + dir.display() + " is not writable: " + StorageException.cause(e), e);
    }
  }
}
