package dev.smbhunt.transforms.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.transforms.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lake boundary: what a table must have, and how it is conformed to what KQL would have stored.
 */
class InputContractTest {
  private static final MdeTable NET = MdeTable.DEVICE_NETWORK_EVENTS;

  /** The network table's required columns only, with the timestamp as text. */
  private static final String MINIMAL_NET =
      "Timestamp STRING, DeviceId STRING, ActionType STRING, InitiatingProcessFileName STRING, InitiatingProcessId BIGINT";

  // ---- validate: required columns ----

  static Stream<Arguments> requiredColumns() {
    return Arrays.stream(MdeTable.values())
        .flatMap(t -> t.requiredColumns().stream().map(c -> Arguments.of(t, c)));
  }

  @ParameterizedTest(name = "[{index}] {0} without {1}")
  @MethodSource("requiredColumns")
  void missingRequiredColumnIsNamedWithTableAndColumnsFound(MdeTable table, String missing) {
    StructType found = without(table.schema(), missing);
    InputContractException e =
        assertThrows(InputContractException.class, () -> InputContract.validate(table, found));
    assertMentions(
        e, table.tableName(), "'" + missing + "'", "columns found", found.fieldNames()[0]);
  }

  @Test
  void requiredColumnInAnotherLetterCaseGetsAHint() {
    StructType found = StructType.fromDDL(MINIMAL_NET.replace("ActionType", "actiontype"));
    InputContractException e =
        assertThrows(InputContractException.class, () -> InputContract.validate(NET, found));
    assertMentions(e, "DeviceNetworkEvents", "'ActionType'", "'actiontype'", "letter case");
  }

  @Test
  void optionalColumnInAnotherLetterCaseIsRejectedNotNulled() {
    StructType found = StructType.fromDDL(MINIMAL_NET + ", remoteip STRING");
    InputContractException e =
        assertThrows(InputContractException.class, () -> InputContract.validate(NET, found));
    assertMentions(e, "DeviceNetworkEvents", "'remoteip'", "'RemoteIP'", "letter case");
  }

  @Test
  void documentedColumnOfAnUnusableTypeIsRejectedBeforeReading() {
    StructType found =
        StructType.fromDDL(MINIMAL_NET.replace("Timestamp STRING", "Timestamp BOOLEAN"));
    InputContractException e =
        assertThrows(InputContractException.class, () -> InputContract.validate(NET, found));
    assertMentions(e, "DeviceNetworkEvents", "'Timestamp'", "boolean", "timestamp");
  }

  // ---- conform: timestamps ----

