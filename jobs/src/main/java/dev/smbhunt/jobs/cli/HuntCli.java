package dev.smbhunt.jobs.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/hunt}: the smb-hunt command line. Thin: each command parses, runs, and reports. */
@Command(
    name = "hunt",
    mixinStandardHelpOptions = true,
    version = "smb-hunt 0.1.0",
    description = "Hunt SCM-based lateral movement (MITRE T1021.002) in a Defender for Endpoint data lake.",
    subcommands = {
      BenchCommand.class,
      DemoCommand.class,
      DetectCommand.class,
      ScheduledCommand.class,
      GenerateCommand.class,
      IngestCommand.class,
      AlertsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HuntCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = RunLog.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
      description = "Also show Spark's, Delta's and Hadoop's messages, stack traces included, on the terminal; "
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
    CommandLine cli = new CommandLine(new HuntCli()).setOut(out).setErr(err);
    cli.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> {
          PrintWriter errors = commandLine.getErr();
          errors.println("error: " + ErrorMessages.oneLine(error) + RunLog.record(error));
          errors.flush();
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
