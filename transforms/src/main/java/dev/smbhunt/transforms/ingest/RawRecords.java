package dev.smbhunt.transforms.ingest;

import static dev.smbhunt.transforms.ingest.RawColumns.DETAIL;
import static dev.smbhunt.transforms.ingest.RawColumns.FIELDS;
import static dev.smbhunt.transforms.ingest.RawColumns.RAW_TEXT;
import static dev.smbhunt.transforms.ingest.RawColumns.REASON;
import static dev.smbhunt.transforms.ingest.RawColumns.SOURCE_FILE;
import static dev.smbhunt.transforms.ingest.RawColumns.TABLE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.when;

import dev.smbhunt.transforms.schema.MdeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;

/**
 * Parses raw export records ({@code SourceFile, SourceLine, RawText}) into the table each belongs
 * to and its fields, and marks the records that cannot go further: malformed JSON, or a table that
 * is not one of those being ingested. Pure and lazy.
 */
public final class RawRecords {
  /**
   * Every value as its JSON text: a string column stays a string, a number or boolean keeps its
   * literal, an object (LA's dynamic {@code AdditionalFields}) its JSON. Typing happens later, per
   * column, so that one bad value quarantines its record instead of nulling it silently.
   */
  private static final MapType FIELDS_TYPE =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);

  private static final Map<String, String> PERMISSIVE = Map.of("mode", "PERMISSIVE");
  private static final String CATEGORY_PREFIX = "^AdvancedHunting-(.+)$";

  private RawRecords() {}

  /**
   * @param tables the tables being ingested; a record of any other table is quarantined
   * @return the input with {@code Table}, {@code Fields}, {@code Reason} and {@code Detail} added
   */
  public static Dataset<Row> parse(Dataset<Row> raw, ExportFormat format, List<MdeTable> tables) {
    Column top = from_json(col(RAW_TEXT), FIELDS_TYPE, PERMISSIVE);
    Column fields =
        format == ExportFormat.STREAMING_API
            ? from_json(top.getItem("properties"), FIELDS_TYPE, PERMISSIVE)
            : top;
    Column table =
        switch (format) {
          // The Streaming API names the table only in the envelope; the row itself has no Type.
          case STREAMING_API -> regexp_extract(top.getItem("category"), CATEGORY_PREFIX, 1);
          case LA_EXPORT -> top.getItem("Type");
          // An advanced-hunting export has no table column: fall back to the file name, then to the
          // only table asked for.
          case JSON -> coalesce(top.getItem("Type"), tableFromFileName(tables));
        };
    Dataset<Row> parsed = raw.withColumn(FIELDS, fields).withColumn(TABLE, table);

    // A line that is not a JSON object (truncated, garbage, a bare value) parses to null.
    Column malformed = col(FIELDS).isNull();
    // Only the tables being ingested have a destination; anything else is kept aside, not dropped.
    Column unknownTable = not(coalesce(col(TABLE), lit("")).isin(names(tables).toArray()));
    Column reason =
        when(malformed, lit(QuarantineReason.MALFORMED_JSON.name()))
            .when(unknownTable, lit(QuarantineReason.UNKNOWN_TABLE.name()));
    Column detail =
        when(
                malformed,
                lit(
                    format == ExportFormat.STREAMING_API
                        ? "not a JSON object with a 'properties' object"
                        : "not a JSON object"))
            .when(
                unknownTable,
                concat(
                    lit("table '"),
                    coalesce(col(TABLE), lit("")),
                    lit("' is not one of " + names(tables) + describeTableSource(format))));
    return parsed.withColumn(REASON, reason).withColumn(DETAIL, detail);
  }

  /**
   * Field names of good records that are not documented columns of their table, with how many
   * records had each.
   */
  public static Dataset<Row> undocumentedColumns(Dataset<Row> parsed, MdeTable table) {
    Column good = col(REASON).isNull().and(col(TABLE).equalTo(lit(table.tableName())));
    Column column = col("Column");
    // A documented column is expected; the rest (LA's TenantId, Type, ...; preview columns) is
    // reported.
    Column undocumented = not(column.isin(table.columnNames().toArray()));
    return parsed
        .filter(good)
        .select(explode(map_keys(col(FIELDS))).as("Column"))
        .filter(undocumented)
        .groupBy(column)
        .count()
        .orderBy(column);
  }

  private static Column tableFromFileName(List<MdeTable> tables) {
    Column byName = lit(null).cast(DataTypes.StringType);
    for (MdeTable t : tables) {
      byName = when(col(SOURCE_FILE).contains(t.tableName()), lit(t.tableName())).otherwise(byName);
    }
    return tables.size() == 1 ? coalesce(byName, lit(tables.get(0).tableName())) : byName;
  }

  private static String describeTableSource(ExportFormat format) {
    return switch (format) {
      case STREAMING_API -> " (from category AdvancedHunting-<table>)";
      case LA_EXPORT -> " (from Type)";
      case JSON -> " (from Type, the file name, or the only table given)";
    };
  }

  private static List<String> names(List<MdeTable> tables) {
    List<String> names = new ArrayList<>();
    tables.forEach(t -> names.add(t.tableName()));
    return names;
  }
}
