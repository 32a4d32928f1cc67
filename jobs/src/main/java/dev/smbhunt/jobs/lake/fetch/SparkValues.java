package dev.smbhunt.jobs.lake.fetch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import scala.Function1;

/**
 * A stored Parquet value as the value Spark's own Parquet reader gives for the column's Spark type,
 * in the external form a lenient row encoder takes back without change: text as its bytes (cast to
 * a string later, as Spark does, so invalid UTF-8 stays byte for byte), timestamps as {@code
 * Instant} or {@code LocalDateTime}, dates as {@code LocalDate}. Datetimes are rebased with the
 * functions Spark's reader uses for the file (its writer's calendar and the session's rebase mode).
 */
final class SparkValues {
  private SparkValues() {}

  /** The file's rebase functions, micros to micros and days to days, as Spark picks them. */
  record Rebase(
      Function1<Object, Object> timestamps,
      Function1<Object, Object> int96,
      Function1<Object, Object> dates) {}

  /**
   * The conversion of one column, or null when Spark would not read this stored type as {@code to}.
   */
  static Function<Object, Object> of(ColumnDescriptor column, DataType to, Rebase rebase) {
    PrimitiveType stored = column.getPrimitiveType();
    LogicalTypeAnnotation logical = stored.getLogicalTypeAnnotation();
    switch (stored.getPrimitiveTypeName()) {
      case BOOLEAN:
        return to == DataTypes.BooleanType ? v -> v : null;
      case INT32:
        if (to == DataTypes.IntegerType) {
          return v -> v;
        } else if (to == DataTypes.ByteType) {
          return v -> (byte) (int) (Integer) v;
        } else if (to == DataTypes.ShortType) {
          return v -> (short) (int) (Integer) v;
        } else if (to == DataTypes.LongType) {
          boolean unsigned = logical instanceof IntLogicalTypeAnnotation i && !i.isSigned();
          return unsigned
              ? v -> Integer.toUnsignedLong((Integer) v)
              : v -> (long) (int) (Integer) v;
        } else if (to == DataTypes.DoubleType) {
          return v -> (double) (int) (Integer) v;
        } else if (to == DataTypes.DateType) {
          return v -> DateTimeUtils.daysToLocalDate((Integer) rebase.dates().apply(v));
        }
        return null;
      case INT64:
        if (to == DataTypes.LongType) {
          return v -> v;
        }
        TimeUnit unit = logical instanceof TimestampLogicalTypeAnnotation t ? t.getUnit() : null;
        if (unit != TimeUnit.MICROS && unit != TimeUnit.MILLIS) {
          return null;
        }
        Function<Object, Long> micros =
            unit == TimeUnit.MICROS ? v -> (Long) v : v -> DateTimeUtils.millisToMicros((Long) v);
        if (to == DataTypes.TimestampType) {
          return v ->
              DateTimeUtils.microsToInstant((Long) rebase.timestamps().apply(micros.apply(v)));
        } else if (to == DataTypes.TimestampNTZType) {
          // Spark never rebases a timestamp without time zone: no legacy writer stored one.
          return v -> DateTimeUtils.microsToLocalDateTime(micros.apply(v));
        }
        return null;
      case INT96:
        if (to == DataTypes.TimestampType) {
          return v ->
              DateTimeUtils.microsToInstant((Long) rebase.int96().apply(int96Micros((Binary) v)));
        } else if (to == DataTypes.TimestampNTZType) {
          return v -> DateTimeUtils.microsToLocalDateTime(int96Micros((Binary) v));
        }
        return null;
      case FLOAT:
        if (to == DataTypes.FloatType) {
          return v -> v;
        } else if (to == DataTypes.DoubleType) {
          return v -> (double) (float) (Float) v;
        }
        return null;
      case DOUBLE:
        return to == DataTypes.DoubleType ? v -> v : null;
      case BINARY:
        return to instanceof StringType || to == DataTypes.BinaryType
            ? v -> ((Binary) v).getBytes()
            : null;
      case FIXED_LEN_BYTE_ARRAY:
        return to == DataTypes.BinaryType ? v -> ((Binary) v).getBytes() : null;
      default:
        return null;
    }
  }

  // INT96: nanoseconds of the day, then the Julian day, both little-endian.
  private static long int96Micros(Binary value) {
    ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = b.getLong(b.position());
    int julianDay = b.getInt(b.position() + 8);
    return DateTimeUtils.fromJulianDay(julianDay, nanosOfDay);
  }
}
