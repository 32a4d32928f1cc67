package dev.smbhunt.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import dev.smbhunt.jobs.sink.DeltaMerges;
import dev.smbhunt.jobs.storage.DeltaTables;
import dev.smbhunt.jobs.storage.TableRef;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table of export files already ingested. A file is recorded only after its records are
 * in the lake, so a run that dies before that reads the file again, and the lake's insert-only
 * MERGE makes the second read add nothing twice.
 */
final class IngestManifest {
  static final StructType SCHEMA =
      new StructType()
          .add("Path", DataTypes.StringType)
          .add("Size", DataTypes.LongType)
          .add("ModifiedMillis", DataTypes.LongType)
          .add("Format", DataTypes.StringType)
          .add("RunId", DataTypes.StringType)
          .add("IngestedAt", DataTypes.TimestampType);

  private IngestManifest() {}

  /**
   * The listed files that the manifest does not hold yet (a grown file is new). The manifest is
   * file-sized.
   */
  static List<SourceFile> unprocessed(
      SparkSession spark, TableRef manifest, List<SourceFile> listed) {
    if (!DeltaTables.exists(spark, manifest)) {
      return listed;
    }
    Set<SourceFile> done = new HashSet<>();
    for (Row r :
        DeltaTables.read(spark, manifest)
            .select("Path", "Size", "ModifiedMillis")
            .collectAsList()) {
      done.add(new SourceFile(r.getString(0), r.getLong(1), r.getLong(2)));
    }
    return listed.stream().filter(f -> !done.contains(f)).toList();
  }

  static void record(
      SparkSession spark,
      TableRef manifest,
      List<SourceFile> files,
      String format,
      String runId,
      Instant at) {
    List<Row> rows = new ArrayList<>();
    for (SourceFile f : files) {
      rows.add(
          RowFactory.create(
              f.path(), f.size(), f.modifiedMillis(), format, runId, Timestamp.from(at)));
    }
    DeltaTables.createIfAbsent(spark, manifest, SCHEMA).execute();
    // A file version is processed once, whichever run recorded it.
    Column sameFile =
        col("t.Path")
            .equalTo(col("s.Path"))
            .and(col("t.Size").equalTo(col("s.Size")))
            .and(col("t.ModifiedMillis").equalTo(col("s.ModifiedMillis")));
    DeltaMerges.insertNew(spark, manifest, spark.createDataFrame(rows, SCHEMA), sameFile);
  }
}
