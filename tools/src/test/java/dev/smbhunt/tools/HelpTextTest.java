package dev.smbhunt.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.cli.HuntCli;
import dev.smbhunt.jobs.cli.Version;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * bin/hunt's help, the job's commands and the tools together: it reads as whole sentences, names
 * every option, and shows defaults as values.
 */
class HelpTextTest {
  /** The workflow order the README teaches. */
  private static final List<String> ORDER =
      List.of(
          "demo",
          "detect",
          "scheduled",
          "alerts",
          "ingest",
          "generate",
          "bench",
          "notebook",
          "help");

  /** The command line bin/hunt runs: the job's, with this module's tools found on the classpath. */
  private static CommandLine cli(PrintWriter out, PrintWriter err) {
    return HuntCli.commandLine(out, err);
  }

  private static String help(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        cli(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args),
        err.toString());
    return out.toString();
  }

  @Test
  void everyCommandSummaryInTheMainHelpIsAWholeSentenceInWorkflowOrder() {
    String text = help("--help");
    String commands = text.substring(text.indexOf("Commands"), text.indexOf("Examples:"));
    // "  name   Summary that may wrap\n               onto more lines."
    Matcher entry = Pattern.compile("(?m)^  (\\S+)\\s+(.+(?:\\n {4,}.+)*)").matcher(commands);
    List<String> names = new ArrayList<>();
    while (entry.find()) {
      names.add(entry.group(1));
      String summary = entry.group(2).replaceAll("\\s+", " ").strip();
      assertTrue(
          Character.isUpperCase(summary.charAt(0)) && summary.endsWith("."),
          entry.group(1) + ": '" + summary + "' is not a whole sentence");
      assertFalse(
          summary.endsWith("...") || summary.endsWith(",."),
          entry.group(1) + ": cut off: " + summary);
    }
    assertEquals(ORDER, names);
  }

  @Test
  void everyCommandsHelpNamesEachOfItsOptionsAndHasExamples() {
    CommandLine root =
        cli(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (String name : ORDER) {
      if (name.equals("help")) {
        continue;
      }
      CommandSpec spec = root.getSubcommands().get(name).getCommandSpec();
      String text = help(name, "--help");
      for (OptionSpec option : spec.options()) {
        String shown =
            option.negatable()
                ? "--[no-]" + option.longestName().substring(2)
                : option.longestName();
        assertTrue(text.contains(shown), name + " --help does not name " + shown + ":\n" + text);
      }
      assertTrue(
          text.contains("Examples:\n  bin/hunt " + name),
          name + " --help has no example:\n" + text);
      String header = spec.usageMessage().header()[0];
      assertTrue(
          header.endsWith(".") && Character.isUpperCase(header.charAt(0)),
          name + ": header '" + header + "'");
      for (String paragraph : spec.usageMessage().description()) {
        assertTrue(
            paragraph.strip().endsWith("."),
            name + ": a description paragraph is cut off: " + paragraph);
      }
    }
  }

  @Test
  void defaultsAreShownAsValuesAndEveryGenerateFormatIsListed() {
    String generate = help("generate", "--help").replaceAll("\\s+", " ");
    assertTrue(generate.contains("(default: 2; generate.days)"), generate);
    assertTrue(generate.contains("One of: parquet, delta, streaming-api"), generate);
    for (String name : ORDER) {
      if (!name.equals("help")) {
        String text = help(name, "--help");
        assertFalse(text.contains("${"), name + " --help has an unresolved variable:\n" + text);
        assertFalse(
            text.contains("default: smb-hunt."),
            name + " --help shows a default as a key:\n" + text);
      }
    }
  }

  @Test
  void theVersionIsTheBuildsVersion() {
    assertEquals("smb-hunt " + Version.current(), help("--version").strip());
    assertTrue(Version.current().matches("\\d+\\.\\d+\\.\\d+.*"), Version.current());
  }
}
