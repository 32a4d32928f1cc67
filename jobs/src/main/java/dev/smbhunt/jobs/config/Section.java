package dev.smbhunt.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A part of the settings tree that reads every value by its full key ({@code rule.window}, not
 * {@code window}), so that a wrong type or a bad value is reported as the key a user types, what
 * was expected, the value given and where it came from: {@code rule.window: expected a duration
 * such as 1h or 30m, got 'soon' (--set rule.window)}. Typesafe's own messages lead with the origin
 * of the merged tree and name the key relative to the sub-config it was read from.
 */
public final class Section {
  private final Config root;
  private final String prefix;

  /**
   * @param root the tree under {@code smb-hunt}
   */
  Section(Config root) {
    this(root, "");
  }

  private Section(Config root, String prefix) {
    this.root = root;
    this.prefix = prefix;
  }

  public Section section(String key) {
    return new Section(root, full(key) + ".");
  }

  String full(String key) {
    return prefix + key;
  }

  /** A free-form map (such as {@code spark.conf}), as Typesafe holds it. */
  public Config config(String key) {
    return read(key, "a block of settings", root::getConfig);
  }

  public String getString(String key) {
    return read(key, "a string", root::getString);
  }

  public int getInt(String key) {
    return read(key, "a whole number", root::getInt);
  }

  public long getLong(String key) {
    return read(key, "a whole number", root::getLong);
  }

  public double getDouble(String key) {
    return read(key, "a number", root::getDouble);
  }

  public boolean getBoolean(String key) {
    return read(key, "true or false", root::getBoolean);
  }

  public Duration getDuration(String key) {
    return read(key, "a duration such as 1h or 30m", root::getDuration);
  }

  public List<String> getStringList(String key) {
    return List.copyOf(read(key, "a list of strings", root::getStringList));
  }

  public List<Integer> getIntList(String key) {
    return List.copyOf(read(key, "a list of whole numbers", root::getIntList));
  }

  public LocalDate getDate(String key) {
    String text = getString(key);
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw bad(key, "expected a yyyy-MM-dd date, got '" + text + "'");
    }
  }

  /**
   * The constant of {@code type} that {@code key} names, as its config name ({@link #configName}):
   * {@code hourly-files} for {@code HOURLY_FILES}. Case matters, as everywhere in the settings.
   */
  public <E extends Enum<E>> E getEnum(String key, Class<E> type) {
    String value = getString(key);
    E found = named(type, value);
    if (found == null) {
      throw bad(key, "expected " + alternatives(type.getEnumConstants()) + ", got '" + value + "'");
    }
    return found;
  }

  /** Every element of the list {@code key} as a constant of {@code type}, like {@link #getEnum}. */
  public <E extends Enum<E>> List<E> getEnumList(String key, Class<E> type) {
    List<E> out = new ArrayList<>();
    for (String value : getStringList(key)) {
      E found = named(type, value);
      if (found == null) {
        throw bad(
            key,
            "expected some of " + alternatives(type.getEnumConstants()) + ", got '" + value + "'");
      }
      out.add(found);
    }
    return List.copyOf(out);
  }

  /** The constant whose config name is {@code value}, or null. */
  private static <E extends Enum<E>> E named(Class<E> type, String value) {
    for (E constant : type.getEnumConstants()) {
      if (configName(constant).equals(value)) {
        return constant;
      }
    }
    return null;
  }

  /** How settings spell a constant: lower case, words joined by '-'. */
  public static String configName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** An error naming the full key, the problem, and where the value was set. */
  public ConfigException bad(String key, String problem) {
    String origin = root.hasPath(full(key)) ? where(root.getValue(full(key)).origin()) : "";
    return new ConfigException.Generic(full(key) + ": " + problem + origin);
  }

  private <T> T read(String key, String expected, Function<String, T> getter) {
    try {
      return getter.apply(full(key));
    } catch (ConfigException.Missing e) {
      throw new ConfigException.Generic(
          full(key)
              + ": missing (it has a default in conf/reference.conf;"
              + " was it set to null?)");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw bad(key, "expected " + expected + ", got " + shown(key));
    }
  }

  private String shown(String key) {
    if (Secrets.isSecretKey(full(key))) {
      return Secrets.MASK;
    }
    String rendered = root.getValue(full(key)).render(ConfigRenderOptions.concise());
    String text =
        rendered.startsWith("\"") && rendered.endsWith("\"") && rendered.length() >= 2
            ? rendered.substring(1, rendered.length() - 1)
            : rendered;
    return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
  }

  private static String alternatives(Enum<?>... allowed) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < allowed.length; i++) {
      out.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ")
          .append('\'')
          .append(configName(allowed[i]))
          .append('\'');
    }
    return out.toString();
  }

  /**
   * Where a value was set, as a user would look for it: a file and line, a --set or a system
   * property.
   */
  static String where(ConfigOrigin origin) {
    if (origin.filename() != null) {
      return " ("
          + origin.filename()
          + (origin.lineNumber() > 0 ? ", line " + origin.lineNumber() : "")
          + ")";
    }
    // Typesafe appends ": <line>" to a string's origin; the line of a one-line --set says nothing.
    String description = origin.description().replaceFirst(": \\d+$", "");
    return description.startsWith("--set") || description.startsWith("system propert")
        ? " (" + description + ")"
        : "";
  }
}
