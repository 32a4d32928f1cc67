package dev.smbhunt.tools.bench;

import dev.smbhunt.jobs.cli.SparkCommand;
import dev.smbhunt.jobs.config.Settings;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Time smb-hunt against DuckDB and a naive Spark translation on generated lakes.",
    description = {
      "Generates (or reuses) the sweep's Parquet lakes (bench.*: one per scale factor, plus hot-server lakes), "
          + "rewrites each in the layouts of bench.layouts (DuckDB's COPY PARTITION_BY, hourly files), and runs every "
          + "contestant on each: (a) smb-hunt's hunt, (b) a naive literal Spark translation, (c) DuckDB over JDBC in a "
          + "literal and a bucketed SQL formulation, (d) the scan-and-filter floor, and, as whole processes timed "
          + "from start to exit, (e) bin/hunt detect and (f) DuckDB in a fresh JVM over the lake's range, and (g) and "
          + "(h) the same two over one hour, a scheduled run.",
      "%nIt checks that every alert-producing contestant returns the same alert multiset on every layout (the hourly "
          + "ones among themselves). It reports the median of bench.runs timed runs, ratios to (a), rows/s, peak heap "
          + "and RSS, and the targets as met or missed. It writes bench.json, bench.md, bench.png (after every lake) "
          + "and per-run profiles (profiles/) to bench.results (default ${bundle:default.bench.results}).",
      "%nA run past bench.run-timeout (default ${bundle:default.bench.run-timeout}) is cancelled and reported as a "
          + "lower bound. docs/benchmark.md has the measured durations of the sweep and of smaller looks at it."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/hunt bench",
      "  bin/hunt bench --set 'bench.scale-factors=[1]' \\",
      "      --set 'bench.hot-scale-factors=[]' \\",
      "      --set 'bench.contestants=[a-smb-hunt, d-floor-scan]'"
    })
public final class BenchCommand extends SparkCommand {
  @Override
  protected void run(SparkSession spark, Settings settings, PrintWriter out) {
    out.print(Bench.run(spark, settings, "bin/hunt bench " + String.join(" ", configArguments())));
  }
}
