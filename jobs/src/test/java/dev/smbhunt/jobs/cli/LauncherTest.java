package dev.smbhunt.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.testing.TinyLake;
import dev.smbhunt.jobs.testing.TinyLake.Layout;
import dev.smbhunt.transforms.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hunt} itself, run on the test classes ({@code HUNT_CLASSPATH}): too little memory ends in one
 * line naming the knob that works, whether Spark refuses the heap, the driver runs out, or a task's
 * OutOfMemoryError ends the JVM with Spark's exit code 52; and the launcher passes signals on to the JVM.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("../bin/hunt").toAbsolutePath();
  private static final Path LOGGING = Path.of("src/main/resources/log4j2.properties").toAbsolutePath();
  @TempDir Path dir;

  private Process start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    pb.environment().put("HUNT_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("HUNT_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    pb.environment().put("HUNT_JAVA_OPTS", "-Dlog4j2.configurationFile=" + LOGGING);
    pb.environment().put("HUNT_LOG_DIR", dir.resolve("logs").toString());
    pb.environment().putAll(env);
    return pb.start();
  }

  private String err() throws IOException {
    return Files.readString(dir.resolve("err.txt"));
  }

  @Test
  void tooSmallAHeapIsOneLineNamingHuntDriverMemory() throws Exception {
    Path lake = TinyLake.write(TestSpark.session(), dir.resolve("lake"), Layout.PARQUET_BY_DATE);
    Process p = start(Map.of("HUNT_DRIVER_MEMORY", "256m"), "detect", "--lake", lake.toString(), "--output",
        dir.resolve("out").toString(), "--from", "2026-01-05", "--to", "2026-01-06");
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "no hang");
    assertEquals(1, p.exitValue(), err());
    assertEquals("error: out of memory: raise HUNT_DRIVER_MEMORY (now 256m)", err().strip());
  }

  @Test
  void aJvmEndedBySparksOutOfMemoryExitIsOneLineToo() throws Exception {
    Path java = dir.resolve("java-that-runs-out");
    Files.writeString(java, "#!/bin/sh\nexit 52\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process p = start(Map.of("HUNT_JAVA", java.toString(), "HUNT_DRIVER_MEMORY", "600m"), "detect");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    assertEquals("error: out of memory: raise HUNT_DRIVER_MEMORY (now 600m)", err().strip());
  }

  @Test
  void theLauncherPassesATerminationOnToTheJvm() throws Exception {
    Path java = dir.resolve("java-that-waits");
    Files.writeString(java, "#!/bin/sh\ntrap 'echo stopped >&2; exit 143' TERM\nwhile true; do sleep 0.1; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process p = start(Map.of("HUNT_JAVA", java.toString()), "detect");
    Thread.sleep(1000);
    p.destroy(); // SIGTERM to bin/hunt
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bin/hunt ended");
    assertEquals(143, p.exitValue());
    assertEquals("stopped", err().strip(), "the JVM got the signal");
  }

  @Test
  void memoryErrorsInAnyWordsBecomeTheKnob() {
    System.setProperty(OutOfMemory.DRIVER_MEMORY_PROPERTY, "512m");
    try {
      String knob = "out of memory: raise HUNT_DRIVER_MEMORY (now 512m)";
      assertEquals(knob, ErrorMessages.oneLine(new SparkException("Job aborted", new OutOfMemoryError("Java heap space"))));
      assertEquals(knob, ErrorMessages.oneLine(new IllegalStateException("[INVALID_DRIVER_MEMORY] System memory 268435456 "
          + "must be at least 471859200. Please increase heap size using the --driver-memory option")));
      assertEquals(knob, ErrorMessages.oneLine(new SparkException("Not enough memory to build and broadcast the table "
          + "to all worker nodes. As a workaround, you can either disable broadcast")));
      assertEquals("DeviceProcessEvents: table folder not found", ErrorMessages.oneLine(
          new IllegalStateException("DeviceProcessEvents: table folder not found")));
    } finally {
      System.clearProperty(OutOfMemory.DRIVER_MEMORY_PROPERTY);
    }
  }
}
