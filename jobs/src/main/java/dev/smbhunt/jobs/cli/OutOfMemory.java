package dev.smbhunt.jobs.cli;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Running out of memory, in whichever words the JVM or Spark says it (a heap exhausted, Spark's own
 * memory errors, its refusal to start on a small heap, a broadcast that does not fit), as the one
 * knob that works. {@code bin/hunt} sizes the heap from {@code HUNT_DRIVER_MEMORY} and says so in
 * {@code -Dsmbhunt.driver-memory}; Spark's {@code --driver-memory} advice does not apply to it.
 */
final class OutOfMemory {
  static final String DRIVER_MEMORY_PROPERTY = "smbhunt.driver-memory";
  private static final Pattern SAID =
      Pattern.compile(
          "INVALID_DRIVER_MEMORY|INVALID_EXECUTOR_MEMORY|Not enough memory to build and broadcast|Java heap space"
              + "|GC overhead limit exceeded|Unable to acquire \\d+ bytes of memory");

  private OutOfMemory() {}

  /** The one line, or null when {@code error} is not about memory. */
  static String describe(Throwable error) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof OutOfMemoryError || SAID.matcher(String.valueOf(t.getMessage())).find()) {
        return advice();
      }
    }
    return null;
  }

  static String advice() {
    String memory = System.getProperty(DRIVER_MEMORY_PROPERTY);
    if (memory != null && !memory.isBlank()) {
      return "out of memory: raise HUNT_DRIVER_MEMORY (now " + memory + ")";
    }
    long mib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    return String.format(
        Locale.ROOT, "out of memory: raise the driver's heap (spark.driver.memory; now %dm)", mib);
  }
}
