package dev.smbhunt.jobs.bench;

import dev.smbhunt.jobs.bench.BenchRunner.Measurement;
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

  private BenchTargets() {}

  /** @param measured the figure; {@code met} compares it with {@code limit} in the target's direction */
  record Verdict(String target, String lake, double measured, String limit, boolean met) {}

  static List<Verdict> judge(List<Measurement> results) {
    List<Verdict> verdicts = new ArrayList<>();
    Optional<Integer> largest = results.stream().map(m -> scaleFactor(m.lake())).max(Comparator.naturalOrder());
    Optional<Integer> smallest = results.stream().map(m -> scaleFactor(m.lake())).min(Comparator.naturalOrder());
    if (largest.isEmpty()) {
      return verdicts;
    }
    for (String kind : new String[] {"", "-hot"}) {
      String big = "SF" + largest.get() + kind;
      String small = "SF" + smallest.get() + kind;
      ratio(results, big, SMB_HUNT, FLOOR).ifPresent(r ->
          verdicts.add(new Verdict("(a) / floor (d) at the largest scale", big, r, "<= 1.5", r <= 1.5)));
      ratio(results, big, SMB_HUNT, DUCKDB).ifPresent(r ->
          verdicts.add(new Verdict("(a) / DuckDB's best (c) at the largest scale", big, r, "<= 3", r <= 3)));
      if (!big.equals(small)) {
        double allowed = 9.0 / 8.0 * largest.get() / smallest.get();
        ratio(median(results, big, SMB_HUNT), median(results, small, SMB_HUNT)).ifPresent(r ->
            verdicts.add(new Verdict("(a) time " + small + " -> " + big + " (linear)", big, r,
                String.format(Locale.ROOT, "<= %.1f", allowed), r <= allowed)));
      }
    }
    results.stream().map(Measurement::lake).filter(l -> l.endsWith("-hot")).distinct().forEach(hot ->
        ratio(results, hot, NAIVE, SMB_HUNT).ifPresent(r ->
            verdicts.add(new Verdict("naive (b) / (a) on a hot-server lake", hot, r, ">= 10", r >= 10))));
    return verdicts;
  }

  static String table(List<Verdict> verdicts) {
    StringBuilder md = new StringBuilder("| target | lake | measured | limit | verdict |\n|---|---|---:|---|---|\n");
    for (Verdict v : verdicts) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s |%n",
          v.target(), v.lake(), v.measured(), v.limit(), v.met() ? "met" : "**missed**"));
    }
    return md.toString();
  }

  private static Optional<Double> ratio(List<Measurement> results, String lake, String top, String bottom) {
    return ratio(median(results, lake, top), median(results, lake, bottom));
  }

  private static Optional<Double> ratio(Optional<Long> top, Optional<Long> bottom) {
    return top.isPresent() && bottom.isPresent()
        ? Optional.of((double) top.get() / Math.max(1, bottom.get())) : Optional.empty();
  }

  /** The best (lowest) median of the contestants whose name starts with {@code prefix} on {@code lake}. */
  private static Optional<Long> median(List<Measurement> results, String lake, String prefix) {
    return results.stream()
        .filter(m -> m.lake().equals(lake) && m.contestant().startsWith(prefix))
        .map(Measurement::medianMillis)
        .min(Comparator.naturalOrder());
  }

  private static int scaleFactor(String lake) {
    return Integer.parseInt(lake.replaceAll("^SF(\\d+).*$", "$1"));
  }
}
