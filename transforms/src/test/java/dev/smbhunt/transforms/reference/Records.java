package dev.smbhunt.transforms.reference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Records {
  private Records() {}

  /** Name-to-value, in column order; null values are kept (a {@code Map.of} would reject them). */
  static Map<String, Object> zip(List<String> names, List<Object> values) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      row.put(names.get(i), values.get(i));
    }
    return row;
  }
}
