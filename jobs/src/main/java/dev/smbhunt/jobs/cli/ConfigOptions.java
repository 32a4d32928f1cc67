package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Secrets;
import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -c} and {@code --set}, shared by every command. */
public final class ConfigOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "HOCON file layered over the defaults (conf/reference.conf), e.g. conf/env/laptop.conf.")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override one setting, applied after -c; repeatable. The smb-hunt. prefix is optional, "
              + "e.g. --set rule.prevalence-threshold=50")
  List<String> overrides = new ArrayList<>();

  /** The options as given, to record the exact command in reports. */
  List<String> arguments() {
    List<String> args = new ArrayList<>();
    if (configFile != null) {
      args.add("-c " + configFile);
    }
    overrides.forEach(o -> args.add("--set " + Secrets.maskAssignment(o)));
    return args;
  }

  Settings load() {
    return SettingsLoader.load(configFile, overrides);
  }
}
