package dev.smbhunt.jobs.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spreads the planted cases over devices and days: one case per device while devices last,
 * alternating days, at varied hours. Blocks start on whole minutes that leave room for a block
 * before the next one.
 */
final class CasePlacer {
  private static final int[] MINUTES = {8, 23, 38};
  // Hour 0 stays free so a case can put a certificate row an hour before its block on the same day;
  // the last hour stays free so the hour-straddle case ends on the same day.
  private static final int FIRST_HOUR = 1;
  private static final int LAST_HOUR = 22;

  private CasePlacer() {}

  static List<DevicePlan> plan(
      GeneratorOptions options, List<Device> fleet, List<PlantedCase> cases) {
    // Not on a hot server: its tens of thousands of connections an hour would pair with a planted
    // child and push the child's SHA1 past the prevalence threshold, so the case would no longer
    // test what it says.
    List<Device> quiet = fleet.stream().filter(d -> !HotServer.isHot(d, options.volume())).toList();
    List<Device> servers = quiet.stream().filter(Device::isServer).toList();
    Map<Integer, List<Placement>> byDevice = new HashMap<>();
    Set<String> usedSlots = new HashSet<>();
    Map<String, Set<Long>> hoursOfHashGroup = new HashMap<>();
    long lakeStart = Micros.startOf(options.startDate());
    int nextAny = 0;
    int nextServer = 0;
    for (int i = 0; i < cases.size(); i++) {
      PlantedCase c = cases.get(i);
      int day = i % options.days();
      List<Device> pool = c.serverOnly() ? servers : quiet;
      int first = c.serverOnly() ? nextServer++ : nextAny++;
      Set<Long> groupHours =
          c.hashGroup() == null
              ? new HashSet<>()
              : hoursOfHashGroup.computeIfAbsent(c.hashGroup(), g -> new HashSet<>());
      Placement placement = null;
      for (int k = 0; k < pool.size() && placement == null; k++) {
        Device d = pool.get((first + k) % pool.size());
        placement = freeBlock(c, i, d, day, lakeStart, usedSlots, groupHours);
        if (placement != null) {
          byDevice.computeIfAbsent(d.index(), x -> new ArrayList<>()).add(placement);
        }
      }
      if (placement == null) {
        throw new IllegalStateException(
            "no room for planted case " + c.caseId() + "; use more devices or days");
      }
    }
    List<DevicePlan> plans = new ArrayList<>(fleet.size());
    for (Device d : fleet) {
      plans.add(new DevicePlan(options, d, byDevice.getOrDefault(d.index(), List.of())));
    }
    return plans;
  }

  // Cases sharing a hash must sit in different hours of the whole lake: the rule counts pairs per
  // hour.
  private static Placement freeBlock(
      PlantedCase c,
      int caseIndex,
      Device d,
      int day,
      long lakeStart,
      Set<String> usedSlots,
      Set<Long> groupHours) {
    int[] minutes =
        c.blockMinute() == PlantedCase.ANY_MINUTE ? MINUTES : new int[] {c.blockMinute()};
    int hours = LAST_HOUR - FIRST_HOUR + 1;
    for (int minute : minutes) {
      for (int k = 0; k < hours; k++) {
        int hour = FIRST_HOUR + (caseIndex * 7 + k) % hours;
        long lakeHour = day * 24L + hour;
        String slot = d.index() + "|" + lakeHour + "|" + minute;
        if (usedSlots.contains(slot) || groupHours.contains(lakeHour)) {
          continue;
        }
        usedSlots.add(slot);
        groupHours.add(lakeHour);
        return new Placement(
            c.caseId(), lakeStart + lakeHour * Micros.HOUR + minute * Micros.MINUTE);
      }
    }
    return null;
  }
}
