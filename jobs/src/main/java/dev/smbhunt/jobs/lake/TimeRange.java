package dev.smbhunt.jobs.lake;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A half-open UTC range {@code [from, to)}. */
public record TimeRange(Instant from, Instant to) {

  public TimeRange {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("--from (" + from + ") must be before --to (" + to + ")");
    }
  }

  /** ISO-8601 instant ({@code 2026-01-05T10:00:00Z}) or a bare date, meaning midnight UTC. */
  public static Instant parseInstant(String option, String text) {
    try {
      return text.contains("T")
          ? Instant.parse(text)
          : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option
              + " '"
              + text
              + "' is not an ISO-8601 UTC instant (2026-01-05T10:00:00Z) or date (2026-01-05)");
    }
  }

  public static TimeRange parse(String from, String to) {
    return new TimeRange(parseInstant("--from", from), parseInstant("--to", to));
  }

  /** Rule mode evaluates whole schedule windows, so both ends must fall on a window boundary. */
  /**
   * The range as a predicate on a timestamp column: {@code from <= ts < to}, the one place it is
   * written.
   */
  public org.apache.spark.sql.Column contains(org.apache.spark.sql.Column timestamp) {
    return timestamp
        .geq(org.apache.spark.sql.functions.lit(java.sql.Timestamp.from(from)))
        .and(timestamp.lt(org.apache.spark.sql.functions.lit(java.sql.Timestamp.from(to))));
  }

  public void requireAligned(Duration window) {
    long w = window.getSeconds();
    for (Instant edge : new Instant[] {from, to}) {
      if (edge.getNano() != 0 || Math.floorMod(edge.getEpochSecond(), w) != 0) {
        throw new IllegalArgumentException(
            "in rule mode --from and --to must fall on a "
                + window.toMinutes()
                + "-minute window boundary (e.g. on the hour); got "
                + edge);
      }
    }
  }

  public long windows(Duration window) {
    return Duration.between(from, to).getSeconds() / window.getSeconds();
  }

  /** The first and last UTC dates holding an instant of the range: the partitions to read. */
  public LocalDate firstDate() {
    return from.atZone(ZoneOffset.UTC).toLocalDate();
  }

  public LocalDate lastDate() {
    return to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** Whether the range starts and ends at UTC midnight: it is its date partitions, whole. */
  public boolean isWholeDays() {
    return Math.floorMod(from.getEpochSecond(), 86_400) == 0
        && from.getNano() == 0
        && Math.floorMod(to.getEpochSecond(), 86_400) == 0
        && to.getNano() == 0;
  }

  /** Whether a {@code <column>=yyyy-MM-dd} partition folder holds instants of this range. */
  public boolean coversPartition(String folder, String partitionColumn) {
    return folder.compareTo(partitionColumn + "=" + firstDate()) >= 0
        && folder.compareTo(partitionColumn + "=" + lastDate()) <= 0;
  }

  @Override
  public String toString() {
    return "[" + from + ", " + to + ")";
  }
}
