package dev.smbhunt.transforms.reference;

import dev.smbhunt.transforms.smb.RuleParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The template's literals as {@link RuleParams}, with the LOLBIN list read from the template itself. */
public final class RuleDefaults {
  /** Relative to the transforms module, where surefire runs. */
  static final Path RULE_TEMPLATE = Path.of("..", "conf", "rules", "SMBWindowsAdminShares.yaml");

  private RuleDefaults() {}

  public static RuleParams params() {
    return new RuleParams(
        "services.exe", "InboundConnectionAccepted", 3600, 0, 10, 60, 100, lolbins(), "msiexec.exe /V");
  }

  /** The {@code let lolbins = dynamic([...]);} line, parsed without any YAML or KQL library. */
  public static List<String> lolbins() {
    List<String> lines;
    try {
      lines = Files.readAllLines(RULE_TEMPLATE, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.startsWith("let lolbins = dynamic([")) {
        String inner = trimmed.substring(trimmed.indexOf('[') + 1, trimmed.lastIndexOf(']'));
        List<String> names = new ArrayList<>();
        for (String quoted : inner.split(",")) {
          String q = quoted.trim();
          if (!q.startsWith("\"") || !q.endsWith("\"") || q.length() < 3) {
            throw new IllegalStateException("unexpected lolbins entry: " + quoted);
          }
          names.add(q.substring(1, q.length() - 1));
        }
        return List.copyOf(names);
      }
    }
    throw new IllegalStateException("no 'let lolbins' line in " + RULE_TEMPLATE.toAbsolutePath());
  }
}
