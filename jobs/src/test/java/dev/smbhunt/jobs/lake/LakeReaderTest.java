package dev.smbhunt.jobs.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smbhunt.jobs.config.Settings;
import dev.smbhunt.jobs.config.SettingsLoader;
import dev.smbhunt.jobs.storage.Storage;
import dev.smbhunt.jobs.testing.Local;
import dev.smbhunt.jobs.testing.TinyLake;
import dev.smbhunt.jobs.testing.TinyLake.Layout;
import dev.smbhunt.transforms.schema.InputContractException;
import dev.smbhunt.transforms.schema.MdeTable;
import dev.smbhunt.transforms.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LakeReaderTest {
  private static final TimeRange DAY_ONE = TimeRange.parse("2026-01-05", "2026-01-06");
  private static final TimeRange BOTH_DAYS = TimeRange.parse("2026-01-05", "2026-01-07");
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  // Nullability is not part of the contract: KQL strings become non-null "" after conforming.
  private static List<String> typesOf(org.apache.spark.sql.types.StructType schema) {
    return java.util.Arrays.stream(schema.fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString())
        .toList();
  }

  private Settings.Lake lake(Path root) {
    return SettingsLoader.load(null, List.of()).withLakeRoot(root.toString()).lake();
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void everyLayoutReadsTheSameRows(Layout layout) {
    Path root = TinyLake.shared(spark, layout);
    Dataset<Row> network =
        LakeReader.read(spark, lake(root), MdeTable.DEVICE_NETWORK_EVENTS, BOTH_DAYS);
    assertEquals(typesOf(MdeTable.DEVICE_NETWORK_EVENTS.schema()), typesOf(network.schema()));
    assertEquals(7, network.count());
    assertEquals(
        5, LakeReader.read(spark, lake(root), MdeTable.DEVICE_NETWORK_EVENTS, DAY_ONE).count());
  }

  @Test
  void formatIsDetectedFromTheDeltaLog() {
    Path root = TinyLake.shared(spark, Layout.DELTA_BY_DATE);
    Path table = root.resolve("DeviceProcessEvents");
    assertEquals(
        TableFormat.DELTA,
        LakeReader.resolveFormat(Storage.of(spark), TableFormat.AUTO, Local.at(table)));
    assertEquals(
        TableFormat.PARQUET,
        LakeReader.resolveFormat(Storage.of(spark), TableFormat.AUTO, Local.at(dir)));
    assertEquals(
        TableFormat.PARQUET,
        LakeReader.resolveFormat(Storage.of(spark), TableFormat.PARQUET, Local.at(table)));
  }

  @ParameterizedTest
  @EnumSource(
      value = Layout.class,
      names = {"PARQUET_BY_DATE", "DELTA_BY_DATE"})
  void aRangePrunesDatePartitions(Layout layout) throws Exception {
    Path root = TinyLake.write(spark, dir, layout);
    Dataset<Row> network =
        LakeReader.read(spark, lake(root), MdeTable.DEVICE_NETWORK_EVENTS, DAY_ONE);
    String plan = network.queryExecution().executedPlan().toString();
    assertTrue(plan.matches("(?s).*PartitionFilters: \\[[^\\]]*date[^\\]]*2026-01-05.*"), plan);
    // Proof by behaviour: day two's files are garbage now, so reading day one succeeds only if they
    // are skipped.
    try (var files = Files.walk(root.resolve("DeviceNetworkEvents/date=2026-01-06"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.writeString(f, "not parquet");
      }
    }
    assertEquals(
        5, LakeReader.read(spark, lake(root), MdeTable.DEVICE_NETWORK_EVENTS, DAY_ONE).count());
    assertThrows(
        SparkException.class,
        () ->
            LakeReader.read(spark, lake(root), MdeTable.DEVICE_NETWORK_EVENTS, BOTH_DAYS).count());
  }

  /**
   * Issue 12: Spark used to infer a Parquet table's schema from its first file, so a damaged file
   * on the first day broke the runs of every later day. Both orders: damage one day, read the
   * other.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"2026-01-06, 2026-01-05", "2026-01-05, 2026-01-06"})
  void aDamagedFileOfAnotherDayIsNeverOpened(String damagedDay, String readDay) throws Exception {
    Path root = TinyLake.write(spark, dir, Layout.PARQUET_BY_DATE);
    TimeRange read =
        TimeRange.parse(readDay, java.time.LocalDate.parse(readDay).plusDays(1).toString());
    long expected =
        LakeReader.read(spark, lake(root), MdeTable.DEVICE_PROCESS_EVENTS, read).count();
    assertTrue(expected > 0, "the day read has rows");
    try (var files = Files.walk(root.resolve("DeviceProcessEvents/date=" + damagedDay))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.writeString(f, "not parquet");
        Files.deleteIfExists(f.resolveSibling("." + f.getFileName() + ".crc"));
      }
    }
    assertEquals(
        expected,
        LakeReader.read(spark, lake(root), MdeTable.DEVICE_PROCESS_EVENTS, read)
            .selectExpr("sum(InitiatingProcessId)", "count(*)")
            .first()
            .getLong(1));
  }

  /**
   * DuckDB and pandas write Parquet timestamps without a zone (isAdjustedToUTC = false). Spark 3.5
   * infers those as TIMESTAMP_NTZ, which conforming turned into text and back for every row, and
   * which no range filter reached: the hunt took 13x as long on DuckDB's layout. Read as UTC
   * timestamps, they are the same instants and the range reaches the Parquet reader.
   */
  @Test
  void zonelessParquetTimestampsAreUtcInstantsAndTheRangeReachesTheReader() throws Exception {
    Path root = dir.resolve("lake");
    // Written as another engine writes it: no Spark schema in the footer, which Spark would follow
    // instead.
    org.apache.parquet.schema.MessageType schema =
        org.apache.parquet.schema.MessageTypeParser.parseMessageType(
            "message m { optional int64 Timestamp (TIMESTAMP(MICROS,false)); optional binary SHA1 (STRING); }");
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    org.apache.parquet.hadoop.example.GroupWriteSupport.setSchema(schema, conf);
    Path file = root.resolve("DeviceFileCertificateInfo/date=2026-01-05/data_0.parquet");
    try (var writer =
        org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(
                new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(conf)
            .withType(schema)
            .build()) {
      writer.write(
          new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema)
              .newGroup()
              .append(
                  "Timestamp",
                  Instant.parse("2026-01-05T10:00:00.123456Z").toEpochMilli() * 1000 + 456)
              .append("SHA1", "x"));
    }
    Dataset<Row> certs =
        LakeReader.read(spark, lake(root), MdeTable.DEVICE_FILE_CERTIFICATE_INFO, DAY_ONE);
    assertEquals(
        Timestamp.from(Instant.parse("2026-01-05T10:00:00.123456Z")),
        certs.first().getTimestamp(0));
    String plan = certs.queryExecution().executedPlan().toString();
    assertTrue(
        plan.matches("(?s).*PushedFilters: \\[[^\\]]*GreaterThanOrEqual\\(Timestamp,.*"), plan);
  }

  @Test
  void theRangeIsHalfOpenOnTimestamp() {
    Path root = TinyLake.shared(spark, Layout.PARQUET_BY_DATE);
    // 10:15:00.500 is the first services.exe connection: [10:15:00.500, 11:20) holds it, [..,
    // 10:15:00.500) does not.
    TimeRange inclusive =
        new TimeRange(
            Instant.parse("2026-01-05T10:15:00.500Z"), Instant.parse("2026-01-05T11:20:00Z"));
    TimeRange exclusive =
        new TimeRange(
            Instant.parse("2026-01-05T00:00:00Z"), Instant.parse("2026-01-05T10:15:00.500Z"));
    assertEquals(
        2, LakeReader.read(spark, lake(root), MdeTable.DEVICE_NETWORK_EVENTS, inclusive).count());
    assertEquals(
        0, LakeReader.read(spark, lake(root), MdeTable.DEVICE_NETWORK_EVENTS, exclusive).count());
  }

  @Test
  void stringTimestampsAreReadAsUtcWithSevenDigitsTruncated() {
    Path root = dir.resolve("lake");
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                org.apache.spark.sql.RowFactory.create("2026-01-05T10:00:00.1234567Z", "d", "x")),
            new org.apache.spark.sql.types.StructType()
                .add("Timestamp", "string")
                .add("DeviceId", "string")
                .add("SHA1", "string"));
    TinyLake.writeRows(rows, root.resolve("DeviceFileCertificateInfo"), Layout.PARQUET_BY_DATE);
    Row row =
        LakeReader.read(spark, lake(root), MdeTable.DEVICE_FILE_CERTIFICATE_INFO, DAY_ONE).first();
    assertEquals(Timestamp.from(Instant.parse("2026-01-05T10:00:00.123456Z")), row.getTimestamp(0));
  }

  @Test
  void anEmptyRangeOrAMissingPartitionIsNotAnError() {
    Path root = TinyLake.shared(spark, Layout.PARQUET_BY_DATE);
    TimeRange noData = TimeRange.parse("2025-06-01", "2025-06-02");
    for (MdeTable table : MdeTable.values()) {
      assertEquals(0, LakeReader.read(spark, lake(root), table, noData).count());
    }
  }

  @Test
  void anEmptyTableFolderReadsAsEmpty() throws Exception {
    Files.createDirectories(dir.resolve("DeviceFileCertificateInfo"));
    Dataset<Row> certs =
        LakeReader.read(spark, lake(dir), MdeTable.DEVICE_FILE_CERTIFICATE_INFO, DAY_ONE);
    assertEquals(0, certs.count());
    assertEquals(typesOf(MdeTable.DEVICE_FILE_CERTIFICATE_INFO.schema()), typesOf(certs.schema()));
  }

  @Test
  void aMissingTableNamesTheTableAndPath() {
    LakeException e =
        assertThrows(
            LakeException.class,
            () -> LakeReader.read(spark, lake(dir), MdeTable.DEVICE_NETWORK_EVENTS, DAY_ONE));
    assertTrue(
        e.getMessage().startsWith("DeviceNetworkEvents: table folder not found at "),
        e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void aMissingColumnNamesTableColumnAndColumnsFound() {
    Dataset<Row> rows =
        TinyLake.read(spark, MdeTable.DEVICE_PROCESS_EVENTS, false).drop("InitiatingProcessId");
    TinyLake.writeRows(rows, dir.resolve("DeviceProcessEvents"), Layout.PARQUET_BY_DATE);
    InputContractException e =
        assertThrows(
            InputContractException.class,
            () -> LakeReader.read(spark, lake(dir), MdeTable.DEVICE_PROCESS_EVENTS, DAY_ONE));
    assertTrue(
        e.getMessage()
            .startsWith("DeviceProcessEvents: required column 'InitiatingProcessId' is missing"),
        e.getMessage());
    assertTrue(e.getMessage().contains("columns found: [Timestamp, DeviceId"), e.getMessage());
  }

  @Test
  void anUnparseableTimestampFailsNamingTableColumnAndValue() {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(org.apache.spark.sql.RowFactory.create("yesterday at noon", "2026-01-05", "x")),
            new org.apache.spark.sql.types.StructType()
                .add("Timestamp", "string")
                .add("date", "string")
                .add("SHA1", "string"));
    rows.write().partitionBy("date").parquet(dir.resolve("DeviceFileCertificateInfo").toString());
    Dataset<Row> certs =
        LakeReader.read(spark, lake(dir), MdeTable.DEVICE_FILE_CERTIFICATE_INFO, DAY_ONE);
    SparkException e = assertThrows(SparkException.class, certs::count);
    String message = String.valueOf(e.getMessage()) + e.getCause();
    assertTrue(
        message.contains(
            "DeviceFileCertificateInfo: column 'Timestamp' has value 'yesterday at noon'"),
        message);
    assertTrue(
        message.contains(
            "(file file:" + dir.resolve("DeviceFileCertificateInfo/date=2026-01-05/part-")),
        message);
  }

  /**
   * A partition renamed to an impossible date used to hide its rows: the range filter compares it
   * as text and selects it never, so a run reported no alerts and the ledger committed the chunk.
   */
  @Test
  void aPartitionFolderThatIsNoDateIsAnErrorNamingTableAndFolder() throws Exception {
    Path root = TinyLake.write(spark, dir, Layout.PARQUET_BY_DATE);
    Files.move(
        root.resolve("DeviceProcessEvents/date=2026-01-05"),
        root.resolve("DeviceProcessEvents/date=2026-13-45"));
    LakeException e =
        assertThrows(
            LakeException.class,
            () -> LakeReader.read(spark, lake(root), MdeTable.DEVICE_PROCESS_EVENTS, BOTH_DAYS));
    assertEquals(
        "DeviceProcessEvents: partition folder 'date=2026-13-45' in "
            + root.resolve("DeviceProcessEvents")
            + " is not a date partition (yyyy-MM-dd): its rows would be read by no range; rename it or move it out of the "
            + "table",
        e.getMessage());
  }

  /**
   * Spark infers a Parquet table's schema from a footer of the folder it is given: a damaged file
   * in the first day used to break every run over any later day. Only the range's partitions are
   * opened now.
   */
  @Test
  void aDamagedFileInAnEarlierPartitionDoesNotBreakALaterRange() throws Exception {
    Path root = TinyLake.write(spark, dir, Layout.PARQUET_BY_DATE);
    try (var files = Files.walk(root.resolve("DeviceNetworkEvents/date=2026-01-05"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.writeString(f, "not parquet");
      }
    }
    TimeRange dayTwo = TimeRange.parse("2026-01-06", "2026-01-07");
    long dayTwoRows =
        LakeReader.read(
                spark,
                lake(TinyLake.shared(spark, Layout.PARQUET_BY_DATE)),
                MdeTable.DEVICE_NETWORK_EVENTS,
                dayTwo)
            .count();
    assertEquals(
        dayTwoRows,
        LakeReader.read(spark, lake(root), MdeTable.DEVICE_NETWORK_EVENTS, dayTwo).count());
    assertTrue(dayTwoRows > 0);
    assertEquals(
        0,
        LakeReader.read(
                spark,
                lake(root),
                MdeTable.DEVICE_NETWORK_EVENTS,
                TimeRange.parse("2026-02-01", "2026-02-02"))
            .count(),
        "a range with no partition is empty, not an error");
  }
}
