package dev.smbhunt.tools.bench;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.sink.AlertsTable;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.jobs.storage.TableRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;

/**
 * What a user waits for: each contestant is a fresh process, timed from its start to its exit. (e)
 * is {@code bin/hunt detect} itself, JVM and Spark start-up, planning, the hunt, alert building,
 * the Delta MERGE, the ledger and the chunk loop included, with a fresh alerts table and ledger;
 * (f) is a fresh JVM running DuckDB's bucketed formulation. Both get the bench's settings as a
 * {@code -c} file, so their rule is the in-process contestants' rule.
 */
final class ProcessContestants {
  // bin/hunt passes its folder; a test runs from tools/ with the classes on its own classpath.
  private static final String HOME_PROPERTY = "smbhunt.home";

  /**
   * The hourly contestants' {@link Contestant#scope}: their alerts are checked against each other
   * only.
   */
  static final String HOUR_SCOPE = "one scheduled hour";

  private ProcessContestants() {}

  static List<Contestant> all() {
    return List.of(
        new HuntProcess(false),
        new DuckDbProcess(false),
        new HuntProcess(true),
        new DuckDbProcess(true));
  }

  /**
   * What an hourly contestant runs over: one hour in the middle of the lake's last day, a scheduled
   * run.
   */
  static TimeRange scheduledHour(BenchLake lake) {
    Instant start = lake.range().to().minus(java.time.Duration.ofHours(12));
    return new TimeRange(start, start.plus(java.time.Duration.ofHours(1)));
  }

  /** A contestant whose figure is a child process's lifetime, which it measures itself. */
  abstract static class Timed implements Contestant {
    /** Over one scheduled hour of the lake instead of its whole range. */
    final boolean hourly;

    private volatile Process running;
    private volatile long lastMillis = -1;
    private volatile long lastPeakRss = -1;
    private volatile String profile;

    Timed(boolean hourly) {
      this.hourly = hourly;
    }

    @Override
    public String scope() {
      return hourly ? HOUR_SCOPE : LAKE_SCOPE;
    }

    /** What this run hunts: the lake's range, or its scheduled hour. */
    TimeRange range(BenchLake lake) {
      return hourly ? scheduledHour(lake) : lake.range();
    }

    /** One run in a fresh folder of its own under the results, removed after it. */
    @Override
    public final List<String> run(SparkSession spark, Settings settings, BenchLake lake)
        throws Exception {
      Path work =
          Files.createDirectories(
              Files.createDirectories(
                      BenchSettings.from(settings).results().toAbsolutePath().resolve("runs"))
                  .resolve(name() + "-" + System.nanoTime()));
      try {
        return run(spark, settings, lake, work);
      } finally {
        FileUtils.deleteQuietly(work.toFile());
      }
    }

    abstract List<String> run(SparkSession spark, Settings settings, BenchLake lake, Path work)
        throws Exception;

    @Override
    public Long lastRunMillis() {
      return lastMillis < 0 ? null : lastMillis;
    }

    @Override
    public String lastProfile() {
      return profile;
    }

    @Override
    public Long lastPeakRssBytes() {
      return lastPeakRss < 0 ? null : lastPeakRss;
    }

    @Override
    public void cancel() {
      Process p = running;
      if (p != null) {
        p.destroy();
      }
    }

    /**
     * Runs {@code command} in the bench's working folder (the settings' relative paths mean the
     * same there); its output goes to files in {@code work}. Returns its stderr.
     */
    String launch(List<String> command, Path work, Settings settings, boolean launcher)
        throws IOException, InterruptedException {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(Path.of("").toAbsolutePath().toFile())
              .redirectOutput(work.resolve("out.txt").toFile())
              .redirectError(work.resolve("err.txt").toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().put("TZ", "UTC");
      pb.environment().put("HUNT_LOG_DIR", work.resolve("logs").toString());
      if (launcher && System.getProperty(HOME_PROPERTY) == null) {
        pb.environment().put("HUNT_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment()
            .put(
                "HUNT_JAVA_OPTS",
                "-Dlog4j2.configurationFile="
                    + Path.of("../jobs/src/main/resources/log4j2.properties").toAbsolutePath());
      }
      long t0 = System.nanoTime();
      Process p = pb.start();
      running = p;
      java.util.function.LongSupplier peakRss = PeakMemory.watch(p, 200);
      boolean ended =
          p.waitFor(
              BenchSettings.from(settings).runTimeout().toMillis() + 60_000, TimeUnit.MILLISECONDS);
      lastMillis = (System.nanoTime() - t0) / 1_000_000;
      lastPeakRss = peakRss.getAsLong();
      running = null;
      String err = Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8);
      if (!ended) {
        p.destroyForcibly();
        throw new IllegalStateException(name() + " did not end");
      }
      if (p.exitValue() != 0) {
        String last = err.lines().reduce((a, b) -> b).orElse("");
        throw new IllegalStateException(name() + " exited with " + p.exitValue() + ": " + last);
      }
      return err;
    }

    void profile(String text) {
      profile = "== " + name() + " ==\n" + text;
    }

    /** The bench's settings, for the child: the same rule, spill folder and memory limit. */
    static Path settingsFile(Settings settings, Path work) throws IOException {
      String rendered = settings.rendered().strip();
      String hocon =
          rendered.startsWith("{") ? "smb-hunt " + rendered : "smb-hunt {\n" + rendered + "\n}\n";
      return Files.writeString(work.resolve("bench.conf"), hocon);
    }
  }

