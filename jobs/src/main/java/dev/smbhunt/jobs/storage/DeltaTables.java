package dev.smbhunt.jobs.storage;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables we own (alerts, ledger, ingest state and lake), by location or by catalog name
 * alike.
 */
public final class DeltaTables {
  private DeltaTables() {}

  public static boolean exists(SparkSession spark, TableRef ref) {
    if (ref instanceof TableRef.At at) {
      return Storage.of(spark).hasDeltaCommit(at.location());
    }
    return spark.catalog().tableExists(((TableRef.Named) ref).name());
  }

  public static Dataset<Row> read(SparkSession spark, TableRef ref) {
    if (ref instanceof TableRef.At at) {
      return spark.read().format("delta").load(at.location().uri());
    }
    return spark.table(((TableRef.Named) ref).name());
  }

  public static DeltaTable forRef(SparkSession spark, TableRef ref) {
    if (ref instanceof TableRef.At at) {
      return DeltaTable.forPath(spark, at.location().uri());
    }
    return DeltaTable.forName(spark, ((TableRef.Named) ref).name());
  }

  /** A builder creating the table if absent: at its location, or registered under its name. */
  public static DeltaTableBuilder createIfAbsent(
      SparkSession spark, TableRef ref, StructType schema) {
    DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).addColumns(schema);
    if (ref instanceof TableRef.At at) {
      return builder.location(at.location().uri());
    }
    return builder.tableName(((TableRef.Named) ref).name());
  }
}
