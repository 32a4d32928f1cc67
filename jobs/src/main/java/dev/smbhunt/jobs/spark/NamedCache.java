package dev.smbhunt.jobs.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.CacheManager;
import org.apache.spark.sql.execution.CachedData;
import org.apache.spark.storage.StorageLevel;
import scala.Option;

/**
 * Persisting a Dataset without the two costs {@link Dataset#persist} adds on the driver, both of
 * which grow with the plan: an unnamed cache entry is labelled with the whole physical plan as
 * text, and every Dataset built on a persisted one carries the persisted plan in full, so each
 * later operation analyzes it again, and each action matches it against the cache node by node.
 *
 * <p>The rows are those {@code persist} gives: the same cache entry, released by {@link
 * Dataset#unpersist}, filled by the first action and read by every later one.
 */
public final class NamedCache {
  private NamedCache() {}

  /**
   * Persists {@code ds} under {@code name} (the label of its cached blocks) and returns {@code ds}.
   */
  public static Dataset<Row> persist(Dataset<Row> ds, String name, StorageLevel level) {
    cacheManager(ds).cacheQuery(ds, Option.apply(name), level);
    return ds;
  }

  /**
   * A Dataset of the cached rows of {@code persisted}, whose plan is the cache entry alone: the
   * plan {@code persisted} would have after Spark swaps in its cached data, without the plan behind
   * it. {@code persisted} itself if it is not cached. Its columns keep their identities, so a
   * column taken from {@code persisted} resolves against it.
   *
   * <p>Use it only while the entry is cached: once released, reading it would cache its rows again,
   * in an entry no one releases.
   */
  public static Dataset<Row> cachedRows(Dataset<Row> persisted) {
    Option<CachedData> cached = cacheManager(persisted).lookupCachedData(persisted);
    if (cached.isEmpty()) {
      return persisted;
    }
    return new Dataset<>(
        persisted.sparkSession(),
        cached.get().cachedRepresentation().withOutput(persisted.logicalPlan().output()),
        Encoders.row(persisted.schema()));
  }

  private static CacheManager cacheManager(Dataset<Row> ds) {
    return ds.sparkSession().sharedState().cacheManager();
  }
}
