package dev.smbhunt.tools.bench;

import dev.smbhunt.tools.bench.BenchRunner.Measurement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The targets, judged from the measurements of one sweep (never from constants). */
final class BenchTargets {
  static final String SMB_HUNT = "a-";
  static final String NAIVE = "b-";
  static final String DUCKDB = "c-";
  static final String FLOOR = "d-";
  static final String HUNT_PROCESS = "e-";
  static final String DUCKDB_PROCESS = "f-";
  static final String HOURLY_PROCESS = "g-";
  static final String HOURLY_DUCKDB_PROCESS = "h-";

  /** A scheduled hour's whole run on this 2-core machine, in seconds. */
  static final double HOURLY_SECONDS = 20;

  private BenchTargets() {}

  /**
   * @param measured the figure, exact unless {@code bound} says it is a lower ({@code ">="}) or
   *     upper ({@code "<="}) bound because a run was cancelled at the timeout
   * @param met compares it with {@code limit} in the target's direction; a bound meets a target
   *     only when every value it allows does
   */
  record Verdict(
      String target, String lake, double measured, String bound, String limit, boolean met) {}

  /**
   * A ratio of two medians; a cancelled run makes its median a lower bound, and so the ratio a
   * bound.
   */
  private record Ratio(double value, String bound) {
    boolean atMost(double limit) {
      return !bound.equals(">=") && !bound.equals("?") && value <= limit;
    }

    boolean atLeast(double limit) {
      return !bound.equals("<=") && !bound.equals("?") && value >= limit;
    }
  }

  static List<Verdict> judge(List<Measurement> results) {
    List<Verdict> verdicts = new ArrayList<>();
    Optional<Integer> largest =
        results.stream().map(m -> scaleFactor(m.lake())).max(Comparator.naturalOrder());
    Optional<Integer> smallest =
        results.stream().map(m -> scaleFactor(m.lake())).min(Comparator.naturalOrder());
    if (largest.isEmpty()) {
      return verdicts;
    }
    for (boolean hot : new boolean[] {false, true}) {
      String big = BenchLake.label(largest.get(), hot);
      String small = BenchLake.label(smallest.get(), hot);
      atMost(
          verdicts,
          "(a) / floor (d) at the largest scale",
          big,
          ratio(results, big, SMB_HUNT, FLOOR),
          "<= 1.5",
          1.5);
      atMost(
          verdicts,
          "(a) / DuckDB's best (c) at the largest scale",
          big,
          ratio(results, big, SMB_HUNT, DUCKDB),
          "<= 3",
          3);
      linear(verdicts, results, "(a)", SMB_HUNT, small, big);
    }
    // What a user waits for, on every layout: the whole detect process against a whole DuckDB
    // process.
    for (String layout : layouts(results)) {
      for (boolean hot : new boolean[] {false, true}) {
        String big = BenchLake.label(largest.get(), hot) + layout;
        String small = BenchLake.label(smallest.get(), hot) + layout;
        linear(verdicts, results, "whole detect (e)", HUNT_PROCESS, small, big);
        atMost(
            verdicts,
            "whole detect (e) / whole DuckDB process (f) at the largest scale",
            big,
            ratio(results, big, HUNT_PROCESS, DUCKDB_PROCESS),
            "<= 2",
            2);
        atMost(
            verdicts,
            "one-hour detect (g) / one-hour DuckDB process (h) at the largest scale",
            big,
            ratio(results, big, HOURLY_PROCESS, HOURLY_DUCKDB_PROCESS),
            "<= 5",
            5);
        best(results, big, HOURLY_PROCESS)
            .ifPresent(
                m -> {
                  Ratio seconds = new Ratio(m.medianMillis() / 1000.0, m.timedOut() ? ">=" : "");
                  verdicts.add(
                      verdict(
                          "one-hour detect (g), seconds, at the largest scale",
                          big,
                          seconds,
                          String.format(Locale.ROOT, "<= %.0f", HOURLY_SECONDS),
                          seconds.atMost(HOURLY_SECONDS)));
                });
      }
    }
    hotLakes(results)
        .forEach(
            hot ->
                ratio(results, hot, NAIVE, SMB_HUNT)
                    .ifPresent(
                        r ->
                            verdicts.add(
                                verdict(
                                    "naive (b) / (a) on a hot-server lake",
                                    hot,
                                    r,
                                    ">= 10",
                                    r.atLeast(10)))));
    return verdicts;
  }

