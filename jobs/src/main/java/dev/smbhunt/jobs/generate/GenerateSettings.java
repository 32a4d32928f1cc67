package dev.smbhunt.jobs.generate;

import dev.smbhunt.jobs.config.Section;
import dev.smbhunt.jobs.config.Settings;
import java.time.LocalDate;

/**
 * {@code generate}: the synthetic lake {@code bin/hunt generate} writes unless its options say
 * otherwise, and the start date and volume the demo and the bench share.
 */
public record GenerateSettings(
    int devices,
    int days,
    long seed,
    LakeFormat format,
    LocalDate startDate,
    double scale,
    int hotServers,
    int hotConnectionsPerHour,
    int hotStartsPerHour) {

  public static GenerateSettings from(Settings settings) {
    Section g = settings.section("generate");
    return new GenerateSettings(
        g.getInt("devices"),
        g.getInt("days"),
        g.getLong("seed"),
        g.getEnum("format", LakeFormat.class),
        g.getDate("start-date"),
        g.getDouble("scale"),
        g.getInt("hot-servers"),
        g.getInt("hot-connections-per-hour"),
        g.getInt("hot-starts-per-hour"));
  }
}
