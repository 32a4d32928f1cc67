package dev.smbhunt.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of one timed run. Local mode runs Spark's executors as threads of this JVM, so the
 * heap pools' peak is Spark's; DuckDB allocates outside the heap, so the process's resident-set
 * high-water mark (Linux {@code VmHWM}, reset through {@code /proc/self/clear_refs}) is the figure
 * that covers both.
 */
final class PeakMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private PeakMemory() {}

  static void reset() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
    try {
      // "5" resets the peak RSS to the current RSS (Linux 4.0+).
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | UnsupportedOperationException e) {
      // Not Linux, or not allowed: rssBytes() then reports the process's lifetime peak.
    }
  }

  static long heapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

  /** Peak resident set since {@link #reset}, or 0 where {@code /proc} is absent. */
  static long rssBytes() {
    return highWaterMark(STATUS);
  }

  /**
   * The peak resident set of a child process and its descendants (a launcher script and its JVM),
   * sampled until it ends: the sum of their {@code VmHWM} at the last sample, which misses at most
   * the growth of its last {@code everyMillis}. 0 where {@code /proc} is absent.
   */
  static java.util.function.LongSupplier watch(Process child, long everyMillis) {
    java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (child.isAlive()) {
                long sum = highWaterMark(Path.of("/proc", String.valueOf(child.pid()), "status"));
                for (ProcessHandle h : (Iterable<ProcessHandle>) child.descendants()::iterator) {
                  sum += highWaterMark(Path.of("/proc", String.valueOf(h.pid()), "status"));
                }
                peak.accumulateAndGet(sum, Math::max);
                try {
                  Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-rss-" + child.pid());
    sampler.setDaemon(true);
    sampler.start();
    return peak::get;
  }

  private static long highWaterMark(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
