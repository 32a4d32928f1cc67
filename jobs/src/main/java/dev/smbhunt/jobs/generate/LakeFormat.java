package dev.smbhunt.jobs.generate;

/** How a generated lake stores its tables. */
public enum LakeFormat {
  PARQUET("parquet"),
  DELTA("delta");

  private final String sparkFormat;

  LakeFormat(String sparkFormat) {
    this.sparkFormat = sparkFormat;
  }

  /** {@code parquet} or {@code delta}, in any letter case. */
  public static LakeFormat parse(String text) {
    for (LakeFormat f : values()) {
      if (f.sparkFormat.equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException("format must be parquet or delta, got '" + text + "'");
  }

  /** The name Spark's DataFrameWriter/Reader {@code format(...)} expects. */
  public String sparkFormat() {
    return sparkFormat;
  }
}
