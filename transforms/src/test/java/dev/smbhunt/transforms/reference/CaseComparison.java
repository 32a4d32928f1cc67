package dev.smbhunt.transforms.reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Splits one Spark run's rows over many cases back to their cases (by the connection's time, each
 * case owning its range) and compares each case with what the reference expects.
 */
final class CaseComparison {
  static final int MAX_REPORTED_CASES = 5;

  final List<String> failures = new ArrayList<>();
  int mismatched;
  long expectedRows;
  long inputRows;

  CaseComparison(
      List<DiffCase> cases,
      List<List<Object>> sparkRows,
      Function<DiffCase, List<List<Object>>> expectedOf) {
    TreeMap<Instant, DiffCase> byStart = new TreeMap<>();
    cases.forEach(c -> byStart.put(c.rangeStart(), c));
    Map<DiffCase, List<List<Object>>> actualByCase = new IdentityHashMap<>();
    List<List<Object>> unattributed = new ArrayList<>();
    int timeColumn = KqlReference.RESULT_COLUMNS.indexOf("TimestampNetworkAct");
    for (List<Object> row : sparkRows) {
      Instant t = (Instant) row.get(timeColumn);
      Map.Entry<Instant, DiffCase> owner = t == null ? null : byStart.floorEntry(t);
      if (owner == null || !t.isBefore(owner.getValue().rangeEnd())) {
        unattributed.add(row);
      } else {
        actualByCase.computeIfAbsent(owner.getValue(), k -> new ArrayList<>()).add(row);
      }
    }
    for (DiffCase c : cases) {
      List<List<Object>> expected = expectedOf.apply(c);
      List<List<Object>> actual = actualByCase.getOrDefault(c, List.of());
      expectedRows += expected.size();
      inputRows += c.inputRows();
      RowDiff diff = RowDiff.of(expected, actual);
      if (!diff.isEmpty()) {
        mismatched++;
        if (mismatched <= MAX_REPORTED_CASES) {
          failures.add(diff.describe(c, KqlReference.RESULT_COLUMNS));
        }
      }
    }
    if (!unattributed.isEmpty()) {
      failures.add("Spark rows outside every case's range: " + unattributed);
    }
  }
}
