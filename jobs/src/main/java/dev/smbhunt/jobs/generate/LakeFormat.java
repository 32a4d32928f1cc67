package dev.smbhunt.jobs.generate;

/** How a generated lake stores its tables. */
public enum LakeFormat {
  PARQUET("parquet"),
  DELTA("delta"),
  /** Raw Streaming API files (JSON Lines envelopes), the input of {@code ingest}, not a lake. */
  STREAMING_API("streaming-api");

  private final String sparkFormat;

  LakeFormat(String sparkFormat) {
    this.sparkFormat = sparkFormat;
  }

  /** {@code parquet}, {@code delta} or {@code streaming-api}, in any letter case. */
  public static LakeFormat parse(String text) {
    for (LakeFormat f : values()) {
      if (f.sparkFormat.equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "format must be parquet, delta or streaming-api, got '" + text + "'");
  }

  /** Whether the tables are lake tables that Spark reads directly. */
  public boolean isTable() {
    return this != STREAMING_API;
  }

  /**
   * The name Spark's DataFrameWriter/Reader {@code format(...)} expects; the CLI name for raw
   * files.
   */
  public String sparkFormat() {
    return sparkFormat;
  }
}
