package dev.smbhunt.transforms.schema;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.smbhunt.transforms.kql.Kql;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The boundary between a lake table and the rule: checks the columns the rule needs, and conforms a
 * table to its documented schema the way KQL would have stored it.
 *
 * <ul>
 *   <li>Output columns are exactly the documented ones, in documented order; extra columns are
 *       dropped, and a documented column absent from the input is a typed null, so downstream
 *       schemas are stable.
 *   <li>Present string columns are {@code ""} where null: KQL strings are never null
 *       (docs/semantics.md: string comparison and nulls).
 *   <li>Datetimes stored as ISO-8601 strings (0 to 7 fractional digits, the 7th truncated) or as
 *       timestamp-without-time-zone are read as UTC, independent of the session time zone.
 *   <li>A value that cannot be converted fails the query with the table, column and value named.
 *       This relies on Spark's default non-ANSI casts (a failed cast is null, then our own error);
 *       the job's sessions pin {@code spark.sql.ansi.enabled=false}.
 * </ul>
 */
public final class InputContract {
  // An ISO-8601 string that already says its offset; anything else is UTC by contract.
  private static final String HAS_ZONE = ".*(Z|z|[+-]\\d\\d:?\\d\\d)$";

  private InputContract() {}

  /**
   * Fails fast, before any data is read, when a column the rule reads is missing or of an unusable
   * type.
   */
  public static void validate(MdeTable table, StructType found) {
    List<String> names = Arrays.asList(found.fieldNames());
    for (String required : table.requiredColumns()) {
      if (!names.contains(required)) {
        Optional<String> caseVariant =
            names.stream().filter(n -> n.equalsIgnoreCase(required)).findFirst();
        throw new InputContractException(
            String.format(
                "%s: required column '%s' is missing%s; columns found: %s",
                table.tableName(),
                required,
                caseVariant
                    .map(v -> " (found '" + v + "', which differs in letter case)")
                    .orElse(""),
                names));
      }
    }
    for (StructField field : found.fields()) {
      if (table.columnNames().contains(field.name())) {
        requireConvertible(table, field.name(), field.dataType());
      } else {
        // Names are case-sensitive, as in KQL: a look-alike would silently become a null column.
        table.columnNames().stream()
            .filter(
                documented ->
                    documented.equalsIgnoreCase(field.name()) && !names.contains(documented))
            .findFirst()
            .ifPresent(
                documented -> {
                  throw new InputContractException(
                      String.format(
                          "%s: column '%s' differs only in letter case from the documented column '%s'; rename it",
                          table.tableName(), field.name(), documented));
                });
      }
    }
  }

  /**
   * Validates, then conforms {@code input} to {@code table}'s documented schema. Lazy: reads
   * nothing.
   */
  public static Dataset<Row> conform(MdeTable table, Dataset<Row> input) {
    return conform(table, input, null);
  }

  /**
   * As above; a value that cannot be converted is also reported with the file it is in.
   *
   * @param sourceFile the row's file (a scan's {@code _metadata.file_path}), or null when rows have
   *     none
   */
  public static Dataset<Row> conform(MdeTable table, Dataset<Row> input, Column sourceFile) {
    return conform(table, input, sourceFile, List.of());
  }

  /**
   * As above, with the undocumented columns {@code passThrough} of {@code input} kept unchanged
   * after the documented ones: a reader's row keys, say, which must not count as table columns.
   */
  public static Dataset<Row> conform(
      MdeTable table, Dataset<Row> input, Column sourceFile, List<String> passThrough) {
    StructType found = input.schema();
    validate(table, found);
    List<String> present = Arrays.asList(found.fieldNames());
    List<Column> columns = new ArrayList<>();
    for (StructField target : table.schema().fields()) {
      String name = target.name();
      Column conformed =
          present.contains(name)
              ? convert(
                  new Failure(table, name, sourceFile),
                  found.apply(name).dataType(),
                  target.dataType())
              : lit(null).cast(target.dataType());
      columns.add(conformed.as(name));
    }
    passThrough.forEach(name -> columns.add(col(name)));
    return input.select(columns.toArray(Column[]::new));
  }

  private static void requireConvertible(MdeTable table, String column, DataType from) {
    DataType to = table.typeOf(column);
    boolean ok;
    if (to instanceof TimestampType) {
      ok =
          from instanceof TimestampType
              || from instanceof TimestampNTZType
              || from instanceof StringType;
    } else if (to instanceof LongType || to instanceof IntegerType) {
      ok = isIntegral(from) || from instanceof StringType;
    } else if (to instanceof BooleanType) {
      ok = from instanceof BooleanType || from instanceof StringType;
    } else {
      ok = true; // every type has a string form; dynamic values become JSON text
    }
    if (!ok) {
      throw new InputContractException(
          String.format(
              "%s: column '%s' has type %s, which cannot be read as %s",
              table.tableName(), column, from.simpleString(), to.simpleString()));
    }
  }

