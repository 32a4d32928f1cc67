package dev.smbhunt.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of every log and report: a setting whose key names a secret (in our
 * settings and in {@code spark.conf}, e.g. {@code spark.hadoop.fs.s3a.secret.key}, {@code
 * fs.azure.account.key.<account>}, {@code fs.azure.sas.<container>}, an OAuth client secret) is
 * shown as {@value #MASK}.
 */
public final class Secrets {
  public static final String MASK = "*****";

  // Matched on the whole key, case-insensitive: "secret", "password", "token", "credential", "sas",
  // "access.key", "account.key" (and their dashed or underscored spellings).
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "secret|password|passwd|token|credential|(^|[._-])sas([._-]|$)|access[._-]?key|account[._-]?key",
          Pattern.CASE_INSENSITIVE);

  private Secrets() {}

  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /** {@code config} with the value of every secret key replaced by the mask. */
  public static Config masked(Config config) {
    Config out = config;
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : config.entrySet()) {
      if (isSecretKey(e.getKey())) {
        out = out.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(MASK));
      }
    }
    return out;
  }

  /**
   * A {@code key=value} argument as it may be shown: the value masked when the key names a secret.
   */
  public static String maskAssignment(String assignment) {
    int eq = assignment.indexOf('=');
    return eq > 0 && isSecretKey(assignment.substring(0, eq))
        ? assignment.substring(0, eq + 1) + MASK
        : assignment;
  }
}
