package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.bench.Bench;
import dev.smbhunt.jobs.config.Settings;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Generate (or reuse) the sweep's Parquet lakes (smb-hunt.bench.*: one per scale factor, plus hot-server "
          + "lakes), rewrite each in the layouts of smb-hunt.bench.layouts (DuckDB's COPY PARTITION_BY, hourly "
          + "files), and run every contestant on each: (a) smb-hunt's hunt, (b) a naive literal Spark translation, "
          + "(c) DuckDB over JDBC in a literal and a bucketed SQL formulation, (d) the scan-and-filter floor, and, "
          + "as whole processes timed from start to exit, (e) bin/hunt detect and (f) DuckDB in a fresh JVM over the "
          + "lake's range, and (g) and (h) the same two over one hour, a scheduled run.",
      "Checks that every alert-producing contestant returns the same alert multiset on every layout; reports the "
          + "median of smb-hunt.bench.runs timed runs, ratios to (a), rows/s, peak heap and RSS, and the targets as "
          + "met or missed; writes bench.json, bench.md, bench.png (after every lake) and per-run profiles "
          + "(profiles/) to smb-hunt.bench.results.",
      "--set 'bench.contestants=[a-smb-hunt, d-floor-scan]' runs some contestants; a run past "
          + "smb-hunt.bench.run-timeout is cancelled and reported as a lower bound.",
      "docs/benchmark.md has the measured durations of the sweep and of smaller looks at it."
    })
final class BenchCommand extends SparkCommand {
  @Override
  void run(SparkSession spark, Settings settings, PrintWriter out) {
    out.print(Bench.run(spark, settings, "bin/hunt bench " + String.join(" ", config.arguments())));
  }
}
