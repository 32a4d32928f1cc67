package dev.smbhunt.jobs.bench;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.generate.Volume;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.transforms.schema.MdeTable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates (or reuses) the sweep's lakes and runs every contestant on each, one warm-up then
 * {@code runs} timed runs, checking that all alert-producing contestants return the same multiset.
 */
final class BenchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);

  private BenchRunner() {}

  /** One contestant on one lake. */
  record Measurement(
      String lake, String contestant, long inputRows, List<Long> millis, long medianMillis, long peakHeapBytes,
      long peakRssBytes, double loadAverage, Integer alerts) {}

  static List<Measurement> run(SparkSession spark, Settings settings, List<Contestant> contestants) throws Exception {
    Settings.Bench b = settings.bench();
    List<Measurement> all = new ArrayList<>();
    Set<String> warm = new HashSet<>();
    List<int[]> plan = new ArrayList<>(); // {scale factor, 1 if hot}
    new java.util.TreeSet<>(b.scaleFactors()).forEach(sf -> plan.add(new int[] {sf, 0}));
    new java.util.TreeSet<>(b.hotScaleFactors()).forEach(sf -> plan.add(new int[] {sf, 1}));
    int lakes = plan.size();
    int lakeNo = 0;
    for (int[] step : plan) {
      BenchLake lake = lake(spark, settings, step[0], step[1] == 1);
      lakeNo++;
      List<String> reference = null;
      String referenceName = null;
      if (warm.isEmpty()) {
        // Once per JVM, every contestant before any is timed: class loading and the JIT of code they share
        // (the Parquet reader, codegen) would otherwise favour whoever runs later.
        for (Contestant c : contestants) {
          LOG.info("bench {}: {} warm-up", lake.label(), c.name());
          c.run(spark, settings, lake);
          warm.add(c.name());
        }
      }
      for (Contestant c : contestants) {
        List<Long> millis = new ArrayList<>();
        List<String> keys = null;
        long peakHeap = 0;
        long peakRss = 0;
        for (int i = 0; i < b.runs(); i++) {
          System.gc();
          PeakMemory.reset();
          long t0 = System.nanoTime();
          List<String> result = c.run(spark, settings, lake);
          millis.add((System.nanoTime() - t0) / 1_000_000);
          peakHeap = Math.max(peakHeap, PeakMemory.heapBytes());
          peakRss = Math.max(peakRss, PeakMemory.rssBytes());
          if (i == 0) {
            keys = result;
            writeProfile(b.results(), lake, c);
          }
        }
        if (keys != null) {
          if (reference == null) {
            reference = keys;
            referenceName = c.name();
          } else if (!reference.equals(keys)) {
            throw new IllegalStateException(String.format(
                "%s: %s returned %d alert rows, %s returned %d: the alert multisets differ", lake.label(),
                c.name(), keys.size(), referenceName, reference.size()));
          }
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Measurement m = new Measurement(lake.label(), c.name(), lake.inputRows(), millis, median(millis), peakHeap,
            peakRss, load, keys == null ? null : keys.size());
        all.add(m);
        String progress = String.format(Locale.ROOT,
            "bench [lake %d/%d] %-9s %,12d rows  %-20s median %8.2f s  runs %s  alerts %s  load %.1f",
            lakeNo, lakes, lake.label(), lake.inputRows(), c.name(), m.medianMillis() / 1000.0, millis,
            m.alerts() == null ? "-" : m.alerts(), load);
        System.err.println(progress);
      }
    }
    return all;
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
    Settings.Bench b = settings.bench();
    String label = "SF" + sf + (hot ? "-hot" : "");
    Path root = b.lakes().resolve(label);
    Settings.Generate g = settings.generate();
    Volume volume = GeneratorOptions.volume(g).withScale(b.backgroundScale()).withHotServers(hot ? b.hotServers() : 0);
    GeneratorOptions options = new GeneratorOptions(
        sf * b.devicesPerScaleFactor(), b.days(), g.seed(), LakeFormat.PARQUET, g.startDate(), volume);
    Path marker = root.resolve("_bench_options.txt");
    try {
      if (!Files.isRegularFile(marker) || !Files.readString(marker).equals(options.toString())) {
        LOG.info("bench: generating {} at {}", label, root);
        LakeGenerator.generate(spark, root, options);
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
    TimeRange range = new TimeRange(g.startDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
        g.startDate().plusDays(b.days()).atStartOfDay(ZoneOffset.UTC).toInstant());
    return new BenchLake(label, sf, hot, root, range, rows);
  }

  static long median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
