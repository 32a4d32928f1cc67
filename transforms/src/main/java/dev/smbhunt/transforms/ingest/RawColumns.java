package dev.smbhunt.transforms.ingest;

/**
 * Column names of raw records on their way from export files to the lake and the quarantine table.
 */
public final class RawColumns {
  /** Absolute path of the export file a record came from. */
  public static final String SOURCE_FILE = "SourceFile";

  /** 1-based line of the record (of its first character, for a record inside a JSON array). */
  public static final String SOURCE_LINE = "SourceLine";

  /** The record as it was read. */
  public static final String RAW_TEXT = "RawText";

  /** The MDE table the record says it belongs to (null when unreadable). */
  public static final String TABLE = "Table";

  /**
   * The row's fields as JSON text per column name: numbers, booleans and objects keep their JSON
   * text.
   */
  public static final String FIELDS = "Fields";

  /** A {@link QuarantineReason} name, or null for a good record. */
  public static final String REASON = "Reason";

  /** What exactly was wrong, naming the column and value. */
  public static final String DETAIL = "Detail";

  private RawColumns() {}
}
