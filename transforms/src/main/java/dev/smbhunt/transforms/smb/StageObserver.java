package dev.smbhunt.transforms.smb;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A hook the hunt passes every named stage through, so a caller can attach Dataset observations
 * (row counts gathered during the one real execution) without the stages knowing about it.
 */
@FunctionalInterface
public interface StageObserver {
  StageObserver NONE = (name, stage) -> stage;

  /** Returns {@code stage}, or an equivalent Dataset that observes it. */
  Dataset<Row> observe(String name, Dataset<Row> stage);
}
