package dev.smbhunt.transforms.ingest;

import static dev.smbhunt.transforms.ingest.RawColumns.DETAIL;
import static dev.smbhunt.transforms.ingest.RawColumns.FIELDS;
import static dev.smbhunt.transforms.ingest.RawColumns.RAW_TEXT;
import static dev.smbhunt.transforms.ingest.RawColumns.REASON;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_FILE;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_LINE;
import static dev.smbhunt.transforms.ingest.RawColumns.TABLE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.smbhunt.transforms.schema.InputContract;
import dev.smbhunt.transforms.schema.MdeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Types the good records of one table per its documented schema ({@link MdeTable}, with the
 * conversions of {@link InputContract#fromText}), adds the {@code date} partition, and marks each
 * record whose Timestamp is missing or unparseable or whose value in any documented column has the
 * wrong type. Pure and lazy.
 */
public final class RawTyping {
  private static final String TIMESTAMP = "Timestamp";

  private RawTyping() {}

  /**
   * @param parsed the output of {@link RawRecords#parse}
   * @return every documented column (typed, documented order), the source columns, {@code Reason},
   *     {@code Detail}, then {@code partitionColumn} (yyyy-MM-dd of Timestamp in UTC)
   */
  public static Dataset<Row> type(Dataset<Row> parsed, MdeTable table, String partitionColumn) {
    // Records already quarantined by parsing, and other tables' records, are not this table's
    // business.
    Column ofTable = col(REASON).isNull().and(col(TABLE).equalTo(lit(table.tableName())));
    Dataset<Row> records = parsed.filter(ofTable);

    List<Column> columns = new ArrayList<>();
    List<Column> wrongTypes = new ArrayList<>();
    Column timestampBad = lit(false);
    for (StructField f : table.schema().fields()) {
      Column text = col(FIELDS).getItem(f.name());
      InputContract.TypedText typed = InputContract.fromText(table, f.name(), text);
      columns.add(typed.value().as(f.name()));
      if (f.name().equals(TIMESTAMP)) {
        timestampBad = typed.unconvertible();
      } else {
        wrongTypes.add(
            when(
                typed.unconvertible(),
                concat(
                    lit("column '" + f.name() + "' has value '"),
                    text,
                    lit(
                        "', which cannot be read as "
                            + f.dataType().simpleString().toLowerCase(Locale.ROOT)))));
      }
    }
    Column timestampText = col(FIELDS).getItem(TIMESTAMP);
    // Without an event time a row has no partition and no place in any window.
    Column missingTimestamp = timestampText.isNull().or(trim(timestampText).equalTo(lit("")));
    Column wrongTypeDetail = concat_ws("; ", wrongTypes.toArray(Column[]::new));
    // concat_ws skips nulls: an empty result means every documented value converted.
    Column wrongType = wrongTypeDetail.notEqual(lit(""));
    Column reason =
        when(missingTimestamp, lit(QuarantineReason.MISSING_TIMESTAMP.name()))
            .when(timestampBad, lit(QuarantineReason.UNPARSEABLE_TIMESTAMP.name()))
            .when(wrongType, lit(QuarantineReason.WRONG_TYPE.name()));
    Column detail =
        when(missingTimestamp, lit("no Timestamp"))
            .when(
                timestampBad,
                concat(
                    lit("column 'Timestamp' has value '"),
                    timestampText,
                    lit("', which is not an ISO-8601 datetime")))
            .when(wrongType, wrongTypeDetail);

    columns.add(col(SOURCE_FILE));
    columns.add(col(SOURCE_LINE));
    columns.add(col(RAW_TEXT));
    columns.add(col(TABLE));
    columns.add(reason.as(REASON));
    columns.add(detail.as(DETAIL));
    // Added after the select, so that it reads the typed Timestamp; sessions are pinned to UTC.
    return records
        .select(columns.toArray(Column[]::new))
        .withColumn(partitionColumn, date_format(col(TIMESTAMP), "yyyy-MM-dd"));
  }
}
