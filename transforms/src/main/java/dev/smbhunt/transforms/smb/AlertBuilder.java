package dev.smbhunt.transforms.smb;

import static dev.smbhunt.transforms.smb.AlertColumns.*;
import static dev.smbhunt.transforms.smb.HuntColumns.DEVICE_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.FILE_NAME;
import static dev.smbhunt.transforms.smb.HuntColumns.INITIATING_PROCESS_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.PROCESS_COMMAND_LINE;
import static dev.smbhunt.transforms.smb.HuntColumns.PROCESS_REPORT_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.REPORT_ID;
import static dev.smbhunt.transforms.smb.HuntColumns.SHA1;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_CHILD;
import static dev.smbhunt.transforms.smb.HuntColumns.TIMESTAMP_NETWORK_ACT;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_END;
import static dev.smbhunt.transforms.smb.HuntColumns.WINDOW_START;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stage 6: one alert per result row, with the rule's identity, why it fired, and its entities
 * exactly as the template maps them. Deterministic: the same pair always yields the same row and
 * {@code AlertId}.
 */
public final class AlertBuilder {
  // A value no MDE field holds, so a null never hashes like a real value.
  private static final String NULL_MARK = "\u2205";
  private static final DataType ENTITY_ARRAY =
      DataTypes.createArrayType(
          new StructType()
              .add(ENTITY_TYPE, DataTypes.StringType, false)
              .add(
                  ENTITY_FIELDS,
                  DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true),
                  false),
          false);

  private AlertBuilder() {}

  /**
   * @param result {@link FinalSelection#select}'s output
   */
  public static Dataset<Row> build(Dataset<Row> result, RuleMetadata rule, RuleParams params) {
    List<Column> output = new ArrayList<>();
    output.add(alertId(rule).as(ALERT_ID));
    output.add(lit(rule.id()).as(RULE_ID));
    output.add(lit(rule.name()).as(RULE_NAME));
    output.add(lit(rule.version()).as(RULE_VERSION));
    output.add(lit(rule.severity()).as(SEVERITY));
    output.add(stringArray(rule.tactics()).as(TACTICS));
    output.add(stringArray(rule.techniques()).as(TECHNIQUES));
    output.add(col(WINDOW_START));
    output.add(Windows.windowEnd(col(WINDOW_START), params.windowSeconds()).as(WINDOW_END));
    output.add(reason().as(DETECTION_REASON));
    output.add(col(FinalSelection.SHA1_PAIR_COUNT));
    for (String c : HuntColumns.resultColumns()) {
      output.add(col(c));
    }
    output.add(col(PROCESS_REPORT_ID));
    output.add(entities(rule).as(ENTITIES));
    output.add(utcDate(col(WINDOW_START)).as(ALERT_DATE));
    return result.select(output.toArray(Column[]::new));
  }

  /**
   * SHA-256 of the rule id and version and both events' identities. An MDE event is identified by
   * (DeviceId, ReportId, Timestamp); the other fields keep pairs apart when ReportId is absent.
   */
  static Column alertId(RuleMetadata rule) {
    List<Column> parts = new ArrayList<>();
    parts.add(lit(rule.id()));
    parts.add(lit(rule.version()));
    // The connection.
    parts.add(part(col(DEVICE_ID)));
    parts.add(part(col(REPORT_ID)));
    parts.add(part(unix_micros(col(TIMESTAMP_NETWORK_ACT))));
    parts.add(part(col(INITIATING_PROCESS_ID)));
    parts.add(part(col(HuntColumns.REMOTE_IP)));
    parts.add(part(col(HuntColumns.REMOTE_PORT)));
    parts.add(part(col(HuntColumns.LOCAL_PORT)));
    // The service start.
    parts.add(part(col(HuntColumns.joined(DEVICE_ID))));
    parts.add(part(col(PROCESS_REPORT_ID)));
    parts.add(part(unix_micros(col(TIMESTAMP_CHILD))));
    parts.add(part(col(FILE_NAME)));
    parts.add(part(col(PROCESS_COMMAND_LINE)));
    parts.add(part(col(SHA1)));
    return sha2(concat_ws("\u001f", parts.toArray(Column[]::new)), 256);
  }

  /**
   * The UTC calendar date of {@code ts}; {@code to_date} would use the session time zone instead.
   */
  private static Column utcDate(Column ts) {
    return date_from_unix_date(
        floor(unix_seconds(ts).divide(lit(86_400L))).cast(DataTypes.IntegerType));
  }

  private static Column part(Column value) {
    return coalesce(value.cast(DataTypes.StringType), lit(NULL_MARK));
  }

  private static Column reason() {
    Column lolbin = col(FinalSelection.IS_LOLBIN);
    Column rare = col(FinalSelection.IS_RARE_UNCERTIFIED);
    return when(lolbin.and(rare), lit(REASON_BOTH))
        .when(lolbin, lit(REASON_LOLBIN))
        .otherwise(lit(REASON_RARE));
  }

  /**
   * {@code array<struct<EntityType, Fields: map<identifier, value>>>} from the template's mappings.
   * Like Sentinel, an identifier with no value is left out, and an entity with no identifiers is
   * dropped.
   */
  static Column entities(RuleMetadata rule) {
    List<Column> entities = new ArrayList<>();
    for (RuleMetadata.EntityMapping mapping : rule.entityMappings()) {
      List<Column> keyValues = new ArrayList<>();
      for (RuleMetadata.FieldMapping field : mapping.fieldMappings()) {
        keyValues.add(lit(field.identifier()));
        keyValues.add(col(field.columnName()).cast(DataTypes.StringType));
      }
      Column fields =
          map_filter(
              map(keyValues.toArray(Column[]::new)),
              (k, v) -> v.isNotNull().and(v.notEqual(lit(""))));
      entities.add(struct(lit(mapping.entityType()).as(ENTITY_TYPE), fields.as(ENTITY_FIELDS)));
    }
    if (entities.isEmpty()) {
      // array() of nothing is array<void>, which filter's lambda cannot look into: type the empty
      // array.
      return array().cast(ENTITY_ARRAY);
    }
    return filter(
        array(entities.toArray(Column[]::new)), e -> size(e.getField(ENTITY_FIELDS)).gt(0));
  }

  private static Column stringArray(List<String> values) {
    return array(values.stream().map(v -> lit(v)).toArray(Column[]::new)).cast("array<string>");
  }
}
