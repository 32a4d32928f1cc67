package dev.smbhunt.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Layers configuration, lowest first: {@code reference.conf}; the application config Typesafe
 * Config finds ({@code -Dconfig.file}, {@code -Dconfig.resource}, {@code -Dconfig.url}, else an
 * {@code application.conf} on the classpath), which is how spark-submit's {@code --files} hands a
 * file to a driver; the {@code -c} file; {@code -Dsmb-hunt.*} system properties; each {@code
 * --set}.
 */
public final class SettingsLoader {
  private SettingsLoader() {}

  /**
   * @param file the {@code -c} file, or null
   * @param overrides {@code key=value} pairs; a key without the {@code smb-hunt.} prefix gets it
   */
  public static Settings load(Path file, List<String> overrides) {
    ConfigFactory.invalidateCaches(); // system properties are read afresh on every load
    Config layered = ConfigFactory.empty();
    for (String override : overrides) {
      layered = parseOverride(override).withFallback(layered);
    }
    layered = layered.withFallback(ConfigFactory.defaultOverrides().withOnlyPath(Settings.ROOT));
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException.Generic(
            "config file " + file.toAbsolutePath() + " (-c) does not exist");
      }
      layered =
          layered.withFallback(
              ConfigFactory.parseFile(
                  file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
    }
    Config reference = ConfigFactory.defaultReference();
    Config given =
        layered.withFallback(ConfigFactory.defaultApplication().withOnlyPath(Settings.ROOT));
    Config resolved = given.withFallback(reference).resolve();
    // Only what was given is checked (resolved, so substitutions count), against what
    // reference.conf declares. The declared keys come from reference.conf itself:
    // defaultReference() has system properties merged in.
    UnknownKeys.reject(
        resolved.withOnlyPath(Settings.ROOT).getConfig(Settings.ROOT),
        ConfigFactory.parseResources(SettingsLoader.class.getClassLoader(), "reference.conf")
            .resolve()
            .getConfig(Settings.ROOT));
    return Settings.from(resolved);
  }

  static Config parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException.BadValue("--set", "expected key=value, got '" + override + "'");
    }
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    // Validates the key as a path expression, so a value can never smuggle in another key.
    List<String> path = ConfigUtil.splitPath(key);
    String fullKey = path.get(0).equals(Settings.ROOT) ? key : Settings.ROOT + "." + key;
    Config parsedValue;
    try {
      parsedValue =
          ConfigFactory.parseString(
              "v = " + value, ConfigParseOptions.defaults().setOriginDescription("--set " + key));
    } catch (ConfigException e) {
      // Not HOCON (e.g. a Windows path): take the text literally.
      return ConfigFactory.empty()
          .withValue(
              fullKey, com.typesafe.config.ConfigValueFactory.fromAnyRef(value, "--set " + key));
    }
    if (parsedValue.root().size() != 1) {
      throw new ConfigException.BadValue(
          "--set", "value of " + key + " must be a single value: '" + value + "'");
    }
    return ConfigFactory.empty().withValue(fullKey, parsedValue.getValue("v"));
  }
}
