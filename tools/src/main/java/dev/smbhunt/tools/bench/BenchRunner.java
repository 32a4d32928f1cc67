package dev.smbhunt.tools.bench;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.generate.GenerateSettings;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.generate.Volume;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.jobs.storage.Location;
import dev.smbhunt.transforms.schema.MdeTable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates (or reuses) the sweep's lakes and runs every contestant on each, one warm-up then
 * {@code runs} timed runs, checking that all alert-producing contestants return the same multiset.
 */
final class BenchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);

  /** How long a cancelled run may take to stop before the bench gives up on it. */
  private static final Duration CANCEL_GRACE = Duration.ofMinutes(2);

  private BenchRunner() {}

  /**
   * One contestant on one lake. When {@code timedOut}, the last run was cancelled at the timeout,
   * which {@code millis} holds for it: the median is then a lower bound.
   */
  record Measurement(
      String lake,
      String contestant,
      long inputRows,
      List<Long> millis,
      long medianMillis,
      long peakHeapBytes,
      long peakRssBytes,
      double loadAverage,
      Integer alerts,
      boolean timedOut) {}

  /**
   * What one run returned: its sorted keys ({@code null} for the floor), or that it was cancelled.
   */
  private record Outcome(List<String> keys, boolean timedOut) {}

  /**
   * @param afterEachLake called with every measurement so far once a lake is done, so that a sweep
   *     stopped later still leaves its report
   */
  static List<Measurement> run(
      SparkSession spark,
      Settings settings,
      List<Contestant> contestants,
      Consumer<List<Measurement>> afterEachLake)
      throws Exception {
    BenchSettings b = BenchSettings.from(settings);
    List<Measurement> all = new ArrayList<>();
    List<int[]> plan = new ArrayList<>(); // {scale factor, 1 if hot}
    new TreeSet<>(b.scaleFactors()).forEach(sf -> plan.add(new int[] {sf, 0}));
    new TreeSet<>(b.hotScaleFactors()).forEach(sf -> plan.add(new int[] {sf, 1}));
    ExecutorService runner =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "bench-run");
              t.setDaemon(true);
              return t;
            });
    try {
      int lakeNo = 0;
      int lakes = plan.size() * b.layouts().size();
      for (int[] step : plan) {
        boolean hot = step[1] == 1;
        BenchLake generated = lake(spark, settings, step[0], hot);
        // One reference per scale factor and scope: every layout of the same rows must give the
        // same alerts.
        Map<String, List<String>> reference = new HashMap<>();
        Map<String, String> referenceName = new HashMap<>();
        for (BenchSettings.Layout layout : b.layouts()) {
          BenchLake lake =
              BenchLayouts.of(spark, generated, layout, options(settings, step[0], hot).toString());
          lakeNo++;
          if (lakeNo == 1) {
            // Once per JVM, every contestant before any is timed: class loading and the JIT of code
            // they share (the Parquet reader, codegen) would otherwise favour whoever runs later.
            for (Contestant c : contestants) {
              LOG.info("bench {}: {} warm-up", lake.label(), c.name());
              once(runner, spark, settings, lake, c);
            }
          }
          for (Contestant c : contestants) {
            Measured m = measure(runner, spark, settings, lake, c);
            all.add(m.measurement());
            if (m.keys() != null) {
              List<String> expected = reference.putIfAbsent(c.scope(), m.keys());
              referenceName.putIfAbsent(c.scope(), c.name() + " on " + lake.label());
              if (expected != null && !expected.equals(m.keys())) {
                throw new IllegalStateException(
                    String.format(
                        "%s: %s returned %d alert rows, %s returned %d: the alert multisets differ",
                        lake.label(),
                        c.name(),
                        m.keys().size(),
                        referenceName.get(c.scope()),
                        expected.size()));
              }
            }
            System.err.println(progress(lakeNo, lakes, m.measurement()));
          }
          afterEachLake.accept(List.copyOf(all));
        }
      }
    } finally {
      runner.shutdownNow();
    }
    return all;
  }

  private record Measured(Measurement measurement, List<String> keys) {}

  private static Measured measure(
      ExecutorService runner, SparkSession spark, Settings settings, BenchLake lake, Contestant c)
      throws Exception {
    BenchSettings b = BenchSettings.from(settings);
    List<Long> millis = new ArrayList<>();
    List<String> keys = null;
    long peakHeap = 0;
    long peakRss = 0;
    boolean timedOut = false;
    for (int i = 0; i < b.runs() && !timedOut; i++) {
      System.gc();
      PeakMemory.reset();
      long t0 = System.nanoTime();
      Outcome outcome = once(runner, spark, settings, lake, c);
      timedOut = outcome.timedOut();
      long around = (System.nanoTime() - t0) / 1_000_000;
      millis.add(
          timedOut
              ? b.runTimeout().toMillis()
              : c.lastRunMillis() != null ? c.lastRunMillis() : around);
      peakHeap = Math.max(peakHeap, PeakMemory.heapBytes());
      // A whole-process contestant's figure is its child's; the bench JVM's own then says nothing.
      peakRss =
          Math.max(
              peakRss, c.lastPeakRssBytes() != null ? c.lastPeakRssBytes() : PeakMemory.rssBytes());
      if (i == 0 && !timedOut) {
        keys = outcome.keys();
        writeProfile(b.results(), lake, c);
      }
    }
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    // A cancelled run is slower than the timeout: the median over runs that include it is a lower
    // bound.
    long median = timedOut ? Math.max(median(millis), b.runTimeout().toMillis()) : median(millis);
    return new Measured(
        new Measurement(
            lake.label(),
            c.name(),
            lake.inputRows(),
            millis,
            median,
            peakHeap,
            peakRss,
            load,
            keys == null ? null : keys.size(),
            timedOut),
        keys);
  }

  /**
   * One run in the runner thread, cancelled (Spark job group, then the contestant's own) at the
   * timeout.
   */
  private static Outcome once(
      ExecutorService runner, SparkSession spark, Settings settings, BenchLake lake, Contestant c)
      throws Exception {
    String group = "smb-hunt-bench-" + c.name();
    Future<List<String>> run =
        runner.submit(
            () -> {
              spark.sparkContext().setJobGroup(group, c.name() + " on " + lake.label(), true);
              try {
                return c.run(spark, settings, lake);
              } finally {
                spark.sparkContext().clearJobGroup();
              }
            });
    Duration timeout = BenchSettings.from(settings).runTimeout();
    try {
      return new Outcome(run.get(timeout.toMillis(), TimeUnit.MILLISECONDS), false);
    } catch (TimeoutException e) {
      LOG.warn(
          "bench {}: {} still running after {}; cancelling it", lake.label(), c.name(), timeout);
      spark.sparkContext().cancelJobGroup(group);
      c.cancel();
      try {
        run.get(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | CancellationException expected) {
        // The cancelled run fails; that is the point.
      } catch (TimeoutException stuck) {
        throw new IllegalStateException(
            c.name()
                + " on "
                + lake.label()
                + " did not stop within "
                + CANCEL_GRACE
                + " of its cancellation",
            stuck);
      }
      return new Outcome(null, true);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static String progress(int lakeNo, int lakes, Measurement m) {
    return String.format(
        Locale.ROOT,
        "bench [lake %d/%d] %-9s %,12d rows  %-20s median %s%8.2f s  runs %s  alerts %s  load %.1f",
        lakeNo,
        lakes,
        m.lake(),
        m.inputRows(),
        m.contestant(),
        m.timedOut() ? ">" : " ",
        m.medianMillis() / 1000.0,
        m.millis(),
        m.alerts() == null ? "-" : m.alerts(),
        m.loadAverage());
  }

  private static void writeProfile(Path results, BenchLake lake, Contestant c) {
    String profile = c.lastProfile();
    if (profile != null) {
      try {
        Path dir = Files.createDirectories(results.resolve("profiles"));
        Files.writeString(dir.resolve(lake.label() + "-" + c.name() + ".txt"), profile);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Generates the lake unless one with the same options is already there. */
  static BenchLake lake(SparkSession spark, Settings settings, int sf, boolean hot) {
    BenchSettings b = BenchSettings.from(settings);
    String label = BenchLake.label(sf, hot);
    Path root = b.lakes().resolve(label);
    GenerateSettings g = GenerateSettings.from(settings);
    GeneratorOptions options = options(settings, sf, hot);
    Path marker = root.resolve("_bench_options.txt");
    try {
      if (!Files.isRegularFile(marker) || !Files.readString(marker).equals(options.toString())) {
        LOG.info("bench: generating {} at {}", label, root);
        LakeGenerator.generate(spark, Location.of(root.toString()), options);
        Files.writeString(marker, options.toString());
      } else {
        LOG.info("bench: reusing {} at {}", label, root);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long rows = 0;
    for (MdeTable t : MdeTable.values()) {
      rows += spark.read().parquet(root.resolve(t.tableName()).toAbsolutePath().toString()).count();
    }
    TimeRange range =
        new TimeRange(
            g.startDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
            g.startDate().plusDays(b.days()).atStartOfDay(ZoneOffset.UTC).toInstant());
    return new BenchLake(label, sf, hot, root, range, rows);
  }

  /** What the generator is asked for at scale factor {@code sf}. */
  static GeneratorOptions options(Settings settings, int sf, boolean hot) {
    BenchSettings b = BenchSettings.from(settings);
    GenerateSettings g = GenerateSettings.from(settings);
    Volume volume =
        GeneratorOptions.volume(g)
            .withScale(b.backgroundScale())
            .withHotServers(hot ? b.hotServers() : 0);
    return new GeneratorOptions(
        sf * b.devicesPerScaleFactor(),
        b.days(),
        g.seed(),
        LakeFormat.PARQUET,
        g.startDate(),
        volume);
  }

  static long median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
