package dev.smbhunt.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses every setting under {@code smb-hunt} that {@code reference.conf} does not declare,
 * wherever it came from ({@code --set}, a {@code -c} file, {@code -Dsmb-hunt.*}, {@code
 * -Dconfig.file}): a misspelt key would otherwise run with the default and silently change the
 * alerts. {@code spark.conf} is free-form, for any Spark or Hadoop setting.
 */
final class UnknownKeys {
  private static final String FREE_FORM = "spark.conf.";

  private UnknownKeys() {}

  /**
   * @throws IllegalArgumentException naming the first unknown key, where it came from, and the
   *     nearest known one
   */
  static void reject(Config given, Config reference) {
    Set<String> known = new TreeSet<>();
    reference.entrySet().forEach(e -> known.add(e.getKey()));
    for (Map.Entry<String, ConfigValue> e : new java.util.TreeMap<>(toMap(given)).entrySet()) {
      String key = e.getKey();
      if (known.contains(key) || key.startsWith(FREE_FORM)) {
        continue;
      }
      String nearest = nearest(key, known);
      throw new IllegalArgumentException(
          "unknown setting '"
              + key
              + "'"
              + Section.where(e.getValue().origin())
              + (nearest == null
                  ? "; the settings are listed in conf/reference.conf"
                  : ": did you mean '" + nearest + "'?"));
    }
  }

  private static Map<String, ConfigValue> toMap(Config c) {
    Map<String, ConfigValue> m = new java.util.HashMap<>();
    c.entrySet().forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  /** The known key closest in edit distance, if it is close enough to be what was meant. */
  static String nearest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
