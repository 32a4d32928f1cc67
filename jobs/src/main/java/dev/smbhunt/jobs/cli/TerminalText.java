package dev.smbhunt.jobs.cli;

/**
 * Attacker-controlled text (a device name, a command line) made safe to show: on a terminal,
 * control characters and bidirectional overrides become visible escapes, so {@code ESC[2J} cannot
 * clear the analyst's screen, a CR LF cannot forge a table row, and U+202E cannot reverse a file
 * name; in a CSV cell, a leading {@code = + - @}, tab or CR gets a {@code '} before it (OWASP's
 * advice against CSV injection), so a spreadsheet shows the text instead of running it.
 */
final class TerminalText {
  private TerminalText() {}

  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        out.append(replacement != null ? replacement : String.valueOf(c));
      }
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(char c) {
    switch (c) {
      case '\r':
        return "\\r";
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      default:
        break;
    }
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
      return String.format("\\x%02x", (int) c);
    }
    if (isBidiControl(c)) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }

  // Marks, embeddings, overrides and isolates: U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069.
  private static boolean isBidiControl(char c) {
    return c == '\u061c'
        || c == '\u200e'
        || c == '\u200f'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  static String neutraliseFormula(String cell) {
    if (cell.isEmpty()) {
      return cell;
    }
    char first = cell.charAt(0);
    return first == '='
            || first == '+'
            || first == '-'
            || first == '@'
            || first == '\t'
            || first == '\r'
        ? "'" + cell
        : cell;
  }
}
