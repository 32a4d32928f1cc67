package dev.smbhunt.transforms.kql;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smbhunt.transforms.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code datetime_diff("Second", d1, d2)} counts second boundaries: {@code floor(d1) - floor(d2)}
 * (docs/semantics.md: datetime_diff). The cases where boundary counting, ceiling and truncation
 * disagree are the point; an empty cell is a null.
 */
class DatetimeDiffSecondsTest {

  @ParameterizedTest(name = "[{index}] {0}: datetime_diff(Second, {1}, {2}) = {3}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          # case,                                             d1,                             d2,                             expected
          documented second example,                      2017-10-01T23:00:10.100Z,       2017-10-01T23:00:00.900Z,       10
          worked example,                                 2024-01-01T10:00:01.100Z,       2024-01-01T10:00:00.900Z,       1
          worked example swapped,                         2024-01-01T10:00:00.900Z,       2024-01-01T10:00:01.100Z,       -1
          same second (ceiling would say 1),              2024-01-01T10:00:00.900Z,       2024-01-01T10:00:00.100Z,       0
          1.5 s across one boundary (ceiling 2),          2024-01-01T10:00:01.750Z,       2024-01-01T10:00:00.250Z,       1
          10.8 s across ten boundaries (ceiling 11),      2024-01-01T10:00:10.900Z,       2024-01-01T10:00:00.100Z,       10
          10.2 s across eleven boundaries (truncation 10),2024-01-01T10:00:11.100Z,       2024-01-01T10:00:00.900Z,       11
          60.2 s across 61 boundaries (truncation 60),    2024-01-01T10:01:00.100Z,       2024-01-01T09:59:59.900Z,       61
          identical instants,                                  2024-01-01T10:00:00.500Z,       2024-01-01T10:00:00.500Z,       0
          one microsecond across a boundary,                   2024-01-01T10:00:01.000000Z,    2024-01-01T10:00:00.999999Z,    1
          whole seconds,                                       2024-01-01T10:00:10Z,           2024-01-01T10:00:00Z,           10
          pre-1970 across the epoch (truncation 0),            1970-01-01T00:00:00.100Z,       1969-12-31T23:59:59.900Z,       1
          pre-1970 whole second vs half second (truncation 0), 1969-12-31T23:59:59.000Z,       1969-12-31T23:59:58.500Z,       1
          pre-1970 same second,                                1969-12-31T23:59:59.900Z,       1969-12-31T23:59:59.100Z,       0
          pre-1970 negative result,                            1969-12-31T23:59:58.900Z,       1970-01-01T00:00:00.100Z,       -2
          year 1900,                                           1900-01-01T00:00:00.250Z,       1899-12-31T23:59:59.750Z,       1
          null first argument,                                 null,                           2024-01-01T10:00:00Z,           null
          null second argument,                                2024-01-01T10:00:00Z,           null,                           null
          """)
  void boundaryCount(String name, String d1, String d2, Long expected) {
    Row row =
        TestSpark.session()
            .createDataFrame(
                List.of(RowFactory.create(ts(d1), ts(d2))),
                StructType.fromDDL("d1 TIMESTAMP, d2 TIMESTAMP"))
            .select(Kql.datetimeDiffSeconds(col("d1"), col("d2")))
            .first();
    assertEquals(expected, row.isNullAt(0) ? null : row.getLong(0));
  }

  private static Timestamp ts(String iso) {
    return iso == null ? null : Timestamp.from(Instant.parse(iso));
  }
}
