package dev.smbhunt.jobs.generate;

import dev.smbhunt.jobs.config.Settings;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate. The same options always produce the same rows: every random choice is drawn from
 * generators seeded by {@code seed} and the device, never from the clock.
 *
 * @param devices number of devices in the fleet (about one in five is a server)
 * @param days number of UTC days, starting at {@code startDate}
 * @param seed the seed of every random choice
 * @param format Parquet or Delta
 * @param startDate the first UTC day of the lake
 */
public record GeneratorOptions(int devices, int days, long seed, LakeFormat format, LocalDate startDate)
    implements Serializable {

  /** Enough for a few hundred million rows; beyond that the per-device plan list itself gets unwieldy. */
  public static final int MAX_DEVICES = 1_000_000;
  public static final int MAX_DAYS = 366;

  public GeneratorOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(startDate, "startDate");
    if (devices < 1 || devices > MAX_DEVICES) {
      throw new IllegalArgumentException("devices must be in 1.." + MAX_DEVICES + ", got " + devices);
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be in 1.." + MAX_DAYS + ", got " + days);
    }
  }

  /** The configured defaults ({@code smb-hunt.generate} in reference.conf). */
  public static GeneratorOptions from(Settings.Generate g) {
    return new GeneratorOptions(g.devices(), g.days(), g.seed(), LakeFormat.parse(g.format()), g.startDate());
  }

  public GeneratorOptions withDevices(int n) {
    return new GeneratorOptions(n, days, seed, format, startDate);
  }

  public GeneratorOptions withDays(int n) {
    return new GeneratorOptions(devices, n, seed, format, startDate);
  }

  public GeneratorOptions withSeed(long s) {
    return new GeneratorOptions(devices, days, s, format, startDate);
  }

  public GeneratorOptions withFormat(LakeFormat f) {
    return new GeneratorOptions(devices, days, seed, f, startDate);
  }

  public GeneratorOptions withStartDate(LocalDate d) {
    return new GeneratorOptions(devices, days, seed, format, d);
  }
}
