package dev.smbhunt.transforms.smb;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;

import org.apache.spark.sql.Column;

/**
 * Schedule windows {@code [T, T + w)} with {@code T} a multiple of {@code w} since the epoch (UTC).
 */
public final class Windows {
  private Windows() {}

  /**
   * The start of the window holding {@code ts}; null stays null, and so drops out of every join.
   */
  public static Column windowStart(Column ts, long windowSeconds) {
    return timestamp_seconds(
        floor(unix_seconds(ts).divide(lit(windowSeconds))).multiply(lit(windowSeconds)));
  }

  public static Column windowEnd(Column windowStart, long windowSeconds) {
    return timestamp_seconds(unix_seconds(windowStart).plus(lit(windowSeconds)));
  }
}
