package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Section;
import dev.smbhunt.jobs.config.Settings;

/**
 * {@code alerts-command}: how {@code bin/hunt alerts} prints when its options do not say.
 *
 * @param limit rows to print; 0 prints all
 */
record AlertsCommandSettings(AlertPrinter.Format format, int limit) {

  static AlertsCommandSettings from(Settings settings) {
    Section a = settings.section("alerts-command");
    int limit = a.getInt("limit");
    if (limit < 0) {
      throw a.bad("limit", "must be 0 (all) or more, got " + limit);
    }
    return new AlertsCommandSettings(a.getEnum("format", AlertPrinter.Format.class), limit);
  }
}
