package dev.smbhunt.transforms.smb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Every intermediate of one hunt, lazily defined: nothing runs until a Dataset is acted on. The job
 * uses {@link #alerts()}; a notebook can look at any stage.
 */
public record HuntStages(
    Dataset<Row> networkEvents,
    Dataset<Row> serviceStarts,
    Dataset<Row> pairsBeforeTimeFilter,
    Dataset<Row> pairs,
    Dataset<Row> sha1Counts,
    Dataset<Row> certifiedSha1s,
    Dataset<Row> rareSha1s,
    Dataset<Row> results,
    Dataset<Row> alerts) {

  /** The rule's own output: exactly the KQL result columns, in KQL order. */
  public Dataset<Row> kqlResult() {
    List<String> names = HuntColumns.resultColumns();
    return results.select(names.stream().map(functions::col).toArray(Column[]::new));
  }

  /** The stages by name, in pipeline order. */
  public Map<String, Dataset<Row>> byName() {
    Map<String, Dataset<Row>> m = new LinkedHashMap<>();
    m.put("networkEvents", networkEvents);
    m.put("serviceStarts", serviceStarts);
    m.put("pairsBeforeTimeFilter", pairsBeforeTimeFilter);
    m.put("pairs", pairs);
    m.put("sha1Counts", sha1Counts);
    m.put("certifiedSha1s", certifiedSha1s);
    m.put("rareSha1s", rareSha1s);
    m.put("results", results);
    m.put("alerts", alerts);
    return m;
  }
}