  @ParameterizedTest(name = "[{index}] {0}: \"{1}\" is {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 fractional digits, Z                 | 2024-03-05T10:00:00Z                | 2024-03-05T10:00:00Z
          3 fractional digits, Z                 | 2024-03-05T10:00:00.123Z            | 2024-03-05T10:00:00.123Z
          5 fractional digits, Z                 | 2024-03-05T10:00:00.12345Z          | 2024-03-05T10:00:00.123450Z
          6 fractional digits, Z                 | 2024-03-05T10:00:00.123456Z         | 2024-03-05T10:00:00.123456Z
          7 fractional digits, Z (MDE export)    | 2025-05-07T16:16:30.2240099Z        | 2025-05-07T16:16:30.224009Z
          7th digit truncated, not rounded       | 2024-03-05T10:00:59.9999999Z        | 2024-03-05T10:00:59.999999Z
          lower-case z                           | 2024-03-05T10:00:00.5z              | 2024-03-05T10:00:00.5Z
          no zone is UTC, 0 digits               | 2024-03-05T10:00:00                 | 2024-03-05T10:00:00Z
          no zone is UTC, 3 digits               | 2024-03-05T10:00:00.123             | 2024-03-05T10:00:00.123Z
          no zone is UTC, 7 digits               | 2024-03-05T10:00:00.1234567         | 2024-03-05T10:00:00.123456Z
          space instead of T                     | 2024-03-05 10:00:00.25              | 2024-03-05T10:00:00.25Z
          offset +02:00                          | 2024-03-05T10:00:00+02:00           | 2024-03-05T08:00:00Z
          offset -05:30                          | 2024-03-05T10:00:00.5-05:30         | 2024-03-05T15:30:00.5Z
          offset without colon                   | 2024-03-05T10:00:00+0100            | 2024-03-05T09:00:00Z
          7 digits and an offset                 | 2024-03-05T10:00:00.9999999+01:00   | 2024-03-05T09:00:00.999999Z
          surrounding blanks                     | '  2024-03-05T10:00:00Z '           | 2024-03-05T10:00:00Z
          """)
  void isoStringTimestampIsReadAsUtc(String name, String text, String expected) {
    assertEquals(Instant.parse(expected), conformedTimestamp(text));
  }

  @Test
  void zonelessStringIsUtcWhateverTheSessionTimeZone() {
    Instant parsed =
        inSessionTimeZone(
            "America/New_York", () -> conformedTimestamp("2024-03-05T10:00:00.1234567"));
    assertEquals(Instant.parse("2024-03-05T10:00:00.123456Z"), parsed);
  }

  @Test
  void emptyTimestampStringIsAMissingValueNotAnError() {
    assertNull(conformedTimestamp(""));
  }

  @Test
  void timestampNtzIsReadAsUtcWhateverTheSessionTimeZone() {
    StructType schema =
        StructType.fromDDL(
            MINIMAL_NET.replace("Timestamp STRING", "Timestamp TIMESTAMP_NTZ")
                + ", InitiatingProcessCreationTime TIMESTAMP_NTZ");
    Row input =
        RowFactory.create(
            LocalDateTime.parse("2024-03-05T10:00:00.123456"),
            "dev",
            "InboundConnectionAccepted",
            "services.exe",
            1L,
            LocalDateTime.parse("1969-07-20T20:17:40"));
    for (String zone : List.of("UTC", "Asia/Kolkata", "America/Los_Angeles")) {
      Row out =
          inSessionTimeZone(
              zone,
              () ->
                  conform(schema, input)
                      .select("Timestamp", "InitiatingProcessCreationTime")
                      .first());
      assertEquals(
          Instant.parse("2024-03-05T10:00:00.123456Z"), out.getTimestamp(0).toInstant(), zone);
      assertEquals(Instant.parse("1969-07-20T20:17:40Z"), out.getTimestamp(1).toInstant(), zone);
    }
  }

  // ---- conform: unconvertible values fail the query, naming table, column and value ----

  @ParameterizedTest(name = "[{index}] {0} = \"{1}\"")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Timestamp                     | not a time
          Timestamp                     | 2024-13-01T00:00:00Z
          Timestamp                     | 2024-02-30T10:00:00Z
          InitiatingProcessCreationTime | yesterday
          InitiatingProcessId           | pid-42
          RemotePort                    | https
          """)
  void unconvertibleValueFailsNamingTableColumnAndValue(String column, String value) {
    List<String> names =
        new ArrayList<>(
            List.of(
                "Timestamp",
                "DeviceId",
                "ActionType",
                "InitiatingProcessFileName",
                "InitiatingProcessId",
                "InitiatingProcessCreationTime",
                "RemotePort"));
    List<Object> values =
        new ArrayList<>(
            List.of(
                "2024-03-05T10:00:00Z",
                "dev",
                "InboundConnectionAccepted",
                "services.exe",
                "42",
                "2024-03-05T09:00:00Z",
                "445"));
    values.set(names.indexOf(column), value);
    StructType allText =
        new StructType(
            names.stream()
                .map(
                    n ->
                        new StructField(
                            n,
                            DataTypes.StringType,
                            true,
                            org.apache.spark.sql.types.Metadata.empty()))
                .toArray(StructField[]::new));
    Dataset<Row> conformed = conform(allText, RowFactory.create(values.toArray()));
    Exception e = assertThrows(Exception.class, conformed::collectAsList);
    assertMentions(e, "DeviceNetworkEvents", "'" + column + "'", "'" + value + "'");
  }

  @Test
  void intColumnGivenAsLongIsAccepted() {
    Row out =
        conform(
                StructType.fromDDL(MINIMAL_NET + ", RemotePort BIGINT, LocalPort BIGINT"),
                RowFactory.create(
                    "2024-03-05T10:00:00Z",
                    "dev",
                    "InboundConnectionAccepted",
                    "services.exe",
                    1L,
                    445L,
                    135L))
            .select("RemotePort", "LocalPort")
            .first();
    assertEquals(445, out.getInt(0));
    assertEquals(135, out.getInt(1));
  }

