package dev.smbhunt.kernel;

import java.util.List;

/**
 * A cell that did not compile or threw: the kernel reports it as an error reply, so nbconvert
 * fails.
 */
public final class CellException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> lines;

  public CellException(String summary, List<String> lines) {
    super(summary);
    this.lines = List.copyOf(lines);
  }

  /** The message, then the diagnostics or the snippet's stack trace, one line each. */
  public List<String> lines() {
    return lines;
  }
}