  /**
   * (e) {@code bin/hunt detect} over the lake's range, as a user runs it; (g) the same over one
   * hour of it, as a scheduled run.
   */
  static final class HuntProcess extends Timed {
    HuntProcess(boolean hourly) {
      super(hourly);
    }

    // What detect prints per chunk, for where the time goes.
    private static final Pattern HUNT = Pattern.compile("hunt done in ([0-9.]+) s");
    private static final Pattern MERGE = Pattern.compile("merge done at ([0-9.]+) s");
    private static final Pattern CHUNK =
        Pattern.compile("^chunk (\\d+)/(\\d+) .*?rows in ([0-9.]+) s", Pattern.MULTILINE);

    @Override
    public String name() {
      return hourly ? "g-hourly-hunt-process" : "e-hunt-process";
    }

    @Override
    public String description() {
      return hourly
          ? "(e) over one hour, 12:00 to 13:00 of the lake's last day: the whole process of one scheduled run"
          : "bin/hunt detect as a fresh process over the lake's range (launcher, JVM and Spark start-up, "
              + "planning, the hunt, alert building, the Delta MERGE, the ledger and the chunk loop), a fresh "
              + "alerts table and ledger, timed from start to exit; keys read back from its alerts table";
    }

    @Override
    List<String> run(SparkSession spark, Settings settings, BenchLake lake, Path work)
        throws Exception {
      Path out = work.resolve("output");
      Path home = Path.of(System.getProperty(HOME_PROPERTY, ".."));
      TimeRange range = range(lake);
      List<String> command =
          List.of(
              "bash",
              home.resolve("bin/hunt").toString(),
              "detect",
              "-c",
              settingsFile(settings, work).toString(),
              "--lake",
              lake.root().toAbsolutePath().toString(),
              "--from",
              range.from().toString(),
              "--to",
              range.to().toString(),
              "--output",
              out.toString());
      String err = launch(command, work, settings, true);
      profile(phases(err, lastRunMillis()));
      return SparkContestants.keys(
          AlertsTable.read(
                  spark, TableRef.at(Location.of(out.resolve("SmbAdminSharesAlerts").toString())))
              .select(SparkContestants.key()));
    }

    /**
     * The process's time, split as detect reports it: each chunk's hunt and MERGE, and what is
     * outside them.
     */
    static String phases(String err, long processMillis) {
      List<Double> hunts = numbers(HUNT.matcher(err));
      List<Double> merges = numbers(MERGE.matcher(err));
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT, "process %.1f s%n", processMillis / 1000.0));
      Matcher chunk = CHUNK.matcher(err);
      double inChunks = 0;
      int i = 0;
      while (chunk.find()) {
        double seconds = Double.parseDouble(chunk.group(3));
        inChunks += seconds;
        double hunt = i < hunts.size() ? hunts.get(i) : Double.NaN;
        double merge = i < merges.size() ? merges.get(i) - hunt : Double.NaN;
        s.append(
            String.format(
                Locale.ROOT,
                "chunk %s/%s %.1f s: hunt %.1f s, alerts and MERGE %.1f s, ledger "
                    + "and the rest %.1f s%n",
                chunk.group(1),
                chunk.group(2),
                seconds,
                hunt,
                merge,
                seconds - hunt - merge));
        i++;
      }
      s.append(
          String.format(
              Locale.ROOT,
              "outside the chunks (launcher, JVM and Spark start-up, settings, "
                  + "output checks, ledger reads, session stop) %.1f s%n",
              processMillis / 1000.0 - inChunks));
      return s.toString();
    }

    private static List<Double> numbers(Matcher m) {
      List<Double> out = new ArrayList<>();
      while (m.find()) {
        out.add(Double.parseDouble(m.group(1)));
      }
      return out;
    }
  }

  /**
   * (f) DuckDB's bucketed formulation in a fresh JVM: what a user of DuckDB waits for; (h) the same
   * over (g)'s hour.
   */
  static final class DuckDbProcess extends Timed {
    DuckDbProcess(boolean hourly) {
      super(hourly);
    }

    @Override
    public String name() {
      return hourly ? "h-hourly-duckdb-process" : "f-duckdb-process";
    }

    @Override
    public String description() {
      return hourly
          ? "(f) over (g)'s hour"
          : "a fresh JVM running c-duckdb-bucketed (JDBC, same SQL, settings and files), timed from start to "
              + "exit; keys written by the process";
    }

    @Override
    List<String> run(SparkSession spark, Settings settings, BenchLake lake, Path work)
        throws Exception {
      Path keys = work.resolve("keys.txt");
      TimeRange range = range(lake);
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  DuckDbProcess.class.getName(),
                  settingsFile(settings, work).toString(),
                  lake.root().toAbsolutePath().toString(),
                  range.from().toString(),
                  range.to().toString(),
                  keys.toString()));
      launch(command, work, settings, false);
      profile(String.format(Locale.ROOT, "process %.1f s%n", lastRunMillis() / 1000.0));
      return Files.readAllLines(keys, StandardCharsets.UTF_8);
    }

    /** The child: {@code <settings.conf> <lake> <from> <to> <keys file>}. */
    public static void main(String[] args) throws Exception {
      Settings settings = SettingsLoader.load(Path.of(args[0]), List.of());
      Path root = Path.of(args[1]);
      TimeRange range = new TimeRange(Instant.parse(args[2]), Instant.parse(args[3]));
      BenchLake lake = new BenchLake(root.getFileName().toString(), 0, false, root, range, 0);
      List<String> keys =
          new DuckDbContestant(DuckDbContestant.Formulation.BUCKETED).run(null, settings, lake);
      Files.write(Path.of(args[4]), keys, StandardCharsets.UTF_8);
    }
  }
}
