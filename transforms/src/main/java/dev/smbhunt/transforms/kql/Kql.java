package dev.smbhunt.transforms.kql;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.unix_seconds;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * KQL scalar semantics expressed as Spark {@link Column}s (docs/semantics.md: datetime_diff, string
 * comparison and nulls).
 *
 * <p>Every helper is a built-in expression: no UDF, so Catalyst can push and prune through them.
 */
public final class Kql {
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

  private Kql() {}

  /**
   * Folds ASCII letters only, as KQL's case-insensitive operators do; other characters stay
   * (docs/semantics.md: `=~` folds ASCII only).
   */
  public static Column asciiLower(Column value) {
    return translate(value, UPPER, LOWER);
  }

  /** The same fold for a literal, independent of the JVM locale. */
  public static String asciiLower(String value) {
    StringBuilder folded = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return folded.toString();
  }

  /** {@code a =~ "lit"}: whole-string, ASCII-case-insensitive equality. */
  public static Column equalsIgnoreCase(Column value, String literal) {
    return inIgnoreCase(value, List.of(literal));
  }

  /** {@code a !~ "lit"}. Input strings are never null after {@link #emptyIfNull}, as in KQL. */
  public static Column notEqualsIgnoreCase(Column value, String literal) {
    return asciiLower(value).notEqual(lit(asciiLower(literal)));
  }

  /** {@code a in~ (list)}: ASCII-case-insensitive membership. */
  public static Column inIgnoreCase(Column value, List<String> literals) {
    Object[] folded = literals.stream().map(Kql::asciiLower).distinct().toArray();
    Column matches = asciiLower(value).isin(folded);
    if (!literals.stream().allMatch(Kql::isAscii)) {
      return matches;
    }
    // A cheap necessary condition first, so the costly fold runs only on the few rows that pass it
    // (And short-circuits): a value that folds to an ASCII literal is itself ASCII, and on ASCII
    // Spark's lower() is exactly the ASCII fold. lower() alone would be wrong on other values: it
    // also folds non-ASCII letters, the Kelvin sign to "k" among them.
    return lower(value).isin(folded).and(matches);
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  /**
   * {@code datetime_diff("Second", a, b)}: counts second boundaries, {@code floor(a) - floor(b)}.
   * Not {@code timestampdiff}, which truncates elapsed time. Null in, null out.
   */
  public static Column datetimeDiffSeconds(Column a, Column b) {
    return unix_seconds(a).minus(unix_seconds(b));
  }

  /** KQL strings have no null: a missing string is {@code ""}. */
  public static Column emptyIfNull(Column value) {
    return coalesce(value, lit(""));
  }
}
