package dev.smbhunt.jobs.generate;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate. The same options always produce the same rows: every random choice is drawn
 * from generators seeded by {@code seed} and the device, never from the clock.
 *
 * @param devices number of devices in the fleet (about one in five is a server)
 * @param days number of UTC days, starting at {@code startDate}
 * @param seed the seed of every random choice
 * @param format Parquet or Delta
 * @param startDate the first UTC day of the lake
 * @param volume background scale, per-device heavy tail and hot servers
 */
public record GeneratorOptions(
    int devices, int days, long seed, LakeFormat format, LocalDate startDate, Volume volume)
    implements Serializable {

  /**
   * Enough for a few hundred million rows; beyond that the per-device plan list itself gets
   * unwieldy.
   */
  public static final int MAX_DEVICES = 1_000_000;

  public static final int MAX_DAYS = 366;

  public GeneratorOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(startDate, "startDate");
    Objects.requireNonNull(volume, "volume");
    if (devices < 1 || devices > MAX_DEVICES) {
      throw new IllegalArgumentException(
          "devices must be in 1.." + MAX_DEVICES + ", got " + devices);
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be in 1.." + MAX_DAYS + ", got " + days);
    }
  }

  /** An unscaled lake with no hot servers. */
  public GeneratorOptions(
      int devices, int days, long seed, LakeFormat format, LocalDate startDate) {
    this(devices, days, seed, format, startDate, Volume.UNSCALED);
  }

  /** The configured defaults ({@code smb-hunt.generate} in reference.conf). */
  public static GeneratorOptions from(GenerateSettings g) {
    return new GeneratorOptions(
        g.devices(), g.days(), g.seed(), g.format(), g.startDate(), volume(g));
  }

  /** The configured volume ({@code smb-hunt.generate.scale} and {@code hot-*}). */
  public static Volume volume(GenerateSettings g) {
    return new Volume(g.scale(), g.hotServers(), g.hotConnectionsPerHour(), g.hotStartsPerHour());
  }

  public GeneratorOptions withDevices(int n) {
    return new GeneratorOptions(n, days, seed, format, startDate, volume);
  }

  public GeneratorOptions withDays(int n) {
    return new GeneratorOptions(devices, n, seed, format, startDate, volume);
  }

  public GeneratorOptions withSeed(long s) {
    return new GeneratorOptions(devices, days, s, format, startDate, volume);
  }

  public GeneratorOptions withFormat(LakeFormat f) {
    return new GeneratorOptions(devices, days, seed, f, startDate, volume);
  }

  public GeneratorOptions withVolume(Volume v) {
    return new GeneratorOptions(devices, days, seed, format, startDate, v);
  }

  public GeneratorOptions withStartDate(LocalDate d) {
    return new GeneratorOptions(devices, days, seed, format, d, volume);
  }
}
