package dev.smbhunt.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of one timed run. Local mode runs Spark's executors as threads of this JVM, so the heap
 * pools' peak is Spark's; DuckDB allocates outside the heap, so the process's resident-set high-water mark
 * (Linux {@code VmHWM}, reset through {@code /proc/self/clear_refs}) is the figure that covers both.
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
    try {
      for (String line : Files.readAllLines(STATUS)) {
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
