package dev.smbhunt.transforms.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The shapes in which Defender telemetry leaves Microsoft (docs/ingest.md). */
public enum ExportFormat {
  /**
   * Streaming API to storage: JSON Lines envelopes, the row under {@code properties}, table in
   * {@code category}.
   */
  STREAMING_API("streaming-api"),
  /** Log Analytics data export: flat rows, table in {@code Type}. */
  LA_EXPORT("la-export"),
  /** An advanced-hunting result: a JSON array or JSON Lines of one table's rows. */
  JSON("json");

  private final String cliName;

  ExportFormat(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static ExportFormat parse(String text) {
    for (ExportFormat f : values()) {
      if (f.cliName.equals(text.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "format must be one of "
            + Arrays.stream(values()).map(ExportFormat::cliName).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }
}
