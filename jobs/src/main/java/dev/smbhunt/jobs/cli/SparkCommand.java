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
 * The shape of every command that needs Spark: build settings, log them once, build the session,
 * call a testable {@link #run(SparkSession, Settings, PrintWriter)}, and stop the session whatever
 * happens.
 */
public abstract class SparkCommand implements Callable<Integer> {
  // Logged to the run's log file, not the terminal: a page of settings in front of every run hides
  // the progress.
  private static final Logger SETTINGS = LoggerFactory.getLogger("smbhunt.settings");

  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    Settings settings = configure(config.load());
    SETTINGS.info("resolved settings: {}", settings.rendered().replaceAll("\\s+", " "));
    try {
      SparkSession spark = SparkSessions.create(settings.spark());
      try {
        run(spark, settings, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
      } finally {
        spark.stop();
      }
    } catch (OutOfMemoryError e) {
      // picocli lets an Error through with its stack trace; as an exception it gets the one line
      // like the rest.
      throw new IllegalStateException(OutOfMemory.advice(), e);
    }
  }

  /**
   * Applies command-line options over the loaded settings, and validates them before Spark starts.
   */
  protected Settings configure(Settings settings) {
    return settings;
  }

  protected abstract void run(SparkSession spark, Settings settings, PrintWriter out);

  /** The command line's {@code -c} and {@code --set} arguments, secrets masked, for a report. */
  protected final java.util.List<String> configArguments() {
    return config.arguments();
  }
}
