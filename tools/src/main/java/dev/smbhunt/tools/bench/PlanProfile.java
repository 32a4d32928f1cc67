package dev.smbhunt.tools.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.collection.JavaConverters;

/**
 * The executed physical plan of a Dataset after its action, one operator per line with its SQL
 * metrics (rows, scan and operator times, spill, shuffle bytes): the Spark UI's SQL tab as text,
 * written next to the bench results so that a missed target can be traced to the operators where
 * the time goes.
 */
final class PlanProfile {
  private PlanProfile() {}

  static String of(String title, Dataset<?> executed) {
    StringBuilder out = new StringBuilder("== ").append(title).append(" ==\n");
    walk(executed.queryExecution().executedPlan(), 0, out);
    return out.toString();
  }

  private static void walk(SparkPlan node, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(node.nodeName());
    Map<String, SQLMetric> metrics = new TreeMap<>(JavaConverters.mapAsJavaMap(node.metrics()));
    StringBuilder shown = new StringBuilder();
    metrics.forEach(
        (key, metric) -> {
          long value = metric.value();
          if (value <= 0) {
            return;
          }
          String name = metric.name().isDefined() ? metric.name().get() : key;
          shown
              .append(shown.length() == 0 ? "  [" : ", ")
              .append(name)
              .append('=')
              .append(format(metric.metricType(), value));
        });
    if (shown.length() > 0) {
      out.append(shown).append(']');
    }
    out.append('\n');
    List<SparkPlan> children = JavaConverters.seqAsJavaList(node.children());
    for (SparkPlan child : children) {
      walk(child, depth + 1, out);
    }
  }

  private static String format(String type, long value) {
    return switch (type) {
      case "timing" -> String.format(Locale.ROOT, "%,d ms", value);
      case "nsTiming" -> String.format(Locale.ROOT, "%,d ms", value / 1_000_000);
      case "size" -> String.format(Locale.ROOT, "%,d MiB", value >> 20);
      default -> String.format(Locale.ROOT, "%,d", value);
    };
  }
}