  @Test
  void longTooLargeForAnIntColumnFailsNamingIt() {
    Dataset<Row> conformed =
        conform(
            StructType.fromDDL(MINIMAL_NET + ", RemotePort BIGINT"),
            RowFactory.create(
                "2024-03-05T10:00:00Z",
                "dev",
                "InboundConnectionAccepted",
                "services.exe",
                1L,
                4294967741L));
    Exception e = assertThrows(Exception.class, conformed::collectAsList);
    assertMentions(e, "DeviceNetworkEvents", "'RemotePort'", "'4294967741'");
  }

  // ---- conform: shape and nulls ----

  @Test
  void outputIsTheDocumentedSchemaAbsentColumnsTypedNullExtraColumnsDropped() {
    StructType input =
        StructType.fromDDL(
            "TenantId STRING, InitiatingProcessId BIGINT, ActionType STRING, Timestamp STRING, "
                + "InitiatingProcessFileName STRING, DeviceId STRING, TimeGenerated STRING, Type STRING");
    Dataset<Row> conformed =
        conform(
            input,
            RowFactory.create(
                "tenant",
                7L,
                "InboundConnectionAccepted",
                "2024-03-05T10:00:00Z",
                "services.exe",
                "dev",
                "2024-03-05T10:00:00Z",
                "DeviceNetworkEvents"));
    assertEquals(nullable(NET.schema()), nullable(conformed.schema()));
    Row row = conformed.first();
    for (String absent :
        List.of(
            "RemoteIP",
            "RemotePort",
            "InitiatingProcessCreationTime",
            "ReportId",
            "IsInitiatingProcessRemoteSession",
            "AdditionalFields")) {
      assertTrue(row.isNullAt(row.fieldIndex(absent)), absent + " should be a typed null");
    }
    assertEquals("dev", row.getAs("DeviceId"));
    assertEquals(7L, (long) row.getAs("InitiatingProcessId"));
  }

  @Test
  void presentStringNullsBecomeEmptyOtherTypesStayNull() {
    Row row =
        conform(
                StructType.fromDDL(
                    MINIMAL_NET + ", DeviceName STRING, ReportId BIGINT, RemoteUrl STRING"),
                RowFactory.create("2024-03-05T10:00:00Z", null, null, null, null, null, null, null))
            .first();
    for (String s :
        List.of("DeviceId", "ActionType", "InitiatingProcessFileName", "DeviceName", "RemoteUrl")) {
      assertEquals("", row.getAs(s), s);
    }
    assertTrue(row.isNullAt(row.fieldIndex("InitiatingProcessId")));
    assertTrue(row.isNullAt(row.fieldIndex("ReportId")));
  }

  @Test
  void dynamicAdditionalFieldsBecomeJsonText() {
    StructType schema =
        StructType.fromDDL(MINIMAL_NET + ", AdditionalFields STRUCT<direction: STRING>");
    Row row =
        conform(
                schema,
                RowFactory.create(
                    "2024-03-05T10:00:00Z",
                    "dev",
                    "x",
                    "services.exe",
                    1L,
                    RowFactory.create("In")))
            .first();
    assertEquals("{\"direction\":\"In\"}", row.getAs("AdditionalFields"));
  }

  // ---- helpers ----

  private static Instant conformedTimestamp(String text) {
    Row row =
        conform(
                StructType.fromDDL(MINIMAL_NET),
                RowFactory.create(text, "dev", "InboundConnectionAccepted", "services.exe", 1L))
            .select("Timestamp")
            .first();
    Timestamp ts = row.getTimestamp(0);
    return ts == null ? null : ts.toInstant();
  }

  private static Dataset<Row> conform(StructType schema, Row row) {
    return InputContract.conform(NET, TestSpark.session().createDataFrame(List.of(row), schema));
  }

  private static <T> T inSessionTimeZone(String zone, Supplier<T> body) {
    SparkSession spark = TestSpark.session();
    String previous = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", zone);
    try {
      return body.get();
    } finally {
      spark.conf().set("spark.sql.session.timeZone", previous);
    }
  }

  private static StructType without(StructType schema, String column) {
    return new StructType(
        Arrays.stream(schema.fields())
            .filter(f -> !f.name().equals(column))
            .toArray(StructField[]::new));
  }

  private static StructType nullable(StructType schema) {
    return new StructType(
        Arrays.stream(schema.fields())
            .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
            .toArray(StructField[]::new));
  }

  /**
   * Every part must appear somewhere in the exception's message chain (Spark wraps raise_error).
   */
  private static void assertMentions(Throwable e, String... parts) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    for (String part : parts) {
      assertTrue(
          messages.toString().contains(part), () -> "expected \"" + part + "\" in:\n" + messages);
    }
  }
}