  private static Column convert(Failure failure, DataType from, DataType to) {
    Column raw = col(failure.column());
    if (to instanceof StringType) {
      Column asString =
          from instanceof StringType
              ? raw
              : (from instanceof StructType || from instanceof MapType || from instanceof ArrayType)
                  ? to_json(raw)
                  : raw.cast(DataTypes.StringType);
      return Kql.emptyIfNull(asString);
    }
    if (from.sameType(to)) {
      return raw;
    }
    if (to instanceof TimestampType) {
      Column text = from instanceof TimestampNTZType ? raw.cast(DataTypes.StringType) : trim(raw);
      return checked(failure, text, parseUtc(text), to);
    }
    if (to instanceof IntegerType && from instanceof LongType) {
      Column outOfRange = raw.gt(lit(Integer.MAX_VALUE)).or(raw.lt(lit(Integer.MIN_VALUE)));
      return when(outOfRange, failure.raise(raw.cast(DataTypes.StringType), to))
          .otherwise(raw.cast(to));
    }
    if (from instanceof StringType) {
      Column text = trim(raw);
      return checked(failure, text, text.cast(to), to);
    }
    return raw.cast(to);
  }

  /**
   * ISO-8601 as UTC: an offset-less value gets {@code Z}; digits past microseconds are truncated.
   */
  static Column parseUtc(Column text) {
    // RFC 3339 allows a lower-case "z", which HAS_ZONE accepts but Spark's cast does not.
    Column micros = regexp_replace(regexp_replace(text, "(\\.\\d{6})\\d+", "$1"), "z$", "Z");
    Column zoned = when(micros.rlike(HAS_ZONE), micros).otherwise(concat(micros, lit("Z")));
    return zoned.cast(DataTypes.TimestampType);
  }

  // Empty text is a missing value (null), not an error; anything else that fails to convert is.
  private static Column checked(Failure failure, Column text, Column converted, DataType to) {
    return when(unconvertible(text, converted), failure.raise(text, to))
        .when(text.equalTo(lit("")), lit(null).cast(to))
        .otherwise(converted);
  }

  private static Column unconvertible(Column text, Column converted) {
    return text.isNotNull().and(text.notEqual(lit(""))).and(converted.isNull());
  }

  /**
   * A documented column read from text: its typed value, and whether the text failed to convert.
   */
  public record TypedText(Column value, Column unconvertible) {}

  /**
   * Types one documented column given as JSON text (a raw export), with the same rules as {@link
   * #conform} (ISO-8601 datetimes with 0 to 7 fractional digits as UTC, the 7th truncated; numbers
   * and booleans as text; empty text is null) but without failing the query: the caller decides
   * what a bad value costs (ingestion quarantines the record). Strings are kept as given, null
   * included: storage keeps the source's encoding, and {@link #conform} applies KQL's {@code ""}
   * when the lake is read.
   */
  public static TypedText fromText(MdeTable table, String name, Column text) {
    DataType to = table.typeOf(name);
    if (to instanceof StringType) {
      return new TypedText(text, lit(false));
    }
    Column trimmed = trim(text);
    Column converted =
        to instanceof TimestampType
            ? parseUtc(trimmed)
            : isIntegral(to)
                ? coalesce(trimmed.cast(to), integralNumber(trimmed, to))
                : trimmed.cast(to);
    Column value = when(trimmed.equalTo(lit("")), lit(null).cast(to)).otherwise(converted);
    return new TypedText(value, unconvertible(trimmed, converted));
  }

  /**
   * The error a value of {@code column} raises when it cannot be converted, naming its file when
   * known.
   */
  private record Failure(MdeTable table, String column, Column sourceFile) {
    Column raise(Column value, DataType to) {
      Column message =
          concat(
              lit(table.tableName() + ": column '" + column + "' has value '"),
              value,
              lit("', which cannot be read as " + to.simpleString().toLowerCase(Locale.ROOT)));
      return raise_error(
          sourceFile == null ? message : concat(message, lit(" (file "), sourceFile, lit(")")));
    }
  }

  /**
   * A JSON number written as a double (pandas writes {@code 11256240.0}, which Spark's JSON reader
   * turns into {@code 1.125624E7}) is an integer when it has no fraction; {@code 12.5} stays
   * unconvertible.
   */
  private static Column integralNumber(Column text, DataType to) {
    Column exact = text.cast(DataTypes.createDecimalType(38, 9));
    return when(exact.equalTo(functions.floor(exact)), exact.cast(to));
  }

  private static boolean isIntegral(DataType type) {
    return type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType
        || type instanceof LongType;
  }
}
