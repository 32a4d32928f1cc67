package dev.smbhunt.jobs.generate;

import java.time.LocalDate;

/** Event times are epoch microseconds (UTC), Spark's own timestamp precision. */
final class Micros {
  static final long MILLI = 1_000L;
  static final long SECOND = 1_000_000L;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  private Micros() {}

  static long startOf(LocalDate day) {
    return day.toEpochDay() * DAY;
  }

  static long hourStart(long micros) {
    return Math.floorDiv(micros, HOUR) * HOUR;
  }

  static boolean sameHour(long a, long b) {
    return Math.floorDiv(a, HOUR) == Math.floorDiv(b, HOUR);
  }

  /** The {@code date} partition value: the UTC day of the event. */
  static String date(long micros) {
    return LocalDate.ofEpochDay(Math.floorDiv(micros, DAY)).toString();
  }
}
