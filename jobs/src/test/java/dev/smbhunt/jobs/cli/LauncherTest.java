package dev.smbhunt.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * {@code bin/hunt} itself, run on the test classes ({@code HUNT_CLASSPATH}): too little memory ends
 * in one line naming the knob that works, whether Spark refuses the heap, the driver runs out, or a
 * task's OutOfMemoryError ends the JVM with Spark's exit code 52; and the launcher passes signals
 * on to the JVM.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("../bin/hunt").toAbsolutePath();
  private static final Path LOGGING =
      Path.of("src/main/resources/log4j2.properties").toAbsolutePath();
  @TempDir Path dir;

  private Process start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().put("HUNT_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment()
        .put("HUNT_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    pb.environment().put("HUNT_JAVA_OPTS", "-Dlog4j2.configurationFile=" + LOGGING);
    pb.environment().put("HUNT_LOG_DIR", dir.resolve("logs").toString());
    pb.environment().putAll(env);
    return pb.start();
  }

  /** An executable shell script standing in for a program. */
  private Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private String err() throws IOException {
    return Files.readString(dir.resolve("err.txt"));
  }

  /**
   * The class-data archive a build keeps is written by the first command that starts Spark, never
   * by {@code --version} or {@code help}: such an archive would hold the CLI's classes alone, and
   * every later run of the build would map it instead of Spark's. A stand-in java records how it
   * was started, that it was started once per command, and writes the archive it is asked to; the
   * next command maps that archive at the address it was written for (not relocated: 0.4 s of every
   * start).
   */
  @Test
  void onlyACommandThatStartsSparkWritesTheClassDataArchive() throws Exception {
    Path calls = dir.resolve("java-calls.txt");
    Path java =
        script(
            "java",
            "echo \"$@\" >> '"
                + calls
                + "'\nfor a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*)"
                + " touch \"${a#*=}\" ;; esac; done");
    Map<String, String> env =
        Map.of(
            "HUNT_JAVA", java.toString(),
            "HUNT_CDS", "on",
            "XDG_CACHE_HOME", dir.resolve("cache").toString());
    for (String[] args :
        List.of(
            new String[] {"--version"},
            new String[] {"help"},
            new String[] {"detect"},
            new String[] {"detect"})) {
      Process p = start(env, args);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bin/hunt ended");
    }
    List<String> runs =
        Files.readAllLines(calls).stream()
            .map(l -> l.replaceAll("-cp \\S+", "-cp CLASSPATH"))
            .toList();
    // One JVM per command: the archive's key names the JVM by its files, not by a `java -version`.
    assertEquals(4, runs.size(), String.join("\n", runs));
    runs.forEach(r -> assertTrue(r.contains("HuntCli"), r));
    assertFalse(runs.get(0).contains("ArchiveClassesAtExit"), runs.get(0));
    assertFalse(runs.get(1).contains("ArchiveClassesAtExit"), runs.get(1));
    assertTrue(runs.get(2).contains("-XX:ArchiveClassesAtExit="), runs.get(2));
    String mapped = runs.get(3);
    assertTrue(
        mapped.contains("-XX:SharedArchiveFile=")
            && mapped.contains("-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"),
        mapped);
  }

  /**
   * The JVM runs the JIT's quick tier unless {@code HUNT_JIT=full}; the user's {@code
   * HUNT_JAVA_OPTS} come after it, so a flag there still wins; any other value is one line.
   */
  @Test
  void theQuickJitIsTheDefaultAndHuntJitFullOrTheUsersOptionsOverrideIt() throws Exception {
    String full =
        runsWithAndWithout(
            "HUNT_JIT",
            "full",
            "-XX:TieredStopAtLevel=1",
            "fast",
            "error: HUNT_JIT is 'fast'; use quick (the default) or full");
    assertFalse(full.contains("TieredStopAtLevel"), full);
  }

  /**
   * The JVM runs the serial collector unless {@code HUNT_GC=g1}; the user's {@code HUNT_JAVA_OPTS}
   * come after it, so a collector named there wins; any other value is one line.
   */
  @Test
  void theSerialCollectorIsTheDefaultAndHuntGcG1OrTheUsersOptionsOverrideIt() throws Exception {
    String g1 =
        runsWithAndWithout(
            "HUNT_GC",
            "g1",
            // Either collector's first metaspace collection waits for 256 MB of class metadata.
            "-XX:MetaspaceSize=256m -XX:+UseSerialGC",
            "zgc",
            "error: HUNT_GC is 'zgc'; use serial (the default) or g1");
    assertTrue(
        g1.contains("-XX:MetaspaceSize=256m -XX:+UseG1GC") && !g1.contains("UseSerialGC"), g1);
  }

  private static final String USERS_OPTION = "-XX:+UseParallelGC";

  /**
   * Starts {@code detect} through a stand-in java with {@code variable} unset, then set to {@code
   * other}, each with {@link #USERS_OPTION} as the user's {@code HUNT_JAVA_OPTS}, then set to
   * {@code bad}, which must end with exit code 2 and the one line {@code badLine}, starting no JVM.
   * The unset run must pass {@code defaultFlag} before the user's option. Returns the {@code other}
   * run's java command line.
   */
  private String runsWithAndWithout(
      String variable, String other, String defaultFlag, String bad, String badLine)
      throws Exception {
    Path calls = dir.resolve("java-calls.txt");
    Path java = script("java", "echo \"$@\" >> '" + calls + "'");
    List<String> values = List.of("", other);
    for (String value : values) {
      Map<String, String> env = new java.util.HashMap<>(Map.of("HUNT_JAVA", java.toString()));
      if (!value.isEmpty()) {
        env.put(variable, value);
      }
      env.put("HUNT_JAVA_OPTS", USERS_OPTION);
      assertTrue(start(env, "detect").waitFor(30, TimeUnit.SECONDS), "bin/hunt ended");
    }
    List<String> runs = Files.readAllLines(calls);
    assertEquals(values.size(), runs.size(), String.join("\n", runs));

    Process failed = start(Map.of("HUNT_JAVA", java.toString(), variable, bad), "detect");
    assertTrue(failed.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, failed.exitValue());
    assertEquals(badLine, err().strip());
    assertEquals(values.size(), Files.readAllLines(calls).size(), "no JVM started");
    String unset = runs.get(0);
    assertTrue(unset.contains(defaultFlag), unset);
    assertTrue(
        unset.indexOf(defaultFlag) < unset.indexOf(USERS_OPTION),
        "the user's options come last: " + unset);
    return runs.get(1);
  }

  @Test
  void tooSmallAHeapIsOneLineNamingHuntDriverMemory() throws Exception {
    Path lake = TinyLake.write(TestSpark.session(), dir.resolve("lake"), Layout.PARQUET_BY_DATE);
    Process p =
        start(
            Map.of("HUNT_DRIVER_MEMORY", "256m"),
            "detect",
            "--lake",
            lake.toString(),
            "--output",
            dir.resolve("out").toString(),
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-06");
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "no hang");
    assertEquals(1, p.exitValue(), err());
    assertEquals("error: out of memory: raise HUNT_DRIVER_MEMORY (now 256m)", err().strip());
  }

  @Test
  void aJvmEndedBySparksOutOfMemoryExitIsOneLineToo() throws Exception {
    Path java = script("java-that-runs-out", "exit 52");
    Process p = start(Map.of("HUNT_JAVA", java.toString(), "HUNT_DRIVER_MEMORY", "600m"), "detect");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    assertEquals("error: out of memory: raise HUNT_DRIVER_MEMORY (now 600m)", err().strip());
  }

  @Test
  void theLauncherPassesATerminationOnToTheJvm() throws Exception {
    Path java =
        script(
            "java-that-waits",
            "trap 'echo stopped >&2; exit 143' TERM\nwhile true; do sleep 0.1; done");
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
      assertEquals(
          knob,
          ErrorMessages.oneLine(
              new SparkException("Job aborted", new OutOfMemoryError("Java heap space"))));
      assertEquals(
          knob,
          ErrorMessages.oneLine(
              new IllegalStateException(
                  "[INVALID_DRIVER_MEMORY] System memory 268435456 "
                      + "must be at least 471859200. Please increase heap size using the --driver-memory option")));
      assertEquals(
          knob,
          ErrorMessages.oneLine(
              new SparkException(
                  "Not enough memory to build and broadcast the table "
                      + "to all worker nodes. As a workaround, you can either disable broadcast")));
      assertEquals(
          "DeviceProcessEvents: table folder not found",
          ErrorMessages.oneLine(
              new IllegalStateException("DeviceProcessEvents: table folder not found")));
    } finally {
      System.clearProperty(OutOfMemory.DRIVER_MEMORY_PROPERTY);
    }
  }

  /**
   * A fake {@code jupyter} on PATH: answers --paths with {@code config}, records what notebook got.
   */
  private Map<String, String> fakeJupyter(Path config) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path jupyter = bin.resolve("jupyter");
    Files.writeString(
        jupyter,
        "#!/bin/sh\ncase \"$1\" in\n"
            + "  --paths) echo '{\"config\": [\""
            + config
            + "\"]}' ;;\n"
            + "  kernelspec) exit 0 ;;\n"
            + "  notebook) echo \"$JUPYTER_TOKEN\" > \""
            + dir.resolve("token")
            + "\"; echo \"$@\" > \""
            + dir.resolve("args")
            + "\" ;;\n"
            + "esac\n");
    Files.setPosixFilePermissions(jupyter, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path java = script("java-kernelspec", "exit 0");
    Files.createDirectories(config);
    return Map.of("PATH", bin + ":" + System.getenv("PATH"), "HUNT_JAVA", java.toString());
  }

  @Test
  void theNotebookServerGetsAFreshRandomTokenAndLoopbackOnly() throws Exception {
    Process p = start(fakeJupyter(dir.resolve("jupyter-config")), "notebook");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), err());
    String token = Files.readString(dir.resolve("token")).strip();
    assertTrue(token.matches("[0-9a-f]{48}"), token);
    assertTrue(err().contains("smb-hunt notebooks: http://127.0.0.1:8888/?token=" + token), err());
    String args = Files.readString(dir.resolve("args"));
    assertTrue(args.contains("--ip=127.0.0.1") && args.contains("--port-retries=0"), args);
    assertTrue(
        !args.contains(token), "the token is not on the command line, which other users can list");

    Process again = start(fakeJupyter(dir.resolve("jupyter-config")), "notebook");
    assertTrue(again.waitFor(60, TimeUnit.SECONDS));
    assertTrue(
        !Files.readString(dir.resolve("token")).strip().equals(token),
        "a new token for each server");
  }

  @Test
  void aJupyterConfigThatTurnsAuthenticationOffIsRefused() throws Exception {
    Path config = dir.resolve("jupyter-config");
    Map<String, String> env = fakeJupyter(config);
    Files.writeString(
        config.resolve("jupyter_notebook_config.py"),
        "c = get_config()\nc.NotebookApp.token = ''\n");
    Process p = start(env, "notebook");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    assertEquals(
        "error: your Jupyter config turns authentication off ("
            + config.resolve("jupyter_notebook_config.py")
            + ", line 2: an empty token): bin/hunt notebook will not start a server that every user of this machine "
            + "could use; remove that setting",
        err().strip());
    assertTrue(!Files.exists(dir.resolve("args")), "no server was started");

    Files.delete(config.resolve("jupyter_notebook_config.py"));
    Files.writeString(
        config.resolve("jupyter_server_config.json"),
        "{\"ServerApp\": {\"allow_unauthenticated_access\": true}}");
    Process json = start(env, "notebook");
    assertTrue(json.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, json.exitValue());
    assertTrue(err().contains("jupyter_server_config.json: unauthenticated access"), err());
  }
}
