package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape of every command that needs Spark: build settings, log them once, build the session, call a
 * testable {@link #run(SparkSession, Settings, PrintWriter)}, and stop the session whatever happens.
 */
abstract class SparkCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SparkCommand.class);

  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    Settings settings = configure(config.load());
    LOG.info("resolved settings: {}", settings.rendered().replaceAll("\\s+", " "));
    SparkSession spark = SparkSessions.create(settings.spark());
    try {
      run(spark, settings, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** Applies command-line options over the loaded settings, and validates them before Spark starts. */
  Settings configure(Settings settings) {
    return settings;
  }

  abstract void run(SparkSession spark, Settings settings, PrintWriter out);
}
