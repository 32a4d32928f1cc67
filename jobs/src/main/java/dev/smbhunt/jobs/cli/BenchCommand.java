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
      "Generate (or reuse) the sweep's Parquet lakes (smb-hunt.bench.*) and run every contestant on each, in",
      "one run: (a) smb-hunt's hunt, (b) a naive literal Spark translation, (d) the scan-and-filter floor.",
      "Checks that all alert-producing contestants return the same alert multiset; writes JSON, a Markdown",
      "table and a PNG chart to smb-hunt.bench.results."
    })
final class BenchCommand extends SparkCommand {
  @Override
  void run(SparkSession spark, Settings settings, PrintWriter out) {
    out.print(Bench.run(spark, settings, "bin/hunt bench " + String.join(" ", config.arguments())));
  }
}
