package dev.smbhunt.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bin/hunt notebook}: listed here so that {@code hunt --help} names it. The launcher script
 * runs Jupyter itself, before any JVM starts; the JVM only gets here when started another way.
 */
@Command(
    name = "notebook",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Start Jupyter on 127.0.0.1 with the smb-hunt kernel and the project's notebooks.",
    description = {
      "Installs the Java kernelspec \"smb-hunt\" (the project's classpath) and starts Jupyter on 127.0.0.1 with a "
          + "fresh random token, serving notebooks/. --install-only installs the kernelspec and stops. The port is "
          + "HUNT_NOTEBOOK_PORT (default 8888). It is run by bin/hunt itself, not by this JVM."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  bin/hunt notebook",
      "  HUNT_NOTEBOOK_PORT=8900 bin/hunt notebook",
      "  bin/hunt notebook --install-only"
    })
final class NotebookCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(
      names = "--install-only",
      description = "Install the kernelspec and stop.")
  boolean installOnly;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "error: the notebook command is run by bin/hunt, which starts Jupyter; "
                + "run 'bin/hunt notebook'");
    return 2;
  }
}
