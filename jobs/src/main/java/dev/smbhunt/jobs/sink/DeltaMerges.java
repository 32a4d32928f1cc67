package dev.smbhunt.jobs.sink;

import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The insert-only MERGE every exactly-once table of the project is written with: a source row whose key
 * is already in the table is skipped, so writing the same rows again commits nothing new.
 */
public final class DeltaMerges {
  private DeltaMerges() {}

  /**
   * Inserts the rows of {@code source} (aliased {@code s}) with no match in {@code table} (aliased
   * {@code t}) under {@code sameRow}; returns how many were inserted.
   */
  public static long insertNew(DeltaTable table, Dataset<Row> source, Column sameRow) {
    long before = version(table);
    table.as("t").merge(source.as("s"), sameRow).whenNotMatched().insertAll().execute();
    // A MERGE that changes nothing may commit nothing: then the last commit is not ours.
    return version(table) == before ? 0 : lastInserted(table);
  }

  private static long version(DeltaTable table) {
    return table.history(1).select("version").first().getLong(0);
  }

  private static long lastInserted(DeltaTable table) {
    Row last = table.history(1).select("operation", "operationMetrics").first();
    Map<String, String> metrics = last.getJavaMap(1);
    String inserted = metrics == null ? null : metrics.get("numTargetRowsInserted");
    return inserted == null ? 0 : Long.parseLong(inserted);
  }
}
