package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Section;
import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.generate.LakeFormat;

/**
 * {@code demo}: the demo's own small lake and where its alerts and ledger go.
 *
 * @param show alerts printed at the end
 */
public record DemoSettings(
    String lake, String output, int devices, int days, long seed, LakeFormat format, int show) {

  public static DemoSettings from(Settings settings) {
    Section d = settings.section("demo");
    return new DemoSettings(
        d.getString("lake"),
        d.getString("output"),
        d.getInt("devices"),
        d.getInt("days"),
        d.getLong("seed"),
        d.getEnum("format", LakeFormat.class),
        d.getInt("show"));
  }
}
