package dev.smbhunt.jobs.generate;

import java.io.Serializable;
import java.util.List;

/** Everything needed to generate one device's rows, anywhere: the unit of parallel work. */
record DevicePlan(GeneratorOptions options, Device device, List<Placement> placements)
    implements Serializable {
  DevicePlan {
    placements = List.copyOf(placements);
  }
}
