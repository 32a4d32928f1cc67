package dev.smbhunt.jobs.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates one device's lake rows and ground truth from its plan alone, so devices can be
 * generated in any order, on any executor, any number of times, with the same result.
 */
final class DeviceGenerator {
  private DeviceGenerator() {}

  static DeviceRows generate(DevicePlan plan) {
    GeneratorOptions options = plan.options();
    Device device = plan.device();
    long seed = options.seed();
    long lakeStart = Micros.startOf(options.startDate());
    SplittableRandom boots = Hashes.stream(seed, device.index(), "boots");
    DeviceTimeline timeline = new DeviceTimeline(Boots.initial(device, lakeStart, boots));
    DeviceLog log = new DeviceLog(device);

    // Planted blocks and their reboots come first: the background then fits around them.
    List<Placement> placements = new ArrayList<>(plan.placements());
    placements.sort(Comparator.comparingLong(Placement::blockStart));
    for (Placement p : placements) {
      PlantedCase c = PlantedCases.byId(p.caseId());
      timeline.claim(
          p.blockStart() - PlantedCase.BLOCK_LEAD, p.blockStart() + PlantedCase.BLOCK_LENGTH);
      if (c.reboot() != null) {
        long boot = p.blockStart() + c.reboot().rebootMillis() * Micros.MILLI;
        long servicesStart = p.blockStart() + c.reboot().servicesStartMillis() * Micros.MILLI;
        timeline.reboot(
            Boots.instance(
                boot, servicesStart, timeline.pids(), true, caseStream(seed, device, c)));
      }
    }
    Boots.plan(device, timeline, lakeStart, options.days(), boots);

    for (Placement p : placements) {
      PlantedCase c = PlantedCases.byId(p.caseId());
      c.planter()
          .plant(
              new CaseContext(
                  c, device, timeline, log, caseStream(seed, device, c), p.blockStart()));
    }
    Boots.emit(device, timeline, log, boots);
    ScmClusters.emit(
        device,
        timeline,
        log,
        lakeStart,
        options.days(),
        Hashes.stream(seed, device.index(), "scm"));
    double factor = options.volume().deviceFactor(Hashes.stream(seed, device.index(), "volume"));
    Noise.emit(
        device,
        timeline,
        log,
        lakeStart,
        options.days(),
        factor,
        Hashes.stream(seed, device.index(), "noise"));
    if (HotServer.isHot(device, options.volume())) {
      HotServer.emit(
          device,
          timeline,
          log,
          lakeStart,
          options.days(),
          options.volume(),
          Hashes.stream(seed, device.index(), "hot"));
    }
    return log.finish(seed);
  }

  private static SplittableRandom caseStream(long seed, Device device, PlantedCase c) {
    return Hashes.stream(seed, device.index(), "case|" + c.caseId());
  }
}
