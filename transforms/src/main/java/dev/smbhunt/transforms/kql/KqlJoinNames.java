package dev.smbhunt.transforms.kql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KQL's naming of join output columns: left columns keep their names, and a right column whose name
 * is taken gets the smallest numeric suffix {@code n >= 1} that is still free, appended as is
 * (docs/semantics.md: join output column names, the language service's {@code
 * MakeColumnNamesUnique} / {@code UniqueNameTable}). Every original name, right side included, is
 * reserved before any renaming, so {@code [c] + [c, c1]} gives {@code [c, c2, c1]}, not {@code [c,
 * c1, c11]}.
 */
public final class KqlJoinNames {
  private KqlJoinNames() {}

  /** Maps each right-side column name to its output name, in right-side order. */
  public static Map<String, String> rightSideNames(
      List<String> leftColumns, List<String> rightColumns) {
    Set<String> taken = new HashSet<>(leftColumns);
    taken.addAll(rightColumns);
    Set<String> seen = new HashSet<>(leftColumns);
    Map<String, String> renamed = new LinkedHashMap<>();
    for (String column : rightColumns) {
      String unique = column;
      if (!seen.add(column)) {
        int n = 1;
        while (taken.contains(column + n)) {
          n++;
        }
        unique = column + n;
        taken.add(unique);
      }
      renamed.put(column, unique);
    }
    return renamed;
  }

  /** The full output column list: left columns, then the renamed right columns. */
  public static List<String> outputColumns(List<String> leftColumns, List<String> rightColumns) {
    List<String> all = new ArrayList<>(leftColumns);
    all.addAll(rightSideNames(leftColumns, rightColumns).values());
    return all;
  }
}
