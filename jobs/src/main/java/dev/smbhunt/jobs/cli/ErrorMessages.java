package dev.smbhunt.jobs.cli;

import dev.smbhunt.jobs.storage.StorageException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns an exception chain into the one line a user needs. */
final class ErrorMessages {
  // Our contract violations are raised inside Spark tasks with raise_error and arrive wrapped.
  private static final Pattern RAISED =
      Pattern.compile("\\[USER_RAISED_EXCEPTION\\]\\s*(.+?)(?:\\s*SQLSTATE:|\\n|$)");

  private ErrorMessages() {}

  static String oneLine(Throwable error) {
    // A missing storage connector is named by the scheme and the library that brings it, wherever
    // it surfaced.
    String storage = StorageException.describe(error);
    if (storage != null) {
      return storage;
    }
    String memory = OutOfMemory.describe(error);
    if (memory != null) {
      return memory;
    }
    String damaged = DamagedFiles.describe(error);
    if (damaged != null) {
      return damaged;
    }
    String innermost = null;
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      String message = t.getMessage();
      if (message == null || message.isBlank()) {
        continue;
      }
      Matcher raised = RAISED.matcher(message);
      if (raised.find()) {
        return raised.group(1).strip();
      }
      innermost = message;
    }
    if (innermost == null) {
      return error.getClass().getSimpleName();
    }
    int newline = innermost.indexOf('\n');
    return (newline >= 0 ? innermost.substring(0, newline) : innermost).strip();
  }
}
