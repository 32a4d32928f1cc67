package dev.smbhunt.jobs.generate;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * How much background a lake has: a scale factor on every device's background volume, drawn per
 * device from a heavy-tailed (Pareto) weight, and a few "hot" servers that receive a steady stream
 * of services.exe inbound connections and service starts under one services.exe PID (the skew
 * case).
 *
 * @param scale multiplies every device's background events per day
 * @param hotServers how many of the fleet's servers are hot (the first ones)
 * @param hotConnectionsPerHour services.exe inbound connections per hour on a hot server
 * @param hotStartsPerHour service starts per hour on a hot server
 */
public record Volume(double scale, int hotServers, int hotConnectionsPerHour, int hotStartsPerHour)
    implements Serializable {
  /** The unscaled fleet: what {@code GeneratorOptions} without a volume means. */
  public static final Volume UNSCALED = new Volume(1.0, 0, 0, 0);

  // Pareto shape: a few devices carry most of the volume, as in real fleets; capped so one device
  // stays one task's worth of memory.
  private static final double PARETO_SHAPE = 1.5;
  private static final double MAX_WEIGHT = 40.0;

  public Volume {
    if (!(scale > 0) || scale > 10_000) {
      throw new IllegalArgumentException("scale must be in (0, 10000], got " + scale);
    }
    if (hotServers < 0 || hotConnectionsPerHour < 0 || hotStartsPerHour < 0) {
      throw new IllegalArgumentException("hot-server settings must be >= 0");
    }
  }

  /** A device's background multiplier: scale times a Pareto weight with mean about 1. */
  double deviceFactor(SplittableRandom rng) {
    double minimum = (PARETO_SHAPE - 1) / PARETO_SHAPE;
    double weight = minimum / Math.pow(1.0 - rng.nextDouble(), 1.0 / PARETO_SHAPE);
    return scale * Math.min(MAX_WEIGHT, weight);
  }

  public Volume withScale(double s) {
    return new Volume(s, hotServers, hotConnectionsPerHour, hotStartsPerHour);
  }

  public Volume withHotServers(int n) {
    return new Volume(scale, n, hotConnectionsPerHour, hotStartsPerHour);
  }
}
