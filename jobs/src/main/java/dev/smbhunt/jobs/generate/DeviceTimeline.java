package dev.smbhunt.jobs.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Which services.exe runs when on one device, and which stretches of time already hold services.exe
 * activity. Every cluster of SCM events claims its stretch first, so no two clusters come close
 * enough for the rule to pair one's connection with another's child: the only pairs are the ones
 * labelled.
 */
final class DeviceTimeline {
  private final TreeMap<Long, ServicesInstance> instances = new TreeMap<>();
  // Claimed stretches, start -> end (inclusive), never overlapping.
  private final TreeMap<Long, Long> claimed = new TreeMap<>();

  DeviceTimeline(ServicesInstance initial) {
    instances.put(initial.start(), initial);
  }

  /** The services.exe running at {@code ts}. */
  ServicesInstance at(long ts) {
    Map.Entry<Long, ServicesInstance> e = instances.floorEntry(ts);
    return e == null ? instances.firstEntry().getValue() : e.getValue();
  }

  /** The run before {@code instance}: the one a reboot replaced. */
  ServicesInstance before(ServicesInstance instance) {
    Map.Entry<Long, ServicesInstance> e = instances.lowerEntry(instance.start());
    if (e == null) {
      throw new IllegalStateException(
          "no services.exe run before the one started at " + instance.start());
    }
    return e.getValue();
  }

  ServicesInstance first() {
    return instances.firstEntry().getValue();
  }

  /** Every run started by a reboot inside the lake, in time order. */
  List<ServicesInstance> reboots() {
    List<ServicesInstance> all = new ArrayList<>(instances.values());
    return all.subList(1, all.size());
  }

  Set<Long> pids() {
    Set<Long> pids = new HashSet<>();
    instances.values().forEach(run -> pids.add(run.pid()));
    return pids;
  }

  void reboot(ServicesInstance next) {
    if (next.start() <= first().start()
        || instances.containsKey(next.start())
        || pids().contains(next.pid())) {
      throw new IllegalStateException(
          "a reboot must start a new, later services.exe run with a new PID");
    }
    instances.put(next.start(), next);
  }

  boolean isFree(long from, long to) {
    Map.Entry<Long, Long> e = claimed.floorEntry(to);
    return e == null || e.getValue() < from;
  }

  void claim(long from, long to) {
    if (!isFree(from, to)) {
      throw new IllegalStateException("stretch " + from + ".." + to + " is already claimed");
    }
    claimed.put(from, to);
  }

  /**
   * Claims {@code [t - before, t + after]} for the first candidate {@code t} whose stretch is free
   * and inside one hour; gives up after {@code attempts} candidates (a busy device simply gets
   * fewer clusters).
   */
  OptionalLong claimWithinHour(LongSupplier candidate, long before, long after, int attempts) {
    for (int i = 0; i < attempts; i++) {
      long t = candidate.getAsLong();
      long from = t - before;
      long to = t + after;
      if (Micros.sameHour(from, to) && isFree(from, to)) {
        claimed.put(from, to);
        return OptionalLong.of(t);
      }
    }
    return OptionalLong.empty();
  }
}
