package dev.smbhunt.jobs.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/hunt}: the smb-hunt command line. Thin: each command parses, runs, and reports. */
@Command(
    name = "hunt",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    usageHelpAutoWidth = true,
    header =
        "Hunt SCM-based lateral movement (MITRE T1021.002) in a Defender for Endpoint data lake.",
    description = {
      "smb-hunt runs the FalconFriday rule \"SMB/Windows Admin Shares\" over DeviceNetworkEvents, "
          + "DeviceProcessEvents and DeviceFileCertificateInfo kept as Parquet or Delta in a data lake or a catalog, "
          + "and merges the alerts, with their evidence, into a Delta table exactly once."
    },
    commandListHeading = "%nCommands, in the order of a first session:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/hunt demo",
      "  bin/hunt detect --lake s3a://b/lake --output s3a://b/hunt --from 2026-01-01 \\",
      "      --to 2026-02-01",
      "  bin/hunt scheduled --lake s3a://b/lake --output s3a://b/hunt -q",
      "  bin/hunt alerts --output s3a://b/hunt --format csv > alerts.csv",
      "%nEvery command takes -c FILE and --set KEY=VALUE over conf/reference.conf; 'bin/hunt help COMMAND' "
          + "explains one command."
    },
    subcommands = {
      DemoCommand.class,
      DetectCommand.class,
      ScheduledCommand.class,
      AlertsCommand.class,
      IngestCommand.class,
      GenerateCommand.class
    })
public final class HuntCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = RunLog.VERBOSE,
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "Also show Spark's, Delta's and Hadoop's messages, stack traces included, on the terminal; "
              + "they always go to the run's log file (HUNT_LOG_DIR, default ~/.local/state/smb-hunt/logs).")
  boolean verbose;

  public static void main(String[] args) {
    RunLog.configure(args);
    System.exit(execute(args));
  }

  /** Runs a command line; returns the exit code (0 ok, 1 failed, 2 usage). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  /**
   * The job's commands, then each tool command on the classpath, then notebook and help. A tool is
   * a {@link SparkCommand} registered in {@code META-INF/services}: bin/hunt runs with the tools
   * module (the bench) on its classpath, the cluster jar without it, so every command a jar lists
   * can run.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new HuntCli());
    ServiceLoader.load(SparkCommand.class).forEach(cli::addSubcommand);
    cli.addSubcommand(new NotebookCommand());
    cli.addSubcommand(new CommandLine.HelpCommand());
    // After the subcommands are added: picocli hands these settings only to the subcommands it has.
    cli.setOut(out).setErr(err);
    // Help texts show reference.conf's defaults as values (${bundle:default.<key>}).
    cli.setResourceBundle(new HelpDefaults());
    cli.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> {
          PrintWriter errors = commandLine.getErr();
          errors.println("error: " + ErrorMessages.oneLine(error) + RunLog.record(error));
          errors.flush();
          return 1;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
