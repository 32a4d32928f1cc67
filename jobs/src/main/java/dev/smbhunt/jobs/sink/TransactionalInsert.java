package dev.smbhunt.jobs.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.smbhunt.jobs.spark.NamedCache;
import dev.smbhunt.jobs.storage.TableRef;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.OptimisticTransaction$;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.collection.immutable.Map;
import scala.collection.immutable.Map$;
import scala.collection.immutable.Set;

/**
 * An insert-only write into an existing Delta table, without a MERGE: one Delta transaction reads
 * the table's files in the partitions the new rows go to, drops the rows whose key is already there
 * (an anti-join) and appends the rest.
 *
 * <p>Exactly once, as a MERGE is: the transaction records its read of those partitions, so a
 * concurrent commit that added files to any of them makes this commit fail as a concurrent
 * modification (Delta's conflict check), and the caller runs it again against the new version. A
 * MERGE of a few alerts into a small table cost a one-hour run 5 to 8 s of planning and history
 * reads; this costs the one log replay both need and one append (docs/benchmark.md).
 */
final class TransactionalInsert {
  private TransactionalInsert() {}

  /**
   * What one insert did.
   *
   * @param tableRows the table's rows after it, when known exactly without another read: no other
   *     writer committed between its read and its commit, and every file carries its row count
   */
  record Result(long inserted, Long tableRows) {}

  /**
   * Appends the rows of {@code source} whose {@code keys} the table lacks.
   *
   * @param source persisted by the caller: it is read twice (its partitions, then the anti-join)
   * @param keys the columns identifying a row; {@code partitionColumn} among them
   * @param partitionColumn the table's one partition column, as {@code source} holds it
   */
  static Result insertNew(
      SparkSession spark,
      TableRef ref,
      Dataset<Row> source,
      List<String> keys,
      String partitionColumn) {
    DeltaLog log;
    Option<CatalogTable> catalogTable;
    if (ref instanceof TableRef.At at) {
      log = DeltaLog.forTable(spark, new Path(at.location().uri()));
      catalogTable = Option.empty();
    } else {
      CatalogTable table = catalogTable(spark, ((TableRef.Named) ref).name());
      log = DeltaLog.forTable(spark, table);
      catalogTable = Option.apply(table);
    }
    OptimisticTransaction txn = log.startTransaction(catalogTable, Option.empty());
    OptimisticTransaction$.MODULE$.setActive(txn);
    try {
      Seq<AddFile> files = txn.filterFiles(partitionsOf(source, partitionColumn));
      Dataset<Row> existing =
          log.createDataFrame(txn.snapshot(), files, false, Option.empty())
              .select(
                  keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
      Column sameKey = null;
      for (String k : keys) {
        Column one = source.col(k).equalTo(existing.col(k));
        sameKey = sameKey == null ? one : sameKey.and(one);
      }
      // Result-sized rows: one task writes them, one file per partition.
      Dataset<Row> fresh =
          NamedCache.persist(
              source.join(existing, sameKey, "left_anti").coalesce(1),
              "new alerts",
              StorageLevel.MEMORY_AND_DISK());
      try {
        long inserted = fresh.count();
        Long before = rowsIn(txn);
        if (inserted == 0) {
          return new Result(0, before); // a re-run of a range: nothing to commit
        }
        Seq<FileAction> written = txn.writeFiles(fresh);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Seq<Action> actions = (Seq) written;
        long version =
            txn.commit(
                actions,
                new DeltaOperations.Write(
                    SaveMode.Append,
                    Option.apply(JavaConverters.asScalaBuffer(List.of(partitionColumn)).toSeq()),
                    Option.empty(),
                    Option.empty()));
        boolean alone = version == txn.readVersion() + 1;
        return new Result(inserted, alone && before != null ? before + inserted : null);
      } finally {
        fresh.unpersist();
      }
    } finally {
      OptimisticTransaction$.MODULE$.clearActive();
    }
  }

  private static CatalogTable catalogTable(SparkSession spark, String name) {
    try {
      TableIdentifier id = spark.sessionState().sqlParser().parseTableIdentifier(name);
      return spark.sessionState().catalog().getTableMetadata(id);
    } catch (Exception e) { // Scala's checked ParseException and NoSuchTableException, undeclared
      throw new IllegalStateException("table " + name + " in the catalog: " + e.getMessage(), e);
    }
  }

  /**
   * The partition values {@code source} writes to, as Delta records them in {@code
   * partitionValues}: the column's value as a string.
   */
  private static Set<Map<String, String>> partitionsOf(Dataset<Row> source, String column) {
    java.util.Set<Map<String, String>> partitions = new java.util.HashSet<>();
    for (Row r : source.select(col(column).cast("string")).distinct().collectAsList()) {
      Map<String, String> none = Map$.MODULE$.empty();
      partitions.add(none.$plus(new Tuple2<>(column, r.getString(0))));
    }
    return JavaConverters.asScalaSet(partitions).toSet();
  }

  /**
   * The table's rows at the transaction's read version, from the row counts Delta keeps per file;
   * null when a file has none (statistics turned off when it was written).
   */
  private static Long rowsIn(OptimisticTransaction txn) {
    Column records = get_json_object(col("stats"), "$.numRecords").cast("long");
    Row r =
        txn.snapshot()
            .allFiles()
            .toDF()
            .agg(sum(records), sum(when(records.isNull(), 1).otherwise(0)))
            .first();
    if (r.isNullAt(0)) {
      return r.isNullAt(1) ? 0L : null; // no files at all, or none with a count
    }
    return r.getLong(1) == 0 ? r.getLong(0) : null;
  }
}
