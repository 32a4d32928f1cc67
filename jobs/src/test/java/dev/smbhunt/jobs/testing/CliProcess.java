package dev.smbhunt.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/hunt} as a user runs it: the CLI in a fresh JVM (its own SparkSession, its own
 * settings), with the project's JVM flags and the production logging, in a working folder of the
 * test's. For what one shared test session cannot do: a Hive catalog, a second JVM that must see
 * the first one's tables, and everything a whole process prints.
 */
public final class CliProcess {
  private static final Path JVM_OPTIONS = Path.of("../conf/jvm.options").toAbsolutePath();
  private static final Path LOGGING =
      Path.of("src/main/resources/log4j2.properties").toAbsolutePath();

  private CliProcess() {}

  /** What the process printed, and the run log it left in workDir/logs ("" when it wrote none). */
  public record Result(int code, String out, String err, String log) {}

  public static Result run(Path workDir, long timeoutSeconds, List<String> args)
      throws IOException, InterruptedException {
    return run(workDir, timeoutSeconds, "2g", args);
  }

  /**
   * As above, with the heap {@code bin/hunt} would get from {@code HUNT_DRIVER_MEMORY}; logs go to
   * workDir/logs.
   */
  public static Result run(Path workDir, long timeoutSeconds, String heap, List<String> args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Dsmbhunt.driver-memory=" + heap,
                "@" + JVM_OPTIONS,
                "-Dlog4j2.configurationFile=" + LOGGING,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.smbhunt.jobs.cli.HuntCli"));
    command.addAll(args);
    Path out = Files.createTempFile(workDir, "cli-", ".out");
    Path err = Files.createTempFile(workDir, "cli-", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("TZ", "UTC");
    pb.environment().put("HUNT_LOG_DIR", workDir.resolve("logs").toString());
    Path logs = workDir.resolve("logs");
    List<Path> before = logFiles(logs);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "hunt "
              + args
              + " did not end within "
              + timeoutSeconds
              + " s; stderr: "
              + Files.readString(err));
    }
    StringBuilder log = new StringBuilder();
    for (Path f : logFiles(logs)) {
      if (!before.contains(f)) {
        log.append(Files.readString(f));
      }
    }
    Result r =
        new Result(p.exitValue(), Files.readString(out), Files.readString(err), log.toString());
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  private static List<Path> logFiles(Path logs) throws IOException {
    if (!Files.isDirectory(logs)) {
      return List.of();
    }
    try (var files = Files.list(logs)) {
      return files.sorted().toList();
    }
  }
}
