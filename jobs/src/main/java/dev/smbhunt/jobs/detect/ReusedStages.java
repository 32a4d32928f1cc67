package dev.smbhunt.jobs.detect;

import dev.smbhunt.transforms.smb.StageObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Persists the two stages the hunt reads more than once, so that each input table is scanned once per run:
 * {@code networkEvents} (the service-start pre-filter and the correlation join both read it) and
 * {@code pairs} (the SHA1 counts and the final selection both read it). Spark cannot reuse them on its own:
 * the branches differ above the scan, so no exchange is shared. Both are tiny next to their inputs (the
 * rule keeps services.exe's inbound connections and their children), so they cost little memory.
 *
 * <p>Close it once the run's actions are done: a persisted plan would otherwise answer a later run over
 * the same files from memory.
 */
public final class ReusedStages implements StageObserver, AutoCloseable {
  static final Set<String> REUSED = Set.of("networkEvents", "serviceStarts");

  private final StageObserver inner;
  private final List<Dataset<Row>> persisted = new ArrayList<>();

  /** @param inner applied first, e.g. {@link StageCounter}, so its observation is computed once too */
  public ReusedStages(StageObserver inner) {
    this.inner = inner;
  }

  @Override
  public Dataset<Row> observe(String name, Dataset<Row> stage) {
    Dataset<Row> observed = inner.observe(name, stage);
    if (!REUSED.contains(name)) {
      return observed;
    }
    Dataset<Row> kept = observed.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(kept);
    return kept;
  }

  @Override
  public void close() {
    persisted.forEach(d -> d.unpersist(false));
    persisted.clear();
  }
}
