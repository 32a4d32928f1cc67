package dev.smbhunt.jobs.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's log file: where Spark's, Delta's and Hadoop's warnings and errors go, stack traces
 * included, so the terminal shows smb-hunt's one-line messages only ({@code log4j2.properties}
 * routes them). It is a local file of the machine that runs the CLI, in {@code HUNT_LOG_DIR}
 * (default {@code ~/.local/state/smb-hunt/logs}); the newest {@value #KEPT} are kept. {@code
 * --verbose} shows everything on the terminal as well.
 */
final class RunLog {
  static final String VERBOSE = "--verbose";
  private static final int KEPT = 30;
  private static final String FILE_PROPERTY = "smbhunt.log.file";
  private static Path file;

  private RunLog() {}

  /**
   * Must run before the first logger is created: log4j reads these properties once, when it starts.
   */
  static void configure(String[] args) {
    if (Arrays.asList(args).contains(VERBOSE)) {
      System.setProperty("smbhunt.verbose.level", "all");
    }
    if (System.getProperty(FILE_PROPERTY) != null) {
      file = Path.of(System.getProperty(FILE_PROPERTY));
      return;
    }
    String configured = System.getenv("HUNT_LOG_DIR");
    Path dir =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".local", "state", "smb-hunt", "logs");
    try {
      Files.createDirectories(dir);
      prune(dir);
    } catch (IOException e) {
      dir = Path.of(System.getProperty("java.io.tmpdir"));
    }
    String stamp =
        LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    file =
        dir.resolve("hunt-" + stamp + "-" + ProcessHandle.current().pid() + ".log")
            .toAbsolutePath();
    System.setProperty(FILE_PROPERTY, file.toString());
  }

  /**
   * Keeps the log, trace included, of a failed command; returns where to read it, or "" when not
   * needed.
   */
  static String record(Throwable error) {
    if (file == null) {
      return "";
    }
    Logger log = LoggerFactory.getLogger("smbhunt.failure");
    log.error("the command failed", error);
    boolean saysAll = OutOfMemory.describe(error) != null; // the knob is the whole story
    return !saysAll && fromLibraries(error) && Files.exists(file) ? " (details: " + file + ")" : "";
  }

  // Our own errors say all there is in their one line; a library's (Spark, Hadoop, Delta) has more
  // to read.
  private static boolean fromLibraries(Throwable error) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.startsWith("org.apache.")
          || name.startsWith("io.delta.")
          || name.startsWith("scala.")
          || t instanceof Error) {
        return true;
      }
    }
    return false;
  }

  private static void prune(Path dir) throws IOException {
    List<Path> logs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "hunt-*.log")) {
      entries.forEach(logs::add);
    }
    logs.sort(Comparator.comparing(Path::getFileName).reversed());
    for (Path old : logs.subList(Math.min(KEPT - 1, logs.size()), logs.size())) {
      Files.deleteIfExists(old);
    }
  }
}
