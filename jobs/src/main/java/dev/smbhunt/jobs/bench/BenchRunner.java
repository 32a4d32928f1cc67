package dev.smbhunt.jobs.bench;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.generate.GeneratorOptions;
import dev.smbhunt.jobs.generate.LakeFormat;
import dev.smbhunt.jobs.generate.LakeGenerator;
import dev.smbhunt.jobs.generate.Volume;
import dev.smbhunt.jobs.lake.TimeRange;
import dev.smbhunt.transforms.schema.MdeTable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
      Integer alerts) {}

  static List<Measurement> run(SparkSession spark, Settings settings, List<Contestant> contestants) throws Exception {
    Settings.Bench b = settings.bench();
    List<Measurement> all = new ArrayList<>();
    for (int sf : b.scaleFactors()) {
      for (boolean hot : new boolean[] {false, true}) {
        BenchLake lake = lake(spark, settings, sf, hot);
        List<String> reference = null;
        String referenceName = null;
        for (Contestant c : contestants) {
          LOG.info("bench {}: {} ({} input rows)", lake.label(), c.name(), lake.inputRows());
          List<String> keys = c.run(spark, settings, lake); // warm-up, and the result to check
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
          List<Long> millis = new ArrayList<>();
          long peak = 0;
          for (int i = 0; i < b.runs(); i++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            c.run(spark, settings, lake);
            millis.add((System.nanoTime() - t0) / 1_000_000);
            peak = Math.max(peak, peakHeap());
          }
          all.add(new Measurement(lake.label(), c.name(), lake.inputRows(), millis, median(millis), peak,
              keys == null ? null : keys.size()));
          LOG.info("bench {}: {} median {} ms", lake.label(), c.name(), median(millis));
        }
      }
    }
    return all;
  }

  private static BenchLake lake(SparkSession spark, Settings settings, int sf, boolean hot) {
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

  // Local mode: executors are threads of this JVM, so the heap pools' peak is the run's peak.
  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

}
