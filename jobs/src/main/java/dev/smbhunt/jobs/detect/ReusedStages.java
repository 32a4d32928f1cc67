package dev.smbhunt.jobs.detect;

import dev.smbhunt.jobs.spark.NamedCache;
import dev.smbhunt.transforms.smb.StageObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Persists the two stages whose inputs the hunt would otherwise scan twice, so that each input
 * table is scanned once per run: {@code networkEvents} (read by the service-start pre-filter and by
 * the correlation) and {@code serviceStarts}. The correlation itself runs twice, once for the SHA1
 * counts and once for the final selection, since Spark shares no exchange between the branches: the
 * counts branch keeps only the keys, times and SHA1 (column pruning), so that costs little, while
 * persisting the wide joined pairs cost most of the run on a hot server (2.9 M wide rows a day on
 * the bench's SF1-hot lake). Both persisted stages are small next to their inputs: services.exe's
 * inbound connections and its children.
 *
 * <p>The stage handed on is the cache entry's rows ({@link NamedCache#cachedRows}), not the plan
 * behind it: every later stage and action of the hunt would otherwise analyze and match that plan
 * again, on the driver's one thread (docs/benchmark.md).
 *
 * <p>Close it once the run's actions are done, and run none on its stages after: a persisted plan
 * would otherwise answer a later run over the same files from memory.
 */
public final class ReusedStages implements StageObserver, AutoCloseable {
  static final Set<String> REUSED = Set.of("networkEvents", "serviceStarts");

  private final StageObserver inner;
  private final EarlyJobs early;
  private final List<Dataset<Row>> persisted = new ArrayList<>();

  /**
   * @param inner applied first, e.g. {@link StageCounter}, so its observation is computed once too
   * @param early computes each persisted stage as soon as it is defined, while the rest of the hunt
   *     is still being built; closed by {@link #close} before the stages are released
   */
  public ReusedStages(StageObserver inner, EarlyJobs early) {
    this.inner = inner;
    this.early = early;
  }

  @Override
  public Dataset<Row> observe(String name, Dataset<Row> stage) {
    Dataset<Row> observed = inner.observe(name, stage);
    if (!REUSED.contains(name)) {
      return observed;
    }
    Dataset<Row> kept = NamedCache.persist(observed, name, StorageLevel.MEMORY_AND_DISK());
    persisted.add(kept);
    early.materialize(name, kept);
    return NamedCache.cachedRows(kept);
  }

  @Override
  public void close() {
    early.close(); // nothing still filling a stage that is released below
    persisted.forEach(d -> d.unpersist(false));
    persisted.clear();
  }
}
