package dev.smbhunt.transforms.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The multiset difference of two row lists, and a report a person can read. */
record RowDiff(List<List<Object>> missing, List<List<Object>> unexpected) {

  static RowDiff of(List<List<Object>> expected, List<List<Object>> actual) {
    Map<List<Object>, Integer> balance = new HashMap<>();
    expected.forEach(r -> balance.merge(r, 1, Integer::sum));
    actual.forEach(r -> balance.merge(r, -1, Integer::sum));
    List<List<Object>> missing = new ArrayList<>();
    List<List<Object>> unexpected = new ArrayList<>();
    balance.forEach(
        (row, n) -> {
          for (int i = 0; i < n; i++) {
            missing.add(row);
          }
          for (int i = 0; i < -n; i++) {
            unexpected.add(row);
          }
        });
    return new RowDiff(missing, unexpected);
  }

  boolean isEmpty() {
    return missing.isEmpty() && unexpected.isEmpty();
  }

  /**
   * Each missing row with the columns in which the closest unexpected row differs, then the input.
   */
  String describe(DiffCase c, List<String> columns) {
    StringBuilder s = new StringBuilder();
    s.append("=== ")
        .append(c.label())
        .append(" [")
        .append(c.rangeStart())
        .append(", ")
        .append(c.rangeEnd())
        .append("): ")
        .append(missing.size())
        .append(" rows only in the reference, ")
        .append(unexpected.size())
        .append(" only in Spark\n");
    for (List<Object> row : missing) {
      s.append("  reference only: ").append(compact(row, columns)).append('\n');
      List<Object> closest = closest(row, unexpected);
      if (closest != null) {
        s.append("    closest Spark row differs in:");
        for (int i = 0; i < columns.size(); i++) {
          if (!java.util.Objects.equals(row.get(i), closest.get(i))) {
            s.append(' ')
                .append(columns.get(i))
                .append(" (reference ")
                .append(show(row.get(i)))
                .append(", Spark ")
                .append(show(closest.get(i)))
                .append(')');
          }
        }
        s.append('\n');
      }
    }
    for (List<Object> row : unexpected) {
      s.append("  Spark only:     ").append(compact(row, columns)).append('\n');
    }
    s.append("  input DeviceNetworkEvents:\n");
    c.network().forEach(e -> s.append("    ").append(e).append('\n'));
    s.append("  input DeviceProcessEvents:\n");
    c.process().forEach(e -> s.append("    ").append(e).append('\n'));
    s.append("  input DeviceFileCertificateInfo:\n");
    c.certificates().forEach(e -> s.append("    ").append(e).append('\n'));
    return s.toString();
  }

  private static List<Object> closest(List<Object> row, List<List<Object>> candidates) {
    List<Object> best = null;
    int bestSame = -1;
    for (List<Object> candidate : candidates) {
      int same = 0;
      for (int i = 0; i < row.size(); i++) {
        if (java.util.Objects.equals(row.get(i), candidate.get(i))) {
          same++;
        }
      }
      if (same > bestSame) {
        best = candidate;
        bestSame = same;
      }
    }
    return best;
  }

  /** Non-null columns only: most of the 55 are absent from the input and null on both sides. */
  private static String compact(List<Object> row, List<String> columns) {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < columns.size(); i++) {
      if (row.get(i) != null) {
        s.append(s.length() > 1 ? ", " : "")
            .append(columns.get(i))
            .append('=')
            .append(show(row.get(i)));
      }
    }
    return s.append('}').toString();
  }

  private static String show(Object v) {
    return v instanceof String str ? '"' + str + '"' : String.valueOf(v);
  }
}
