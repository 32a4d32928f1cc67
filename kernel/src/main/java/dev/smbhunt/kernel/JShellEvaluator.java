package dev.smbhunt.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Evaluates notebook cells with JShell, in this JVM. The "local" execution engine (rather than
 * JShell's default remote JVM) is what lets a cell reach the kernel's display channel and keep one
 * SparkSession alive across cells; the compiler sees the same classpath the JVM was started with.
 */
public final class JShellEvaluator implements AutoCloseable {
  private final JShell shell;

  public JShellEvaluator(List<String> startupSnippets) {
    shell = JShell.builder().executionEngine("local").build();
    shell.addToClasspath(System.getProperty("java.class.path"));
    for (String snippet : startupSnippets) {
      eval(snippet);
    }
  }

  /**
   * Runs every snippet of {@code code} in order and stops at the first failure.
   *
   * @return the text of the last snippet's value when it is an expression with one, else null
   */
  public String eval(String code) {
    String value = null;
    String remaining = code;
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    while (!remaining.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (!info.completeness().isComplete()) {
        throw new CellException("incomplete or unparseable code", List.of(remaining.strip()));
      }
      value = evalSnippet(info.source());
      remaining = info.remaining();
    }
    return value;
  }

  private String evalSnippet(String source) {
    String value = null;
    for (SnippetEvent event : shell.eval(source)) {
      if (event.causeSnippet() != null) {
        continue; // a dependent snippet re-evaluated; the one that was asked for reports
      }
      if (event.exception() != null) {
        throw fromException(event.exception());
      }
      if (event.status() == Snippet.Status.REJECTED) {
        throw rejected(event.snippet());
      }
      if (event.snippet().kind() == Snippet.Kind.EXPRESSION
          || event.snippet().kind() == Snippet.Kind.VAR) {
        value = event.value();
      }
    }
    return value;
  }

  private CellException rejected(Snippet snippet) {
    List<String> lines = new ArrayList<>();
    for (Diag d : shell.diagnostics(snippet).collect(Collectors.toList())) {
      lines.add(d.getMessage(Locale.ROOT));
      lines.add(
          "  in: "
              + excerpt(snippet.source(), (int) d.getStartPosition(), (int) d.getEndPosition()));
    }
    if (lines.isEmpty()) {
      lines.add("rejected: " + snippet.source().strip());
    }
    return new CellException("compilation failed", lines);
  }

  private static CellException fromException(JShellException e) {
    String type =
        e instanceof EvalException ee
            ? ee.getExceptionClassName()
            : e instanceof UnresolvedReferenceException
                ? "unresolved reference"
                : e.getClass().getName();
    List<String> lines = new ArrayList<>();
    lines.add(type + ": " + e.getMessage());
    for (StackTraceElement el : e.getStackTrace()) {
      lines.add("\tat " + el);
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      String causeType =
          c instanceof EvalException ce ? ce.getExceptionClassName() : c.getClass().getName();
      lines.add("Caused by: " + causeType + ": " + c.getMessage());
    }
    return new CellException(type + ": " + e.getMessage(), lines);
  }

  private static String excerpt(String source, int start, int end) {
    if (start < 0 || end > source.length() || start > end) {
      return source.strip();
    }
    int lineStart = source.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
    int lineEnd = source.indexOf('\n', end);
    return source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd).strip();
  }

  /**
   * Jupyter's is_complete: a cell still missing a brace is "incomplete", so the console waits for
   * more.
   */
  public String completeness(String code) {
    Completeness c = shell.sourceCodeAnalysis().analyzeCompletion(code).completeness();
    return switch (c) {
      case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> "complete";
      case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "incomplete";
      case UNKNOWN -> "invalid";
    };
  }

  /** Completion candidates at {@code cursor}, and where the replaced text starts. */
  public Completions complete(String code, int cursor) {
    int[] anchor = new int[1];
    List<String> names =
        shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor).stream()
            .map(SourceCodeAnalysis.Suggestion::continuation)
            .distinct()
            .collect(Collectors.toList());
    return new Completions(names, anchor[0]);
  }

  public record Completions(List<String> candidates, int start) {}

  @Override
  public void close() {
    shell.close();
  }
}
