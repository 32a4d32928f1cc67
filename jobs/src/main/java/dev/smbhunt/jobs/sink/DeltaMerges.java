package dev.smbhunt.jobs.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.smbhunt.jobs.storage.DeltaTables;
import dev.smbhunt.jobs.storage.TableRef;
import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The insert-only MERGE every exactly-once table of the project is written with: a source row whose
 * key is already in the table is skipped, so writing the same rows again commits nothing new.
 *
 * <p>Each MERGE runs in a child session whose commits carry a tag of their own ({@code
 * userMetadata}), so the count it reports is read from its own commit, even when other writers
 * commit to the table between the MERGE and that read.
 */
public final class DeltaMerges {
  /**
   * Delta's session keys: the commit's user metadata, and the version the session last committed.
   */
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  private static final String LAST_COMMIT_VERSION =
      "spark.databricks.delta.lastCommitVersionInSession";

  /**
   * Commits looked at first when finding our own; a longer history is read only if it is not there.
   */
  private static final int RECENT_COMMITS = 20;

  private DeltaMerges() {}

  /**
   * Inserts the rows of {@code source} (aliased {@code s}) with no match in the existing Delta
   * table {@code ref} (aliased {@code t}) under {@code sameRow}; returns the count of its own
   * commit.
   */
  public static long insertNew(
      SparkSession spark, TableRef ref, Dataset<Row> source, Column sameRow) {
    String tag = "smb-hunt merge " + UUID.randomUUID();
    SparkSession tagged = taggedSession(spark, tag);
    DeltaTable table = DeltaTables.forRef(tagged, ref);
    table.as("t").merge(source.as("s"), sameRow).whenNotMatched().insertAll().execute();
    // Delta records the version in the session that committed: only this MERGE committed in this
    // one.
    scala.Option<String> version = tagged.conf().getOption(LAST_COMMIT_VERSION);
    if (version.isEmpty()) {
      return 0; // a MERGE that matches every row commits nothing
    }
    return inserted(table, tag);
  }

  /**
   * A child session for one commit: the parent's settings (a notebook's runtime credentials among
   * them), plus the commit's tag. Concurrent writers of one session each get their own, so tags
   * never mix.
   */
  private static SparkSession taggedSession(SparkSession spark, String tag) {
    SparkSession child = spark.newSession();
    scala.collection.Iterator<Tuple2<String, String>> all = spark.conf().getAll().iterator();
    while (all.hasNext()) {
      Tuple2<String, String> e = all.next();
      if (spark.conf().isModifiable(e._1()) && !e._1().equals(LAST_COMMIT_VERSION)) {
        child.conf().set(e._1(), e._2());
      }
    }
    child.conf().set(USER_METADATA, tag);
    return child;
  }

  private static long inserted(DeltaTable table, String tag) {
    Column ours = col("userMetadata").equalTo(lit(tag));
    List<Row> found =
        table.history(RECENT_COMMITS).filter(ours).select("operationMetrics").collectAsList();
    if (found.isEmpty()) { // more than RECENT_COMMITS commits landed after ours: read them all
      found = table.history().filter(ours).select("operationMetrics").collectAsList();
    }
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "Delta reported a commit tagged '" + tag + "' that its history does not hold");
    }
    Map<String, String> metrics = found.get(0).getJavaMap(0);
    String inserted = metrics == null ? null : metrics.get("numTargetRowsInserted");
    return inserted == null ? 0 : Long.parseLong(inserted);
  }
}
