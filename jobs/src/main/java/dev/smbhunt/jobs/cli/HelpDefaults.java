package dev.smbhunt.jobs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * The defaults of {@code reference.conf}, for help texts: an option's description says {@code
 * ${bundle:default.generate.days}} and the help shows the value (2), not the key. Keys carry the
 * {@code default.} prefix so that none equals an option's name, which picocli would take as that
 * option's description.
 */
final class HelpDefaults extends ResourceBundle {
  static final String PREFIX = "default.";
  private final Config defaults = ConfigFactory.defaultReference().getConfig("smb-hunt");

  @Override
  protected Object handleGetObject(String key) {
    if (!key.startsWith(PREFIX) || !defaults.hasPath(key.substring(PREFIX.length()))) {
      return null;
    }
    return render(defaults.getValue(key.substring(PREFIX.length())));
  }

  @Override
  protected java.util.Set<String> handleKeySet() {
    return defaults.entrySet().stream().map(e -> PREFIX + e.getKey()).collect(Collectors.toSet());
  }

  @Override
  public Enumeration<String> getKeys() {
    return Collections.enumeration(handleKeySet());
  }

  /**
   * A string as itself ("" shown as ""), a list as {@code a,b}, anything else as HOCON renders it.
   */
  private static String render(ConfigValue v) {
    if (v.valueType() == ConfigValueType.STRING) {
      String s = (String) v.unwrapped();
      return s.isEmpty() ? "\"\"" : s;
    }
    if (v.valueType() == ConfigValueType.LIST) {
      return ((List<?>) v.unwrapped())
          .stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return v.render();
  }
}
