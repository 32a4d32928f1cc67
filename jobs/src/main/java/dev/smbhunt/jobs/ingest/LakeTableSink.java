package dev.smbhunt.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import dev.smbhunt.jobs.sink.DeltaMerges;
import dev.smbhunt.jobs.storage.DeltaTables;
import dev.smbhunt.jobs.storage.TableRef;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.schema.Schemas;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes typed rows into a lake table (Delta, partitioned by date, every documented column) by an
 * insert-only MERGE on the event key: an event already in the table, or twice in the batch, is
 * written once.
 */
final class LakeTableSink {
  private static final String ALL_COLUMNS = "*";

  private LakeTableSink() {}

  static StructType schema(MdeTable table, String partitionColumn) {
    return Schemas.nullable(table.schema().add(partitionColumn, DataTypes.StringType));
  }

  /**
   * @return rows inserted
   */
  static long merge(
      SparkSession spark,
      TableRef path,
      MdeTable table,
      String partitionColumn,
      Dataset<Row> typed,
      List<String> dedupKey) {
    List<String> key = dedupKey.equals(List.of(ALL_COLUMNS)) ? table.columnNames() : dedupKey;
    Column[] columns =
        Arrays.stream(schema(table, partitionColumn).fieldNames())
            .map(c -> col(c))
            .toArray(Column[]::new);
    Dataset<Row> rows = typed.select(columns).dropDuplicates(key.toArray(String[]::new));
    DeltaTables.createIfAbsent(spark, path, schema(table, partitionColumn))
        .partitionedBy(partitionColumn)
        .execute();
    // The partition column lets the MERGE skip other days; null-safe, because a key column may be
    // null and a null key must still match its own re-delivery.
    Column sameEvent = col("t." + partitionColumn).equalTo(col("s." + partitionColumn));
    for (String k : key) {
      sameEvent = sameEvent.and(col("t." + k).eqNullSafe(col("s." + k)));
    }
    return DeltaMerges.insertNew(spark, path, rows, sameEvent);
  }
}
