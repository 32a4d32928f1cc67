package dev.smbhunt.jobs.generate;

/** How a generated lake stores its tables. */
public enum LakeFormat {
  PARQUET("parquet"),
  DELTA("delta");

  private final String sparkFormat;

  LakeFormat(String sparkFormat) {
    this.sparkFormat = sparkFormat;
  }

  /** The name Spark's DataFrameWriter/Reader {@code format(...)} expects. */
  public String sparkFormat() {
    return sparkFormat;
  }
}