  /**
   * "Linear from the smallest lake to the largest": the time may grow less than the rows (fixed
   * costs weigh most on the smallest lake), never more than 9/8 of them.
   */
  private static void linear(
      List<Verdict> verdicts,
      List<Measurement> results,
      String who,
      String prefix,
      String small,
      String big) {
    if (big.equals(small)) {
      return;
    }
    double allowed = 9.0 / 8.0 * scaleFactor(big) / scaleFactor(small);
    atMost(
        verdicts,
        who + " time " + small + " -> " + big + " (linear)",
        big,
        ratio(best(results, big, prefix), best(results, small, prefix)),
        String.format(Locale.ROOT, "<= %.1f", allowed),
        allowed);
  }

  /**
   * What the hot-lake target can reach at all: no hunt that reads and filters its inputs is faster
   * than the floor (d), so (b)/(d) bounds (b)/(a). One line per hot lake where both ran.
   */
  static List<String> ceilings(List<Measurement> results) {
    List<String> lines = new ArrayList<>();
    hotLakes(results)
        .forEach(
            hot ->
                ratio(results, hot, NAIVE, FLOOR)
                    .ifPresent(
                        r ->
                            lines.add(
                                String.format(
                                    Locale.ROOT,
                                    "%s: naive (b) / floor (d) = %s%.2f, the most (b) / (a) can be for a hunt no faster than its reads",
                                    hot,
                                    r.bound().isEmpty() ? "" : r.bound() + " ",
                                    r.value()))));
    return lines;
  }

  private static List<String> layouts(List<Measurement> results) {
    return results.stream().map(m -> BenchLake.layoutSuffix(m.lake())).distinct().toList();
  }

  private static List<String> hotLakes(List<Measurement> results) {
    return results.stream().map(Measurement::lake).filter(BenchLake::isHot).distinct().toList();
  }

  /** Adds the verdict "at most {@code limit}" on {@code ratio}, where both contestants ran. */
  private static void atMost(
      List<Verdict> verdicts,
      String target,
      String lake,
      Optional<Ratio> ratio,
      String shown,
      double limit) {
    ratio.ifPresent(r -> verdicts.add(verdict(target, lake, r, shown, r.atMost(limit))));
  }

  private static Verdict verdict(String target, String lake, Ratio r, String limit, boolean met) {
    return new Verdict(target, lake, r.value(), r.bound(), limit, met);
  }

  static String table(List<Verdict> verdicts) {
    StringBuilder md =
        new StringBuilder(
            "| target | lake | measured | limit | verdict |\n|---|---|---:|---|---|\n");
    for (Verdict v : verdicts) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s%.2f | %s | %s |%n",
              v.target(),
              v.lake(),
              v.bound().equals("?") ? "unknown, " : v.bound().isEmpty() ? "" : v.bound() + " ",
              v.measured(),
              v.limit(),
              v.met() ? "met" : "**missed**"));
    }
    return md.toString();
  }

  private static Optional<Ratio> ratio(
      List<Measurement> results, String lake, String top, String bottom) {
    return ratio(best(results, lake, top), best(results, lake, bottom));
  }

  private static Optional<Ratio> ratio(Optional<Measurement> top, Optional<Measurement> bottom) {
    if (top.isEmpty() || bottom.isEmpty()) {
      return Optional.empty();
    }
    boolean topBound = top.get().timedOut();
    boolean bottomBound = bottom.get().timedOut();
    String bound = topBound && bottomBound ? "?" : topBound ? ">=" : bottomBound ? "<=" : "";
    return Optional.of(
        new Ratio(
            (double) top.get().medianMillis() / Math.max(1, bottom.get().medianMillis()), bound));
  }

  /**
   * The contestant with the best (lowest) median among those whose name starts with {@code prefix}.
   */
  private static Optional<Measurement> best(List<Measurement> results, String lake, String prefix) {
    return results.stream()
        .filter(m -> m.lake().equals(lake) && m.contestant().startsWith(prefix))
        .min(Comparator.comparingLong(Measurement::medianMillis));
  }

  private static int scaleFactor(String lake) {
    return Integer.parseInt(lake.replaceAll("^SF(\\d+).*$", "$1"));
  }
}
