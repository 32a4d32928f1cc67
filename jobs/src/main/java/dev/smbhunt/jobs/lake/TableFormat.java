package dev.smbhunt.jobs.lake;

/**
 * How a lake table is stored. {@code AUTO} means Delta when the folder holds {@code _delta_log/}.
 */
public enum TableFormat {
  AUTO,
  DELTA,
  PARQUET
}
